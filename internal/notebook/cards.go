package notebook

import (
	"fmt"
	"reflect"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"golesson/app/lesson"
)

// cardsShape recognises an IPython HTML display whose markup repeats one
// card structure: a heading (the title), an element of class "tag", and an
// element of class "detail" whose lines are split at <br>. Styles are left
// to the lesson's own card style.
func cardsShape(c *cellCode) (shape, bool) {
	var calls []call
	for _, cl := range c.calls {
		if cl.name == "HTML" || cl.name == "IPython.display.HTML" || cl.name == "display.HTML" {
			calls = append(calls, cl)
		}
	}
	if len(calls) == 0 {
		return shape{}, false
	}
	s := shape{kind: "cards"}
	if len(calls) > 1 {
		s.miss = "more than one HTML display"
		return s, true
	}
	// Only imports and the display itself: other code would be lost.
	for _, l := range c.lines {
		t := l.toks
		if t[0].kind == tName && (t[0].text == "import" || t[0].text == "from") {
			continue
		}
		e, err := parseExpr(t)
		if err == nil {
			if ce, ok := e.(callExpr); ok {
				d := dotted(ce.fn)
				if d == calls[0].name || (lastName(d) == "display" && len(ce.args) == 1 && len(ce.kwargs) == 0) {
					continue
				}
			}
		}
		s.miss = fmt.Sprintf("line %d is code beside the HTML display", l.line)
		return s, true
	}
	ce := calls[0].expr
	if ce == nil {
		s.miss = "the HTML is not a literal string"
		return s, true
	}
	arg, ok := ce.kw("data")
	if len(ce.args) == 1 && !ok {
		arg, ok = ce.args[0], true
	}
	markup, isText := plainStr(arg)
	if !ok || !isText || len(ce.args)+len(ce.kwargs) != 1 {
		if sl, isStr := arg.(strLit); isStr && sl.f {
			s.miss = "the HTML is an f-string, built from variables"
		} else {
			s.miss = "the HTML is not one literal string"
		}
		return s, true
	}
	cards, miss := parseCards(markup)
	if miss != "" {
		s.miss = miss
		return s, true
	}
	var b strings.Builder
	for _, c := range cards {
		fmt.Fprintf(&b, "- title: %s\n  tag: %s\n  detail:\n", yamlScalar(c.Title), yamlScalar(c.Tag))
		for _, d := range c.Lines {
			fmt.Fprintf(&b, "    - %s\n", yamlScalar(d))
		}
	}
	s.yaml = b.String()
	s.check = func(b lesson.Block) bool { return reflect.DeepEqual(b.Cards, cards) }
	return s, true
}

// parseCards reads the repeated card structure, or says how the markup
// differs from it.
func parseCards(markup string) ([]lesson.Card, string) {
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(markup), body)
	if err != nil {
		return nil, "the HTML does not parse: " + err.Error()
	}
	var top []*html.Node
	for _, n := range nodes {
		switch {
		case n.Type == html.ElementNode && n.DataAtom == atom.Style, n.Type == html.CommentNode:
		case n.Type == html.TextNode && strings.TrimSpace(n.Data) == "":
		case n.Type == html.ElementNode && n.DataAtom == atom.Script:
			return nil, "the HTML holds a script"
		case n.Type == html.ElementNode:
			top = append(top, n)
		default:
			return nil, "text outside the cards"
		}
	}
	cardNodes := top
	if len(top) == 1 {
		var miss string
		if cardNodes, miss = elementChildren(top[0]); miss != "" {
			return nil, miss
		}
	}
	if len(cardNodes) < 2 {
		return nil, "no repeated card structure (a title, a tag and detail lines, twice or more)"
	}
	first := cardNodes[0]
	var cards []lesson.Card
	for i, n := range cardNodes {
		if n.Data != first.Data || attr(n, "class") != attr(first, "class") {
			return nil, fmt.Sprintf("mixed structure: card %d is %s, card 1 is %s", i+1, describeEl(n), describeEl(first))
		}
		card, miss := parseCard(n)
		if miss != "" {
			return nil, fmt.Sprintf("mixed structure: card %d %s", i+1, miss)
		}
		cards = append(cards, card)
	}
	return cards, ""
}

func parseCard(n *html.Node) (lesson.Card, string) {
	kids, miss := elementChildren(n)
	if miss != "" {
		return lesson.Card{}, miss
	}
	var c lesson.Card
	var title, tag, detail *html.Node
	for _, k := range kids {
		switch {
		case isHeading(k) && title == nil:
			title = k
		case hasClass(k, "tag") && tag == nil:
			tag = k
		case hasClass(k, "detail") && detail == nil:
			detail = k
		default:
			return c, fmt.Sprintf("has %s beside its title, tag and detail", describeEl(k))
		}
	}
	switch {
	case title == nil:
		return c, "has no title (a heading)"
	case tag == nil:
		return c, `has no tag (an element of class "tag")`
	case detail == nil:
		return c, `has no detail (an element of class "detail")`
	}
	t, ok := inlineText(title, false)
	if !ok || len(t) != 1 {
		return c, "has a title that is not plain text"
	}
	g, ok := inlineText(tag, false)
	if !ok || len(g) != 1 {
		return c, "has a tag that is not plain text"
	}
	lines, ok := inlineText(detail, true)
	if !ok || len(lines) == 0 {
		return c, "has detail that is not lines of text"
	}
	return lesson.Card{Title: t[0], Tag: g[0], Lines: lines}, ""
}

// elementChildren returns n's child elements; text between them (other
// than spacing) is a structure the cards cannot hold.
func elementChildren(n *html.Node) ([]*html.Node, string) {
	var out []*html.Node
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		switch k.Type {
		case html.ElementNode:
			out = append(out, k)
		case html.TextNode:
			if strings.TrimSpace(k.Data) != "" {
				return nil, fmt.Sprintf("text %q sits between the elements of %s", strings.TrimSpace(k.Data), describeEl(n))
			}
		case html.CommentNode:
		default:
			return nil, "the HTML has an unexpected node"
		}
	}
	return out, ""
}

// inlineText is an element's text as lines (split at <br> when lines is
// set). Inline formatting is read as its text; anything else (links,
// images, blocks) is not plain text.
func inlineText(n *html.Node, lines bool) ([]string, bool) {
	var out []string
	var cur strings.Builder
	ok := true
	flush := func() {
		if t := strings.Join(strings.Fields(cur.String()), " "); t != "" {
			out = append(out, t)
		}
		cur.Reset()
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for k := n.FirstChild; k != nil; k = k.NextSibling {
			switch {
			case k.Type == html.TextNode:
				cur.WriteString(k.Data)
			case k.Type == html.CommentNode:
			case k.Type == html.ElementNode && k.DataAtom == atom.Br && lines:
				flush()
			case k.Type == html.ElementNode && inlineAtoms[k.DataAtom]:
				walk(k)
			default:
				ok = false
			}
		}
	}
	walk(n)
	flush()
	if !lines && len(out) > 1 {
		return []string{strings.Join(out, " ")}, ok
	}
	return out, ok
}

var inlineAtoms = map[atom.Atom]bool{
	atom.B: true, atom.Strong: true, atom.I: true, atom.Em: true, atom.Span: true,
	atom.Code: true, atom.Small: true, atom.Sub: true, atom.Sup: true, atom.U: true, atom.Mark: true,
}

func isHeading(n *html.Node) bool {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return hasClass(n, "title")
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class || strings.HasSuffix(c, "-"+class) {
			return true
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func describeEl(n *html.Node) string {
	if c := attr(n, "class"); c != "" {
		return fmt.Sprintf("<%s class=%q>", n.Data, c)
	}
	return "<" + n.Data + ">"
}
