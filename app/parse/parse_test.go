package parse

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"golesson/app/lesson"
	"golesson/content"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

const uiYAML = `loading: "loading {progress}%"
check: Check
select: Choose
correct: "Right! {explain}"
wrong: "Not quite. {explain}"
offline: Offline
update: New version
reload: Reload
open_tab: Open in a new tab
install: Install
load_failed: The app could not load.
retry: Retry
score: "Score {correct} / {total}"
try_again: Try again
show_answer: Show answer
answer: "Answer: {answer}"
contents: Contents
visited: read
skip: Skip to the lesson
select_name: "Question {n}: Choose"
check_name: "Check question {n}"
unanswered: Not answered
summary: Summary
summary_score: "Quiz score: {correct} / {total}"
summary_read: "Sections read: {read} / {total}"
reset_quiz: Reset the quiz
next: Next lesson
prev: Previous lesson
course_home: Course home
lessons: Lessons
continue: Continue where you left off
start: Start
course_progress: "Lessons done: {done} / {total}"
not_started: Not started
in_progress: In progress
done: Done
`

// small is a valid lesson using every block type; the invalid cases below
// are variations of it, so each one breaks exactly one rule.
const small = `---
id: small
lang: en
---
# Small

Intro with $x^2$.

## Cards {#cards}
` + "```{cards}" + `
- title: A
  tag: t
  detail: [one, two]
` + "```" + `

## Quiz
` + "```{quiz}" + `
questions:
  - text: Pick b
    options: [a, b]
    answer: b
    explain: b is right
` + "```" + `

### Calc
` + "```{calculator}" + `
title: C
result: "Result:"
unit: things
factor: 2
sliders:
  - id: n
    label: N
    min: 1
    max: 10
    step: 1
    default: 5
` + "```" + `
`

func TestSmallLesson(t *testing.T) {
	l, err := Source("small.md", []byte(small))
	if err != nil {
		t.Fatal(err)
	}
	if l.ID != "small" || l.Lang != "en" || l.Title != "Small" || l.ShortName != "Small" {
		t.Errorf("id, lang, title, short name = %q %q %q %q, want small en Small Small", l.ID, l.Lang, l.Title, l.ShortName)
	}
	var ids []string
	for _, s := range l.Sections {
		ids = append(ids, s.ID)
	}
	if got, want := strings.Join(ids, ","), "cards,section-2,section-3"; got != want {
		t.Errorf("section ids = %s, want %s", got, want)
	}
	if l.Sections[2].Level != 3 {
		t.Errorf("### section level = %d, want 3", l.Sections[2].Level)
	}
	q := l.Sections[1].Blocks[0].Quiz.Questions[0]
	if q.Answer != 1 {
		t.Errorf("answer index = %d, want 1", q.Answer)
	}
	c := l.Sections[2].Blocks[0].Calculator
	if c.Factor != 2 || c.Sliders[0] != (lesson.Slider{ID: "n", Label: "N", Min: 1, Max: 10, Step: 1, Default: 5}) {
		t.Errorf("calculator = %+v, want factor 2 and slider n 1…10 step 1 default 5", c)
	}
	if !strings.Contains(l.Intro[0].HTML, "<msup>") {
		t.Errorf("intro = %s, want its math as MathML (<msup>)", l.Intro[0].HTML)
	}
}

// invalid lists one lesson per error class: the text replaced in small, the
// line the error must name and words of its message.
var invalid = []struct {
	name     string
	old, new string
	line     int
	msg      string
	uiOld    string
	uiNew    string
}{
	{name: "unknown block type", old: "```{quiz}", new: "```{quizz}", line: 17, msg: `unknown block type "{quizz}"`},
	{name: "answer not among options", old: "answer: b", new: "answer: c", line: 21, msg: `quiz answer "c" is not one of the options`},
	{name: "duplicate options", old: "options: [a, b]", new: "options: [a, b, a]", line: 20, msg: `duplicate option "a"`},
	{name: "slider min not below max", old: "min: 1", new: "min: 10", line: 34, msg: "min 10 must be less than max 10"},
	{name: "default out of range", old: "default: 5", new: "default: 11", line: 37, msg: "default 11 is outside 1–10"},
	{name: "default off the step", old: "step: 1\n    default: 5", new: "step: 2\n    default: 4", line: 37, msg: "default 4 is off the step grid"},
	{name: "missing explanation", old: "    explain: b is right\n", new: "", line: 19, msg: `missing required field "explain"`},
	{name: "missing slider field", old: "    step: 1\n", new: "", line: 32, msg: `slider "n": missing required field "step"`},
	{name: "missing card tag", old: "  tag: t\n", new: "", line: 11, msg: `missing required field "tag"`},
	{name: "missing id", old: "id: small\n", new: "", line: 2, msg: `missing required field "id"`},
	{name: "math that does not parse", old: "$x^2$", new: `$\frac{a}{b$`, line: 7, msg: `math $\frac{a}{b$ does not parse: mismatched curly brace`},
	{name: "YAML syntax", old: "  - text: Pick b", new: "  - text: [Pick b", line: 20, msg: "YAML:"},
	{name: "unknown field", old: "    explain: b is right", new: "    explain: b is right\n    hint: no", line: 23, msg: `unknown field "hint"`},
	{name: "raw HTML", old: "Intro with", new: "<div>Intro</div>\n\nIntro with", line: 7, msg: "raw HTML is not allowed"},
	{name: "no front matter", old: "---\nid: small", new: "id: small", line: 1, msg: "front matter"},
	{name: "second title", old: "## Quiz", new: "# Quiz", line: 16, msg: "the title (# heading) must come first and only once"},
	{name: "duplicate section id", old: "## Quiz", new: "## Quiz {#cards}", line: 16, msg: `section id "cards" is already used on line 9`},
	{name: "section id of the intro's blocks", old: "## Quiz", new: "## Quiz {#intro}", line: 16, msg: `section id "intro" is one the page uses itself`},
	{name: "section id the page uses", old: "## Quiz", new: "## Quiz {#content}", line: 16, msg: `section id "content" is one the page uses itself`},
	{name: "section id of another section's blocks", old: "## Quiz", new: "## Quiz {#cards-1}", line: 16, msg: `section id "cards-1" clashes with the ids made for "cards"`},
	{name: "section id of another section's title", old: "## Quiz", new: "## Quiz {#cards-title}", line: 16, msg: `section id "cards-title" clashes`},
	{name: "section id off the pattern", old: "## Quiz", new: "## Quiz {#2nd}", line: 16, msg: `section id "2nd" must start with a lowercase letter`},
	{name: "slider id with a dash", old: "  - id: n\n", new: "  - id: n-value\n", line: 32, msg: `slider id "n-value" must be lowercase letters, digits and _`},
	{name: "slider id of a calculator part", old: "  - id: n\n", new: "  - id: result\n", line: 32, msg: `slider id "result" must be`},
	// Found by FuzzLesson: go-yaml panics on a tag where a list should be.
	{name: "tagged scalar for a list", old: "detail: [one, two]", new: "detail: !x", line: 11, msg: "YAML:"},
	{name: "iri with a space", old: "lang: en", new: "lang: en\niri: https://x.test/a b", line: 4, msg: `iri "https://x.test/a b" must be an absolute IRI`},
	{name: "iri not absolute", old: "lang: en", new: "lang: en\niri: lessons/small", line: 4, msg: `iri "lessons/small" must be an absolute IRI`},
	{name: "ui word missing", uiOld: "check: Check\n", uiNew: "", line: 1, msg: `ui.yaml:1: missing required field "check"`},
	{name: "summary word missing", uiOld: "reset_quiz: Reset the quiz\n", uiNew: "", line: 1, msg: `ui.yaml:1: missing required field "reset_quiz"`},
	{name: "control name without its number", uiOld: `select_name: "Question {n}: Choose"`, uiNew: `select_name: "Question: Choose"`, line: 20, msg: `select_name "Question: Choose" must contain {n}`},
	{name: "control name without its label", uiOld: `check_name: "Check question {n}"`, uiNew: `check_name: "Question {n}"`, line: 21, msg: `check_name "Question {n}" must contain the visible label check "Check"`},
	{name: "next without href", old: "lang: en\n", new: "lang: en\nnext:\n  title: Two\n", line: 5, msg: `missing required field "href" in next`},
	{name: "next href that runs code", old: "lang: en\n", new: "lang: en\nnext: {title: Two, href: \"javascript:alert(1)\"}\n", line: 4, msg: `must be a relative path or an http(s) URL`},
}

func TestInvalidLessons(t *testing.T) {
	for _, tc := range invalid {
		t.Run(tc.name, func(t *testing.T) {
			src, ui := small, uiYAML
			if tc.old != "" {
				if !strings.Contains(src, tc.old) {
					t.Fatalf("test case: %q not in the small lesson", tc.old)
				}
				src = strings.Replace(src, tc.old, tc.new, 1)
			}
			if tc.uiOld != "" {
				ui = strings.Replace(ui, tc.uiOld, tc.uiNew, 1)
			}
			fsys := fstest.MapFS{
				"lessons/small.md": {Data: []byte(src)},
				"lessons/ui.yaml":  {Data: []byte(ui)},
			}
			_, err := Lesson(fsys, "lessons/small.md")
			file := "lessons/small.md"
			if tc.uiOld != "" {
				file = "lessons/ui.yaml"
			}
			wantErrorAt(t, err, file, tc.line, strings.TrimPrefix(tc.msg, "ui.yaml:1: "))
		})
	}
}

// wantErrorAt fails unless one line of err starts "file:line: " and
// contains msg: each error names where it is, and a joined error lists
// every problem found.
func wantErrorAt(t *testing.T, err error, file string, line int, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want %q", msg)
	}
	want := file + ":" + strconv.Itoa(line) + ": "
	for _, l := range strings.Split(err.Error(), "\n") {
		if strings.HasPrefix(l, want) && strings.Contains(l, msg) {
			return
		}
	}
	t.Errorf("error:\n%v\nwant a line starting %q containing %q", err, want, msg)
}

// The next lesson is optional: none, a relative path or an https URL.
func TestNextLesson(t *testing.T) {
	l, err := Source("small.md", []byte(small))
	if err != nil || l.Next != nil {
		t.Fatalf("no next: got %+v, %v; want nil", l.Next, err)
	}
	for _, href := range []string{"../day1-01/", "https://lessons.example.org/day1-01/"} {
		src := strings.Replace(small, "lang: en\n", "lang: en\nnext:\n  title: \" Two \"\n  href: "+href+"\n", 1)
		l, err := Source("small.md", []byte(src))
		if err != nil {
			t.Fatalf("next %s: %v, want no error", href, err)
		}
		if want := (lesson.NextLesson{Title: "Two", Href: href}); l.Next == nil || *l.Next != want {
			t.Errorf("next = %+v, want %+v", l.Next, want)
		}
	}
}

// Every problem in a file is reported in one run, each on its own line.
func TestAllErrorsAtOnce(t *testing.T) {
	src := strings.Replace(strings.Replace(small, "answer: b", "answer: z", 1), "default: 5", "default: 50", 1)
	_, err := Source("small.md", []byte(src))
	if err == nil {
		t.Fatal("no error, want two")
	}
	if n := len(strings.Split(err.Error(), "\n")); n != 2 {
		t.Errorf("got %d error lines, want 2:\n%v", n, err)
	}
}

// The golden file holds the seed lesson's parsed form. A change to the
// content or the parser shows up as a diff; go test -update rewrites it.
func TestSeedGolden(t *testing.T) {
	l, err := Lesson(content.FS(), "day1-00-finetuning.md")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // readable diffs
	enc.SetIndent("", "  ")
	if err := enc.Encode(l); err != nil {
		t.Fatal(err)
	}
	got := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	golden := filepath.Join("testdata", "day1-00-finetuning.golden.json")
	if *update {
		if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(append(got, '\n'), want) {
		t.Errorf("parsed seed lesson differs from %s; if the change is intended, run go test ./app/parse -update and review the diff", golden)
	}
}

func TestMathDollarRules(t *testing.T) {
	for _, tc := range []struct {
		in   string
		math int
	}{
		{"price $5 and $10", 0},
		{"$a$ and $b$", 2},
		{"a $ b $ c", 0},
		{`escaped \$x$`, 0},
		{"$W = W_0 + B A$", 1},
	} {
		src := strings.Replace(small, "Intro with $x^2$.", tc.in, 1)
		l, err := Source("m.md", []byte(src))
		if err != nil {
			t.Errorf("%q: %v, want no error", tc.in, err)
			continue
		}
		if n := strings.Count(l.Intro[0].HTML, "<math"); n != tc.math {
			t.Errorf("%q: %d math elements, want %d (%s)", tc.in, n, tc.math, l.Intro[0].HTML)
		}
	}
}

func TestMathMLIsStable(t *testing.T) {
	first, err := toMathML("W = W_0 + B A")
	if err != nil {
		t.Fatal(err)
	}
	for range 50 {
		if again, _ := toMathML("W = W_0 + B A"); again != first {
			t.Fatalf("MathML differs between runs:\n%s\n%s", first, again)
		}
	}
}

func TestLinksLeaveInANewTab(t *testing.T) {
	src := strings.Replace(small, "Intro with $x^2$.", "See [PEFT](https://github.com/huggingface/peft), [a file](notes.html) and [the cards](#cards).", 1)
	l, err := Source("l.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	html := l.Intro[0].HTML
	for _, want := range []string{
		`<a href="https://github.com/huggingface/peft" target="_blank" rel="noopener">PEFT</a>`,
		`<a href="notes.html" target="_blank" rel="noopener">a file</a>`,
		`<a href="#cards">the cards</a>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("links: %s lacks %s", html, want)
		}
	}
}

// Found by FuzzUI: a lone CR is a line break for the YAML library, so the
// parser counts it as one too, and error lines stay inside the file.
func TestCarriageReturns(t *testing.T) {
	_, err := UI("ui.yaml", []byte("0\r0\r#\n0"))
	if err == nil || !strings.HasPrefix(err.Error(), "ui.yaml:") {
		t.Fatalf("error = %v, want one naming ui.yaml", err)
	}
	for _, line := range strings.Split(err.Error(), "\n") {
		n, _ := strconv.Atoi(strings.Split(line, ":")[1])
		if n < 1 || n > 4 {
			t.Errorf("%s: want a line of the 4-line file", line)
		}
	}
	crlf := strings.ReplaceAll(small, "\n", "\r\n")
	if _, err := Source("crlf.md", []byte(crlf)); err != nil {
		t.Errorf("a lesson with CRLF line ends: %v, want no error", err)
	}
	bad := strings.ReplaceAll(strings.Replace(small, "answer: b", "answer: c", 1), "\n", "\r\n")
	if _, err := Source("crlf.md", []byte(bad)); err == nil || !strings.HasPrefix(err.Error(), "crlf.md:21: ") {
		t.Errorf("CRLF lesson error = %v, want it on line 21", err)
	}
}

// The lesson's IRI names it in xAPI statements: the front matter's, or a
// default from the id alone, never from where the lesson is served.
func TestLessonIRI(t *testing.T) {
	for _, tc := range []struct{ front, want string }{
		{"", "urn:golesson:small"},
		{"iri: https://lessons.example.org/small\n", "https://lessons.example.org/small"},
	} {
		fsys := fstest.MapFS{
			"lessons/small.md": {Data: []byte(strings.Replace(small, "lang: en\n", "lang: en\n"+tc.front, 1))},
			"lessons/ui.yaml":  {Data: []byte(uiYAML)},
		}
		l, err := Lesson(fsys, "lessons/small.md")
		if err != nil {
			t.Fatal(err)
		}
		if l.IRI != tc.want {
			t.Errorf("front matter %q: iri %q, want %q", tc.front, l.IRI, tc.want)
		}
	}
}
