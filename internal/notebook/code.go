package notebook

import (
	"fmt"
	"sort"
	"strings"

	"golesson/app/lesson"
	"golesson/app/parse"
)

// cellCode is what the importer reads from a code cell: its statements,
// every call, and every assignment, with literal values parsed.
type cellCode struct {
	lines   []logicalLine
	calls   []call
	assigns []assign
	imports []string // top-level modules imported
	magic   string   // the first !shell or %magic line
}

type call struct {
	name string    // dotted: "widgets.IntSlider"
	expr *callExpr // nil when its arguments are not literal
	line int
}

type assign struct {
	target string // dotted: "questions", "output.value"
	value  expr   // nil when the value is not literal
	indent int
	line   int
}

func scan(lines []logicalLine) *cellCode {
	c := &cellCode{lines: lines}
	for _, l := range lines {
		t := l.toks
		if t[0].kind == tMagic {
			if c.magic == "" {
				c.magic = t[0].text
			}
			continue
		}
		if t[0].kind == tName && (t[0].text == "import" || t[0].text == "from") && len(t) > 1 && t[1].kind == tName {
			c.imports = append(c.imports, t[1].text)
		}
		// Calls: a dotted name followed by "(".
		for i := 0; i < len(t); i++ {
			if t[i].kind != tName || (i > 0 && t[i-1].kind == tOp && t[i-1].text == ".") {
				continue
			}
			j := i + 1
			for j+1 < len(t) && t[j].kind == tOp && t[j].text == "." && t[j+1].kind == tName {
				j += 2
			}
			if j >= len(t) || t[j].kind != tOp || t[j].text != "(" {
				continue
			}
			var name []string
			for k := i; k < j; k += 2 {
				name = append(name, t[k].text)
			}
			cl := call{name: strings.Join(name, "."), line: t[i].line}
			if end := closing(t, j); end > 0 {
				if e, err := parseExpr(t[i : end+1]); err == nil {
					if ce, ok := e.(callExpr); ok {
						cl.expr = &ce
					}
				}
			}
			c.calls = append(c.calls, cl)
		}
		// Assignments: a dotted name, "=", a value.
		j := 1
		for j+1 < len(t) && t[j].kind == tOp && t[j].text == "." && t[j+1].kind == tName {
			j += 2
		}
		if t[0].kind == tName && j < len(t) && t[j].kind == tOp && t[j].text == "=" {
			var name []string
			for k := 0; k < j; k += 2 {
				name = append(name, t[k].text)
			}
			a := assign{target: strings.Join(name, "."), indent: l.indent, line: l.line}
			if v, err := parseExpr(t[j+1:]); err == nil {
				a.value = v
			}
			c.assigns = append(c.assigns, a)
		}
	}
	return c
}

// closing returns the index of the bracket closing the one at open, or -1.
func closing(t []token, open int) int {
	depth := 0
	for i := open; i < len(t); i++ {
		if t[i].kind != tOp {
			continue
		}
		switch t[i].text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

func (c *cellCode) has(last string) bool {
	for _, cl := range c.calls {
		if lastName(cl.name) == last {
			return true
		}
	}
	return false
}

// shape is a recognised cell: the typed block, or why it is a near miss.
type shape struct {
	kind  string // cards, quiz, calculator
	yaml  string // the block body, when recognised
	miss  string // what keeps it from being a block
	notes []string
	check func(b lesson.Block) bool // the parsed block is what was read
	words []word                    // a quiz's button and feedback words
}

// word is interface text found in a cell, and the ui.yaml key it belongs to.
type word struct{ key, val string }

// code converts one code cell.
func (im *importer) code(n int, src string) {
	lines, err := tokenize(src)
	if err != nil {
		im.notConverted(n, fmt.Sprintf("Python the importer cannot read (%v)", err), src)
		return
	}
	c := scan(lines)
	var found []shape
	for _, rec := range []func(*cellCode) (shape, bool){cardsShape, quizShape, calculatorShape} {
		if s, ok := rec(c); ok {
			found = append(found, s)
		}
	}
	switch {
	case len(found) == 0:
		im.notConverted(n, describe(c), src)
		return
	case len(found) > 1:
		var kinds []string
		for _, s := range found {
			kinds = append(kinds, s.kind)
		}
		im.notConverted(n, "one cell with the shapes of "+strings.Join(kinds, " and ")+"; split it into one cell each", src)
		return
	}
	s := found[0]
	if s.miss != "" {
		im.notConverted(n, s.kind+"-like cell: "+s.miss, src)
		return
	}
	block := "```{" + s.kind + "}\n" + s.yaml + "```"
	if msg := checkBlock(block, s.check); msg != "" {
		im.notConverted(n, s.kind+" that would not build: "+msg, src)
		return
	}
	head := fmt.Sprintf("import: cell %d → {%s}", n, s.kind)
	if len(s.notes) > 0 {
		head += ". " + strings.Join(s.notes, " ")
	}
	im.parts = append(im.parts, note(head)+"\n"+block)
	im.quizWords(n, s)
}

// checkBlock parses the block as the build will, so a recognised cell never
// becomes a block that breaks the build or reads back as something else.
func checkBlock(block string, same func(lesson.Block) bool) string {
	l, err := parse.Source("block.md", []byte("---\nid: x\nlang: en\n---\n# x\n\n"+block+"\n"))
	if err != nil {
		var msgs []string
		for _, e := range splitJoined(err) {
			if pe, ok := e.(*parse.Error); ok {
				msgs = append(msgs, pe.Msg)
			} else {
				msgs = append(msgs, e.Error())
			}
		}
		return strings.Join(msgs, "; ")
	}
	if len(l.Intro) != 1 {
		return "it reads back as more than one block"
	}
	if !same(l.Intro[0]) {
		return "it reads back differently from the cell (a bug in the importer)"
	}
	return ""
}

// describe says what an unconverted code cell is, for the warning.
func describe(c *cellCode) string {
	if c.magic != "" {
		return fmt.Sprintf("shell or IPython commands (%s)", firstWords(c.magic, 3))
	}
	seen := map[string]bool{}
	var widgets []string
	plot := false
	for _, cl := range c.calls {
		parts := strings.Split(cl.name, ".")
		if parts[0] == "plt" || parts[0] == "matplotlib" || parts[0] == "sns" || parts[0] == "px" {
			plot = true
		}
		if (parts[0] == "widgets" || parts[0] == "ipywidgets") && len(parts) > 1 && !seen[cl.name] {
			seen[cl.name] = true
			widgets = append(widgets, lastName(cl.name))
		}
		if lastName(cl.name) == "HTML" && parts[0] != "widgets" && parts[0] != "ipywidgets" {
			return "an HTML display"
		}
	}
	switch {
	case plot:
		return "a plot"
	case len(widgets) > 0:
		sort.Strings(widgets)
		return "widgets the importer does not know (" + strings.Join(widgets, ", ") + ")"
	case len(c.imports) > 0:
		return "code to run (imports " + strings.Join(c.imports, ", ") + ")"
	}
	return "code to run"
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		return strings.Join(f[:n], " ") + " …"
	}
	return strings.Join(f, " ")
}
