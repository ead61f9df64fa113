package site

import (
	"bytes"
	"html"
	"io"
	"net/url"
	"os"
	"sort"
	"strings"

	xhtml "golang.org/x/net/html"
)

// emptyMeta reports a <meta> that says nothing: go-app always writes an
// author and Open Graph URL and image, empty ("https://") unless set, which
// is invalid HTML and a broken link preview. The front matter has no URL,
// image or author, so they go.
func emptyMeta(t xhtml.Token) bool {
	if t.Data != "meta" {
		return false
	}
	var key, content string
	hasContent := false
	for _, a := range t.Attr {
		switch a.Key {
		case "name", "property":
			key = a.Val
		case "content":
			content, hasContent = a.Val, true
		}
	}
	if key == "" {
		return false // charset, http-equiv
	}
	if !hasContent || strings.TrimSpace(content) == "" {
		return true
	}
	if key == "og:url" || key == "og:image" {
		u, err := url.Parse(content)
		return err != nil || u.Host == ""
	}
	return false
}

// normalizeHTML rewrites a prerendered page so the same lesson always gives
// the same bytes: go-app writes attributes in map order, which would change
// the version hash and every ETag on each build. Only start tags are
// rewritten, attributes sorted by name; all other bytes are kept as they are.
func normalizeHTML(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	z := xhtml.NewTokenizer(bytes.NewReader(src))
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			if z.Err() == io.EOF {
				break
			}
			return z.Err()
		}
		if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken {
			out.Write(z.Raw())
			continue
		}
		t := z.Token()
		if emptyMeta(t) {
			continue
		}
		sort.SliceStable(t.Attr, func(i, j int) bool { return t.Attr[i].Key < t.Attr[j].Key })
		out.WriteByte('<')
		out.WriteString(t.Data)
		for _, a := range t.Attr {
			out.WriteByte(' ')
			out.WriteString(a.Key)
			if a.Val != "" {
				out.WriteString(`="`)
				out.WriteString(html.EscapeString(a.Val))
				out.WriteByte('"')
			}
		}
		if tt == xhtml.SelfClosingTagToken {
			out.WriteString("/")
		}
		out.WriteByte('>')
	}
	return os.WriteFile(path, out.Bytes(), 0o644)
}
