package parse

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"golesson/app/lesson"
)

// md is CommonMark plus tables, heading attributes ({#id}) and $…$ math.
// Raw HTML is not rendered (goldmark's default); the walk below rejects it.
var md = goldmark.New(
	goldmark.WithExtensions(extension.Table, mathExtension{}),
	goldmark.WithParserOptions(parser.WithAttribute()),
)

// source maps byte offsets to 1-based line numbers.
type source struct {
	b     []byte
	lines []int // offset of each line start
}

func newSource(b []byte) *source {
	s := &source{b: b, lines: []int{0}}
	for i, c := range b {
		if c == '\n' {
			s.lines = append(s.lines, i+1)
		}
	}
	return s
}

func (s *source) line(offset int) int {
	return sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > offset })
}

// nodeLine returns the line of the first text a node holds.
func (s *source) nodeLine(n ast.Node) int {
	for c := n; c != nil; {
		if c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
			return s.line(c.Lines().At(0).Start)
		}
		if t, ok := c.(*ast.Text); ok {
			return s.line(t.Segment.Start)
		}
		if m, ok := c.(*mathNode); ok {
			return s.line(m.offset)
		}
		if c.FirstChild() != nil {
			c = c.FirstChild()
			continue
		}
		for c != n && c.NextSibling() == nil {
			c = c.Parent()
		}
		if c == n {
			break
		}
		c = c.NextSibling()
	}
	if p := n.PreviousSibling(); p != nil {
		return s.nodeLine(p)
	}
	return 1
}

// markdown walks the document's top-level blocks: the level-1 heading is the
// title, level-2 and -3 headings start sections, fenced {kind} blocks become
// typed blocks, and everything else is prose rendered to HTML.
func markdown(e *errs, body []byte, l *lesson.Lesson) {
	src := newSource(body)
	doc := md.Parser().Parse(text.NewReader(body))

	var (
		prose  bytes.Buffer
		blocks = &l.Intro
		ids    = map[string]int{}
	)
	flush := func() {
		if prose.Len() > 0 {
			*blocks = append(*blocks, lesson.Block{Kind: lesson.Prose, HTML: `<div class="prose">` + strings.TrimSpace(prose.String()) + `</div>`})
			prose.Reset()
		}
	}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		line := src.nodeLine(n)
		switch n := n.(type) {
		case *ast.Heading:
			title := plainText(n, body)
			if n.Level == 1 {
				if l.Title != "" || len(l.Sections) > 0 || len(l.Intro) > 0 || prose.Len() > 0 {
					e.add(line, "the title (# heading) must come first and only once; use ## or ### for sections")
				}
				l.Title = title
				continue
			}
			if n.Level > 3 {
				break // a minor heading stays inside its section's prose
			}
			flush()
			id := fmt.Sprintf("section-%d", len(l.Sections)+1)
			if v, ok := n.AttributeString("id"); ok {
				if b, ok := v.([]byte); ok {
					id = string(b)
				}
			}
			if first, dup := ids[id]; dup {
				e.add(line, "section id %q is already used on line %d", id, first)
			} else if problem := sectionIDProblem(id); problem != "" {
				e.add(line, "section id %q %s", id, problem)
			}
			ids[id] = line
			l.Sections = append(l.Sections, lesson.Section{ID: id, Level: n.Level, Title: title})
			blocks = &l.Sections[len(l.Sections)-1].Blocks
			continue
		case *ast.FencedCodeBlock:
			info := ""
			if n.Info != nil {
				info = strings.TrimSpace(string(n.Info.Segment.Value(body)))
			}
			if strings.HasPrefix(info, "{") {
				flush()
				var raw bytes.Buffer
				for i := 0; i < n.Lines().Len(); i++ {
					seg := n.Lines().At(i)
					raw.Write(seg.Value(body))
				}
				// The fence is the line before the first body line.
				fence := line - 1
				if n.Lines().Len() == 0 {
					fence = src.line(n.Info.Segment.Start)
				}
				if b, ok := typedBlock(e, fence, info, raw.Bytes()); ok {
					*blocks = append(*blocks, b)
				}
				continue
			}
		case *ast.HTMLBlock:
			if isComment(n, body) {
				continue // author notes, e.g. where the seed's words were adapted
			}
			e.add(line, "raw HTML is not allowed in a lesson; write Markdown (HTML comments are fine)")
			continue
		}
		if !checkInline(e, src, n, body) {
			continue
		}
		if _, ok := n.(*east.Table); ok {
			// A wide table scrolls inside its own box, never the page.
			// tabindex: keyboard users can scroll it too.
			prose.WriteString(`<div class="table-scroll" tabindex="0">`)
			render(&prose, body, n)
			prose.WriteString("</div>\n")
			continue
		}
		render(&prose, body, n)
	}
	flush()
	checkDerivedIDs(e, ids)
	if l.Title == "" {
		e.add(1, "the lesson has no title: start the body with a # heading")
	}
}

// sectionIDPattern keeps a section id a valid fragment and CSS selector
// (#peft): it starts with a letter.
var sectionIDPattern = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// sectionIDProblem says what is wrong with a section id on its own.
func sectionIDProblem(id string) string {
	if !sectionIDPattern.MatchString(id) {
		return "must start with a lowercase letter and have only lowercase letters, digits and dashes"
	}
	if slices.Contains(lesson.ReservedIDs, id) {
		return "is one the page uses itself (" + strings.Join(lesson.ReservedIDs, ", ") + ")"
	}
	return ""
}

// checkDerivedIDs rejects a section id that equals an id the page derives
// from another section (or the intro): section "s" gives its title
// "s-title" and its blocks "s-1", "s-2-q1", … (lesson.BlockID), so a second
// section "s-1" would share ids with them, and its label and saved answers
// would go to the wrong control.
func checkDerivedIDs(e *errs, ids map[string]int) {
	owners := []string{lesson.IntroID}
	for id := range ids {
		owners = append(owners, id)
	}
	sort.Slice(owners, func(i, j int) bool { return ids[owners[i]] < ids[owners[j]] }) // by line: errors in file order
	for _, id := range owners[1:] {
		line := ids[id]
		for _, o := range owners {
			rest, ok := strings.CutPrefix(id, o+"-")
			if !ok {
				continue
			}
			if rest == "title" || rest != "" && rest[0] >= '0' && rest[0] <= '9' {
				e.add(line, "section id %q clashes with the ids made for %q (%s-title, %s-1, …); choose another", id, o, o, o)
			}
		}
	}
}

func render(w *bytes.Buffer, body []byte, n ast.Node) {
	// Rendering a validated tree into a buffer cannot fail.
	_ = md.Renderer().Render(w, body, n)
}

// checkInline rejects raw inline HTML and converts every $…$ to MathML,
// reporting math that does not parse.
func checkInline(e *errs, src *source, n ast.Node, body []byte) bool {
	ok := true
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.RawHTML:
			if !rawIsComment(c, body) {
				e.add(src.nodeLine(c.Parent()), "raw HTML is not allowed in a lesson; write Markdown")
				ok = false
			}
		case *ast.Link:
			// A lesson is one page: any link that is not a jump within it
			// leaves, so it opens a new tab (and never navigates an LMS
			// iframe or adds to its history).
			if !strings.HasPrefix(string(c.Destination), "#") {
				c.SetAttributeString("target", []byte("_blank"))
				c.SetAttributeString("rel", []byte("noopener"))
			}
		case *mathNode:
			mml, err := toMathML(c.tex)
			if err != nil {
				e.add(src.line(c.offset), "math $%s$ does not parse: %v", c.tex, err)
				ok = false
			}
			c.mathML = mml
		}
		return ast.WalkContinue, nil
	})
	return ok
}

func isComment(n *ast.HTMLBlock, body []byte) bool {
	return n.HTMLBlockType == ast.HTMLBlockType2
}

func rawIsComment(n *ast.RawHTML, body []byte) bool {
	var b bytes.Buffer
	for i := 0; i < n.Segments.Len(); i++ {
		seg := n.Segments.At(i)
		b.Write(seg.Value(body))
	}
	s := b.String()
	return strings.HasPrefix(s, "<!--") && strings.HasSuffix(s, "-->")
}

// plainText is a heading's text without markup.
func plainText(n ast.Node, body []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(body))
			if c.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *mathNode:
			b.WriteString(c.tex)
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}
