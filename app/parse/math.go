package parse

import (
	"html"
	"regexp"
	"sort"
	"strings"

	"github.com/wyatt915/treeblood"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// mathNode is inline TeX between single dollars: $W = W_0 + B A$. It is
// turned into MathML at build time, so the page needs no math JavaScript.
type mathNode struct {
	ast.BaseInline
	tex    string
	offset int    // byte offset of the opening $, for error lines
	mathML string // set by checkInline
}

var kindMath = ast.NewNodeKind("Math")

func (n *mathNode) Kind() ast.NodeKind { return kindMath }

func (n *mathNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"TeX": n.tex}, nil)
}

type mathParser struct{}

func (mathParser) Trigger() []byte { return []byte{'$'} }

// Parse follows Pandoc's rule so prices like "$5 and $10" stay text: the
// opening $ is not followed by a space, the closing $ is not preceded by a
// space nor followed by a digit.
func (mathParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 3 || line[1] == ' ' || line[1] == '$' {
		return nil
	}
	for i := 2; i < len(line); i++ {
		switch {
		case line[i] == '\\':
			i++ // skip the escaped character
		case line[i] == '$' && line[i-1] != ' ' && (i+1 == len(line) || line[i+1] < '0' || line[i+1] > '9'):
			block.Advance(i + 1)
			return &mathNode{tex: string(line[1:i]), offset: seg.Start}
		}
	}
	return nil
}

type mathRenderer struct{}

func (mathRenderer) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(kindMath, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(n.(*mathNode).mathML)
		}
		return ast.WalkSkipChildren, nil
	})
}

type mathExtension struct{}

func (mathExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(mathParser{}, 150)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(mathRenderer{}, 150)))
}

// toMathML converts TeX to inline MathML with a stable attribute order:
// treeblood writes attributes in map order, and the build's version hash
// must not change when the content does not.
func toMathML(tex string) (string, error) {
	mml, err := treeblood.InlineStyle(tex, nil)
	if err != nil {
		msg, _, _ := strings.Cut(err.Error(), "<pre>")
		return "", errorString(strings.TrimSpace(msg))
	}
	// alttext is the text alternative for readers without MathML support;
	// the TeX source reads well enough ("W_0", "\Delta W").
	mml = strings.Replace(mml, "<math ", `<math alttext="`+html.EscapeString(tex)+`" `, 1)
	return sortAttrs(mml), nil
}

type errorString string

func (e errorString) Error() string { return string(e) }

var (
	startTag = regexp.MustCompile(`<([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"]*")+)\s*(/?)>`)
	attr     = regexp.MustCompile(`[\w:-]+="[^"]*"`)
)

func sortAttrs(s string) string {
	return startTag.ReplaceAllStringFunc(s, func(tag string) string {
		m := startTag.FindStringSubmatch(tag)
		attrs := attr.FindAllString(m[2], -1)
		sort.Strings(attrs)
		return "<" + m[1] + " " + strings.Join(attrs, " ") + m[3] + ">"
	})
}
