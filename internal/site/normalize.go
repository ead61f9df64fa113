package site

import (
	"bytes"
	"html"
	"io"
	"os"
	"sort"

	xhtml "golang.org/x/net/html"
)

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
