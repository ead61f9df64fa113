package notebook

import (
	"encoding/json"
	"strings"
	"testing"

	"golesson/app/lesson"
	"golesson/app/parse"
)

// tcell is a notebook cell for the tests: its type and source.
type tcell struct{ typ, src string }

// notebookJSON builds an nbformat 4 notebook of a title cell, then cells.
func notebookJSON(cells ...tcell) []byte {
	type jcell struct {
		Type    string   `json:"cell_type"`
		Meta    struct{} `json:"metadata"`
		Source  []string `json:"source"`
		Outputs []any    `json:"outputs,omitempty"`
	}
	all := append([]tcell{{"markdown", "# Title\n\nFirst paragraph.\n\n## Section"}}, cells...)
	var js []jcell
	for _, c := range all {
		js = append(js, jcell{Type: c.typ, Source: strings.SplitAfter(c.src, "\n")})
	}
	b, err := json.Marshal(map[string]any{"nbformat": 4, "nbformat_minor": 5, "metadata": map[string]any{}, "cells": js})
	if err != nil {
		panic(err)
	}
	return b
}

const cardsHTML = `from IPython.display import HTML

HTML("""
<style>.c {color: red}</style>
<div class='wrap'>
  <div class='c'><h4>One</h4><span class='tag'>t1</span><div class='detail'>a &amp; b<br>c</div></div>
  <div class='c'><h4>Two</h4><span class='tag'>t2</span><div class='detail'><b>d</b></div></div>
</div>
""")`

const quizCode = `import ipywidgets as widgets
questions = [
    {"text": "Pick b", "options": ["a", "b"], "answer": "b", "explain": 'b is "right"'},
    {'text': '''Two
lines''', 'options': ('x', 'y', 'z'), 'answer': 'z', 'explain': "z\u00e9"},
]
for q in questions:
    dd = widgets.Dropdown(options=q["options"])
    b = widgets.Button(description="Check")
`

const calcCode = `import ipywidgets as widgets
a = widgets.IntSlider(value=4, min=2, max=10, step=2, description='Width:')
b = widgets.IntSlider(value=3, min=1, max=5, step=1, description='Height', continuous_update=False)
out = widgets.HTML()
def update(*_):
    area = 3 * a.value * b.value
    out.value = f"<b>Area:</b> {area:,} m²"
display(widgets.VBox([widgets.HTML(value="<h3>Box</h3>"), a, b, out]))
`

var shapeCases = []struct {
	name string
	cell tcell
	// kind is the typed block the cell becomes; "" means an author note and
	// a warning containing warn.
	kind lesson.Kind
	warn string
	// check looks at the block, when one is made.
	check func(t *testing.T, b lesson.Block)
}{
	{name: "cards", cell: tcell{"code", cardsHTML}, kind: lesson.Cards, check: func(t *testing.T, b lesson.Block) {
		want := []lesson.Card{{Title: "One", Tag: "t1", Lines: []string{"a & b", "c"}}, {Title: "Two", Tag: "t2", Lines: []string{"d"}}}
		if !equalJSON(b.Cards, want) {
			t.Errorf("cards = %+v, want %+v", b.Cards, want)
		}
	}},
	{name: "cards without a wrapper", cell: tcell{"code", "HTML('<div class=c><h3>A</h3><p class=tag>x</p><p class=detail>y</p></div><div class=c><h3>B</h3><p class=tag>x</p><p class=detail>z</p></div>')"}, kind: lesson.Cards},
	{name: "cards with a card missing its tag", cell: tcell{"code", strings.Replace(cardsHTML, "<span class='tag'>t2</span>", "", 1)}, warn: "card 2 has no tag"},
	{name: "cards of two classes", cell: tcell{"code", strings.Replace(cardsHTML, "<div class='c'><h4>Two", "<div class='d'><h4>Two", 1)}, warn: "mixed structure: card 2 is <div class=\"d\">"},
	{name: "cards with an extra element", cell: tcell{"code", strings.Replace(cardsHTML, "<h4>Two</h4>", "<h4>Two</h4><img src=x.png>", 1)}, warn: "card 2 has <img> beside"},
	{name: "cards with a link in the detail", cell: tcell{"code", strings.Replace(cardsHTML, "<b>d</b>", "<a href='x'>d</a>", 1)}, warn: "card 2 has detail that is not lines of text"},
	{name: "cards from an f-string", cell: tcell{"code", `x = 1
HTML(f"<div>{x}</div>")`}, warn: "line 1 is code beside the HTML display"},
	{name: "cards HTML built with variables", cell: tcell{"code", `HTML(f"<div class=c>{x}</div>")`}, warn: "the HTML is an f-string"},
	{name: "HTML that is a table", cell: tcell{"code", `HTML("<table><tr><td>1</td></tr></table>")`}, warn: "no repeated card structure"},

	{name: "quiz", cell: tcell{"code", quizCode}, kind: lesson.Quiz, check: func(t *testing.T, b lesson.Block) {
		want := []lesson.Question{
			{Text: "Pick b", Options: []string{"a", "b"}, Answer: 1, Explain: `b is "right"`},
			{Text: "Two\nlines", Options: []string{"x", "y", "z"}, Answer: 2, Explain: "zé"},
		}
		if !equalJSON(b.Quiz.Questions, want) {
			t.Errorf("questions = %+v, want %+v", b.Quiz.Questions, want)
		}
	}},
	{name: "quiz missing an answer", cell: tcell{"code", strings.Replace(quizCode, `"answer": "b", `, "", 1)}, warn: `question 1 has no "answer"`},
	{name: "quiz answer not an option", cell: tcell{"code", strings.Replace(quizCode, `"answer": "b"`, `"answer": "c"`, 1)}, warn: `question 1 has the answer "c", which is not one of its options`},
	{name: "quiz answer as an index", cell: tcell{"code", strings.Replace(quizCode, `"answer": "b"`, `"answer": 1`, 1)}, warn: `question 1 has a "answer" that is not a plain string`},
	{name: "quiz with a hint", cell: tcell{"code", strings.Replace(quizCode, `"answer": "b"`, `"hint": "h", "answer": "b"`, 1)}, warn: `question 1 has "hint", which a {quiz} has no place for`},
	{name: "quiz from variables", cell: tcell{"code", strings.Replace(quizCode, `"text": "Pick b"`, `"text": f"Pick {x}"`, 1)}, warn: `question 1 has a "text" that is not a plain string`},
	{name: "quiz with duplicate options", cell: tcell{"code", strings.Replace(quizCode, `["a", "b"]`, `["b", "b"]`, 1)}, warn: `duplicate option "b"`},
	{name: "questions without widgets", cell: tcell{"code", `questions = [{"text": "t", "options": ["a", "b"], "answer": "a", "explain": "e"}]
print(questions)`}, warn: "a questions list without the Dropdown and Button"},

	{name: "calculator", cell: tcell{"code", calcCode}, kind: lesson.Calculator, check: func(t *testing.T, b lesson.Block) {
		want := &lesson.CalcBlock{Title: "Box", Result: "Area:", Unit: "m²", Factor: 3, Sliders: []lesson.Slider{
			{ID: "width", Label: "Width", Min: 2, Max: 10, Step: 2, Default: 4},
			{ID: "height", Label: "Height", Min: 1, Max: 5, Step: 1, Default: 3},
		}}
		if !equalJSON(b.Calculator, want) {
			t.Errorf("calculator = %+v, want %+v", b.Calculator, want)
		}
	}},
	{name: "calculator with the product inline", cell: tcell{"code", strings.Replace(calcCode, "{area:,}", "{a.value * b.value}", 1)}, kind: lesson.Calculator},
	{name: "sliders added", cell: tcell{"code", strings.Replace(calcCode, "3 * a.value * b.value", "a.value + b.value", 1)}, warn: `not a constant times the sliders' product: it uses "+"`},
	{name: "sliders divided", cell: tcell{"code", strings.Replace(calcCode, "3 * a.value * b.value", "a.value / b.value", 1)}, warn: `it uses "/"`},
	{name: "slider squared", cell: tcell{"code", strings.Replace(calcCode, "3 * a.value * b.value", "a.value * a.value * b.value", 1)}, warn: "uses slider a 2 times"},
	{name: "slider unused", cell: tcell{"code", strings.Replace(calcCode, "3 * a.value * b.value", "3 * a.value", 1)}, warn: "uses slider b 0 times"},
	{name: "fractional factor", cell: tcell{"code", strings.Replace(calcCode, "3 * a.value", "0.5 * a.value", 1)}, warn: "constant 0.5 is not a positive whole number"},
	{name: "slider without step", cell: tcell{"code", strings.Replace(calcCode, "step=2, ", "", 1)}, warn: "slider a has no step="},
	{name: "slider default off its grid", cell: tcell{"code", strings.Replace(calcCode, "value=4, min=2", "value=5, min=2", 1)}, warn: "off the step grid"},
	{name: "slider with another widget", cell: tcell{"code", strings.Replace(calcCode, "out = widgets.HTML()", "out = widgets.HTML()\nc = widgets.Dropdown(options=[1, 2])", 1)}, warn: "it also has a Dropdown"},
	{name: "two outputs", cell: tcell{"code", strings.Replace(calcCode, "    out.value =", "    out.value = f\"{area}\"\n    out.value =", 1)}, warn: "2 f-strings show a result"},

	{name: "quiz and calculator in one cell", cell: tcell{"code", quizCode + calcCode}, warn: "one cell with the shapes of quiz and calculator"},
	{name: "float sliders", cell: tcell{"code", "import ipywidgets as widgets\nx = widgets.FloatSlider(value=1.0)\n"}, warn: "not converted: widgets the importer does not know (FloatSlider)"},
	{name: "training code", cell: tcell{"code", "import torch\nfrom transformers import AutoModel\nmodel = AutoModel.from_pretrained('x')\n"}, warn: "not converted: code to run (imports torch, transformers)"},
	{name: "shell command", cell: tcell{"code", "!pip install --upgrade peft\n"}, warn: "not converted: shell or IPython commands (!pip install --upgrade …)"},
	{name: "plot", cell: tcell{"code", "import matplotlib.pyplot as plt\nplt.plot([1, 2])\n"}, warn: "not converted: a plot"},
	{name: "unreadable Python", cell: tcell{"code", "s = 'not closed\n"}, warn: "Python the importer cannot read (line 1: string not closed on its line)"},
	{name: "raw cell", cell: tcell{"raw", "raw text --> here"}, warn: "not converted: a raw cell"},
	{name: "code that would close a comment", cell: tcell{"code", "x = 1 -->2\ny = '<!-- -- --->'\n"}, warn: "not converted: code to run"},
}

func TestShapes(t *testing.T) {
	for _, tc := range shapeCases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Import("t.ipynb", notebookJSON(tc.cell, tcell{"markdown", "After the cell."}), nil)
			if err != nil {
				t.Fatal(err)
			}
			l, err := parse.Source("t.md", res.Lesson)
			if err != nil {
				t.Fatalf("the imported lesson does not build: %v\n%s", err, res.Lesson)
			}
			var blocks []lesson.Block
			for _, b := range l.Sections[0].Blocks {
				if b.Kind != lesson.Prose {
					blocks = append(blocks, b)
				}
			}
			// The cell never swallows what follows it (a note that ended
			// early or late would).
			last := l.Sections[0].Blocks[len(l.Sections[0].Blocks)-1]
			if !strings.Contains(last.HTML, "After the cell.") || strings.Count(string(res.Lesson), "After the cell.") != 1 {
				t.Errorf("the Markdown after the cell is lost or doubled:\n%s", res.Lesson)
			}
			if tc.kind != "" {
				if len(res.Warnings) > 0 {
					t.Errorf("warnings: %v, want none", res.Warnings)
				}
				if len(blocks) != 1 || blocks[0].Kind != tc.kind {
					t.Fatalf("typed blocks = %+v, want one %s\n%s", blocks, tc.kind, res.Lesson)
				}
				if tc.check != nil {
					tc.check(t, blocks[0])
				}
				return
			}
			if len(blocks) != 0 {
				t.Errorf("a near miss became a block: %+v", blocks)
			}
			if len(res.Warnings) != 1 || !strings.HasPrefix(res.Warnings[0].String(), "t.ipynb:cell 2: not converted: ") || !strings.Contains(res.Warnings[0].String(), tc.warn) {
				t.Errorf("warnings = %v, want one t.ipynb:cell 2: not converted: …%s…", res.Warnings, tc.warn)
			}
			// The note holds the cell, with "--" written "-\-".
			if !strings.Contains(string(res.Lesson), "Its code:\n\n"+escapeDashes(strings.TrimRight(tc.cell.src, "\n"))+"\n-->") {
				t.Errorf("the note does not hold the cell's code:\n%s", res.Lesson)
			}
		})
	}
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// Markdown cells: raw HTML never passes through; comments do; a code
// block left open is closed at the end of its cell.
func TestMarkdownCells(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		warn      string // "" for none
		keep      string // text the output must still show
		gone      string // text the output must not show outside a note
	}{
		{name: "verbatim", src: "Some *text* with $x^2$, a `code` span and a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |", keep: "| 1 | 2 |"},
		{name: "author comment", src: "Text. <!-- a note -->\n\n<!-- a block note -->", keep: "<!-- a block note -->"},
		{name: "HTML block", src: "Before.\n\n<div class='x'>\n<b>Hi</b>\n</div>\n\nAfter.", warn: "not converted: raw HTML in Markdown (<div>)", keep: "After.", gone: "<div class='x'>"},
		{name: "inline HTML", src: "Line with <span style='color:red'>red</span> text.\n\nNext.", warn: "not converted: raw HTML in Markdown (<span> </span>)", keep: "Next.", gone: "<span"},
		{name: "image tag", src: "<img src='x.png'>", warn: "not converted: raw HTML in Markdown (<img>)", gone: "<img"},
		{name: "open comment", src: "Shown.\n\n<!-- a note never closed\n\nhidden?", warn: "an HTML comment is not closed at the end of the cell; closed it there", keep: "Shown."},
		{name: "open fence", src: "```python\nprint(1)", warn: "a code block (```) is not closed at the end of the cell; closed it there", keep: "print(1)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Import("t.ipynb", notebookJSON(tcell{"markdown", tc.src}, tcell{"markdown", "Last."}), nil)
			if err != nil {
				t.Fatal(err)
			}
			l, err := parse.Source("t.md", res.Lesson)
			if err != nil {
				t.Fatalf("the imported lesson does not build: %v\n%s", err, res.Lesson)
			}
			out := string(res.Lesson)
			// The next cell still shows: nothing left open swallowed it.
			shown := l.Sections[0].Blocks[len(l.Sections[0].Blocks)-1].HTML
			if !strings.Contains(shown, "Last.") {
				t.Errorf("the next cell is not shown; last block %q\n%s", shown, out)
			}
			switch {
			case tc.warn == "" && len(res.Warnings) > 0:
				t.Errorf("warnings: %v, want none", res.Warnings)
			case tc.warn != "" && (len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].String(), "t.ipynb:cell 2: "+tc.warn)):
				t.Errorf("warnings = %v, want t.ipynb:cell 2: %s", res.Warnings, tc.warn)
			}
			if !strings.Contains(out, tc.keep) || !strings.Contains(out, "Last.") {
				t.Errorf("output lost %q or the next cell:\n%s", tc.keep, out)
			}
			if tc.gone != "" && !strings.Contains(out, "<!-- import: cell 2") {
				t.Errorf("no note for %q:\n%s", tc.gone, out)
			}
		})
	}
}

// The front matter: the id from the file name, the language from the text,
// the description from the first paragraph, each flagged for the author.
func TestFrontMatter(t *testing.T) {
	for _, tc := range []struct {
		file, text string
		id, lang   string
	}{
		{"Day1 00_Fine Tuning.ipynb", "# T\n\nPlain English text.", "day1-00-fine-tuning", "en"},
		{"dir/x.ipynb", "# 제목\n\n한국어 문장입니다. LoRA and QLoRA and PEFT.", "x", "ko"},
		{"nb.ipynb", "# タイトル\n\n日本語の文章です。", "nb", "ja"},
		{"파인튜닝.ipynb", "# 제목\n\n본문.", "lesson", "ko"},
	} {
		data := []byte(`{"nbformat": 4, "cells": [{"cell_type": "markdown", "source": ` + jsonQuote(tc.text+"\n\n## S") + `}]}`)
		res, err := Import(tc.file, data, nil)
		if err != nil {
			t.Fatal(err)
		}
		l, err := parse.Source("t.md", res.Lesson)
		if err != nil {
			t.Fatalf("%s: %v\n%s", tc.file, err, res.Lesson)
		}
		first := strings.SplitN(tc.text, "\n\n", 2)[1]
		if l.ID != tc.id || l.Lang != tc.lang || !strings.HasPrefix(first, strings.TrimSuffix(l.Description, ".")) {
			t.Errorf("%s: id %q lang %q description %q, want %q %q %q", tc.file, l.ID, l.Lang, l.Description, tc.id, tc.lang, first)
		}
		if !strings.Contains(string(res.Lesson), "# import: the notebook's first paragraph") {
			t.Errorf("%s: the description is not flagged for the author:\n%s", tc.file, res.Lesson)
		}
	}
}

func jsonQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// No # heading: the file name stands in, with a warning, and the lesson
// still builds.
func TestNoTitle(t *testing.T) {
	res, err := Import("my-nb.ipynb", []byte(`{"nbformat": 4, "cells": [{"cell_type": "markdown", "source": "Text.\n\n## S"}]}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	l, err := parse.Source("t.md", res.Lesson)
	if err != nil || l.Title != "my-nb" {
		t.Fatalf("title %q, err %v\n%s", l.Title, err, res.Lesson)
	}
	if len(res.Warnings) == 0 || !strings.Contains(res.Warnings[0].String(), "no # heading") {
		t.Errorf("warnings = %v, want one saying there is no # heading", res.Warnings)
	}
}

// A quiz whose words differ from ui.yaml's is converted, with a warning
// that the lesson shows ui.yaml's words.
func TestQuizWordsAgainstUI(t *testing.T) {
	ui := &lesson.UI{Check: "Check", Correct: "Right! {explain}", Wrong: "No. {explain}"}
	code := quizCode + `    def h(_):
        if dd.value == q["answer"]:
            fb.value = f"<b>Right!</b> {explain}"
        else:
            fb.value = f"Nope. {explain}"
`
	res, err := Import("t.ipynb", notebookJSON(tcell{"code", code}), ui)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].String(), `t.ipynb:cell 2: the notebook's quiz says "Nope. {explain}" where ui.yaml's wrong says "No. {explain}"`) {
		t.Errorf("warnings = %v, want the one about the quiz's wrong word", res.Warnings)
	}
	if !strings.Contains(string(res.Lesson), "```{quiz}") {
		t.Errorf("no quiz block:\n%s", res.Lesson)
	}
}
