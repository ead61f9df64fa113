package notebook

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// md reads Markdown as the lesson parser does (CommonMark, tables, heading
// attributes), to find raw HTML and the title and first paragraph.
var md = goldmark.New(
	goldmark.WithExtensions(extension.Table),
	goldmark.WithParserOptions(parser.WithAttribute()),
)

// markdown adds a Markdown cell verbatim, except blocks holding raw HTML
// (which a lesson refuses): those become author notes, with a warning.
func (im *importer) markdown(n int, src string) {
	src = closeFence(im, n, src)
	body := []byte(src)
	doc := md.Parser().Parse(text.NewReader(body))
	lineStarts := []int{0}
	for i, c := range body {
		if c == '\n' {
			lineStarts = append(lineStarts, i+1)
		}
	}
	lineOf := func(off int) int {
		return sort.Search(len(lineStarts), func(i int) bool { return lineStarts[i] > off }) - 1
	}
	lines := strings.SplitAfter(src, "\n")
	var out []string
	next := 0 // first line not yet written
	for node := doc.FirstChild(); node != nil; node = node.NextSibling() {
		if h, ok := node.(*ast.Heading); ok && h.Level == 1 && im.title == "" {
			im.title = plainText(h, body)
		}
		if p, ok := node.(*ast.Paragraph); ok && im.desc == "" && im.title != "" {
			im.desc = plainText(p, body)
		}
		if h, ok := node.(*ast.HTMLBlock); ok && h.HTMLBlockType == ast.HTMLBlockType2 && node.NextSibling() == nil {
			var b strings.Builder
			for i := 0; i < h.Lines().Len(); i++ {
				seg := h.Lines().At(i)
				b.Write(seg.Value(body))
			}
			if h.HasClosure() {
				b.Write(h.ClosureLine.Value(body))
			}
			if !strings.Contains(b.String(), "-->") {
				// An open comment would hide every cell after this one.
				im.warn(n, "an HTML comment is not closed at the end of the cell; closed it there")
				lines = append(lines, "\n-->")
			}
		}
		tags := rawHTML(node, body)
		if len(tags) == 0 {
			continue
		}
		start, ok := nodeStart(node)
		if !ok {
			continue
		}
		from := lineOf(start)
		to := len(lines) // up to the next block that starts on a known line
		for s := node.NextSibling(); s != nil; s = s.NextSibling() {
			if o, ok := nodeStart(s); ok {
				to = lineOf(o)
				break
			}
		}
		if from < next || to <= from {
			continue
		}
		out = append(out, lines[next:from]...)
		html := strings.TrimRight(strings.Join(lines[from:to], ""), "\n")
		what := fmt.Sprintf("raw HTML in Markdown (%s); a lesson shows no raw HTML: write it as Markdown", strings.Join(tags, " "))
		im.warn(n, "not converted: "+what)
		out = append(out, note(fmt.Sprintf("import: cell %d, lines %d-%d not converted: %s. The cell's text:\n\n%s", n, from+1, to, what, html))+"\n")
		if to < len(lines) {
			out = append(out, "\n")
		}
		next = to
	}
	out = append(out, lines[next:]...)
	im.parts = append(im.parts, strings.TrimRight(strings.Join(out, ""), "\n"))
	im.text.WriteString(src)
}

// rawHTML lists the raw HTML tags a top-level block holds; comments are
// author notes and allowed.
func rawHTML(n ast.Node, body []byte) []string {
	var tags []string
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var raw []byte
		switch c := c.(type) {
		case *ast.HTMLBlock:
			if c.HTMLBlockType == ast.HTMLBlockType2 {
				return ast.WalkSkipChildren, nil
			}
			for i := 0; i < c.Lines().Len(); i++ {
				seg := c.Lines().At(i)
				raw = append(raw, seg.Value(body)...)
			}
		case *ast.RawHTML:
			for i := 0; i < c.Segments.Len(); i++ {
				seg := c.Segments.At(i)
				raw = append(raw, seg.Value(body)...)
			}
			if bytes.HasPrefix(raw, []byte("<!--")) && bytes.HasSuffix(raw, []byte("-->")) {
				return ast.WalkContinue, nil
			}
		default:
			return ast.WalkContinue, nil
		}
		tags = append(tags, firstTag(raw))
		return ast.WalkContinue, nil
	})
	return tags
}

var tagName = regexp.MustCompile(`<[/!?]?[A-Za-z][A-Za-z0-9-]*`)

func firstTag(raw []byte) string {
	if t := tagName.Find(raw); t != nil {
		return string(t) + ">"
	}
	return "<…>"
}

// nodeStart is the smallest source offset a block or its children hold.
func nodeStart(n ast.Node) (int, bool) {
	best := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		off := -1
		if c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
			off = c.Lines().At(0).Start
		}
		switch c := c.(type) {
		case *ast.Text:
			off = c.Segment.Start
		case *ast.RawHTML:
			if c.Segments.Len() > 0 {
				off = c.Segments.At(0).Start
			}
		case *ast.FencedCodeBlock:
			if c.Info != nil {
				off = c.Info.Segment.Start
			}
		}
		if off >= 0 && (best < 0 || off < best) {
			best = off
		}
		return ast.WalkContinue, nil
	})
	return best, best >= 0
}

// plainText is a block's text without markup (for the title and the
// description).
func plainText(n ast.Node, body []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(body))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// closeFence closes a fenced code block left open at the end of a cell, so
// it cannot swallow the cells after it.
func closeFence(im *importer, n int, src string) string {
	open := ""
	for _, l := range strings.Split(src, "\n") {
		t := strings.TrimLeft(l, " ")
		if len(l)-len(t) > 3 {
			continue
		}
		fence := ""
		for _, ch := range []string{"`", "~"} {
			k := 0
			for k < len(t) && t[k] == ch[0] {
				k++
			}
			if k >= 3 {
				fence = t[:k]
			}
		}
		switch {
		case fence == "":
		case open == "":
			if !(fence[0] == '`' && strings.Contains(t[len(fence):], "`")) {
				open = fence
			}
		case fence[0] == open[0] && len(fence) >= len(open) && strings.TrimSpace(t[len(fence):]) == "":
			open = ""
		}
	}
	if open == "" {
		return src
	}
	im.warn(n, fmt.Sprintf("a code block (%s) is not closed at the end of the cell; closed it there", open))
	return strings.TrimRight(src, "\n") + "\n" + open
}
