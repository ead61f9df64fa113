package server

import (
	"strconv"
	"strings"
)

// Content-coding negotiation: which of a file's precompressed twins
// (.br, .gz) a request accepts, by its Accept-Encoding header.

// acceptedEncodings lists the codings of an Accept-Encoding header that we
// have, best first (brotli is smaller than gzip), leaving out q=0.
func acceptedEncodings(header string) []string {
	switch header { // what browsers send, without parsing
	case "", "identity":
		return nil
	case "gzip, deflate, br, zstd", "gzip, deflate, br", "br, gzip", "br":
		return brFirst
	}
	listed := map[string]bool{} // coding → accepted (false: q=0, refused)
	star := false
	for part := range strings.SplitSeq(header, ",") {
		token, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		token = strings.ToLower(strings.TrimSpace(token))
		q := 1.0
		if v, found := strings.CutPrefix(strings.TrimSpace(params), "q="); found {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		if token == "*" {
			star = q > 0
		} else if token != "" {
			listed[token] = q > 0
		}
	}
	var out []string
	for _, enc := range brFirst {
		if accepted, ok := listed[enc]; accepted || !ok && star {
			out = append(out, enc)
		}
	}
	return out
}

var brFirst = []string{"br", "gzip"}

// encodings is acceptedEncodings without a copy of the header for what
// browsers send.
func encodings(acceptEncoding []byte) []string {
	switch string(acceptEncoding) {
	case "", "identity":
		return nil
	case "gzip, deflate, br, zstd", "gzip, deflate, br", "br, gzip", "br":
		return brFirst
	}
	return acceptedEncodings(string(acceptEncoding))
}
