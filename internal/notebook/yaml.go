package notebook

import (
	"encoding/json"
	"strings"

	"golang.org/x/net/html"
)

// yamlScalar writes s as a YAML scalar: plain when it cannot be read as
// anything but that text (as the hand-written lessons have it), otherwise
// double-quoted with JSON's escapes, which YAML reads the same way.
func yamlScalar(s string) string {
	if plainSafe(s) {
		return s
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

func plainSafe(s string) bool {
	if s == "" || s != strings.TrimSpace(s) || strings.ContainsAny(s[:1], "-?:,[]{}#&*!|>'\"%@`~") {
		return false
	}
	// A number, a date or a time has no space; "1. Why?" is text.
	if strings.ContainsAny(s[:1], ".+0123456789") && (!strings.Contains(s, " ") || strings.Contains(s, ":")) {
		return false
	}
	if strings.HasSuffix(s, ":") || strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.Contains(s, ":\t") {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == 0xfeff || r == '\u2028' || r == '\u2029' || r == 0x85 || r == 0xfffd {
			return false
		}
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~":
		return false
	}
	return true
}

// stripTags is the text of an HTML snippet.
func stripTags(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			b.Write(z.Text())
		}
	}
}
