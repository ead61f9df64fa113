package ui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
	"golesson/app/parse"
	"golesson/app/progress"
	"golesson/content"
)

func seedLesson(t testing.TB) *lesson.Lesson {
	t.Helper()
	l, err := parse.Lesson(content.FS(), "day1-00-finetuning.md")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// The prerendered page is the whole lesson in its default state, with the
// controls inert until the wasm runs.
func TestPagePrerender(t *testing.T) {
	l := seedLesson(t)
	html := app.HTMLString(newPage(l, fresh(l), false))
	for _, want := range []string{
		"<h1>Day 1-00: 파인튜닝 핵심 개념 빠르게 이해하기</h1>",
		`<h3 class="card-title">Full Fine-Tuning</h3>`,
		`<span class="card-tag">Base 4bit Quantization</span>`,
		"1. QLoRA가 LoRA와 다른 가장 큰 이유는?",
		">4,194,304<",
		">정답 확인<",
		"<code>trainer.train()</code>",
		"<math",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("prerendered page lacks %s", want)
		}
	}
	if n := strings.Count(html, " disabled"); n != 25 {
		t.Errorf("%d disabled controls, want 25 (3 selects, 3 buttons, 3 sliders, 14 mini-lab checkboxes, the detail toggle, the summary's reset)", n)
	}
	// go-app prerenders any boolean attribute it is given, even false.
	if regexp.MustCompile(`\s(disabled|checked|selected|hidden|required|readonly)="false"`).MatchString(html) || regexp.MustCompile(`<[^>]*\shidden[\s>=]`).MatchString(html) {
		t.Error(`prerendered page has a false boolean attribute (="false" or hidden)`)
	}
	if n := strings.Count(html, " selected"); n != 3 {
		t.Errorf("%d selected options, want one per question", n)
	}
}

func TestQuestionMatches(t *testing.T) {
	l := seedLesson(t)
	q := l.Questions()[1].Question
	e := app.NewTestEngine()
	c := newQuestion("quiz-2-q2", 2, q, &l.UI, lesson.Answer{})
	if err := e.Load(c); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	// div.question > div.question-controls > select
	// Each control is named after its question, its visible label included.
	if err := app.Match(app.Select().ID("quiz-2-q2-select").Class("question-select").Aria("label", "2번 문제: 답 선택").Disabled(true).OnChange(noop), c, 0, 1, 1); err != nil {
		t.Error(err)
	}
	if err := app.Match(app.Button().Type("button").Class("question-check").Aria("label", "2번 문제 정답 확인").Text("정답 확인").Disabled(true).OnClick(noop), c, 0, 1, 2); err != nil {
		t.Error(err)
	}
	if err := app.Match(app.Label().For("quiz-2-q2-select").Class("question-label").Text("답 선택"), c, 0, 1, 0); err != nil {
		t.Error(err)
	}
	if err := app.Match(app.Text("평가 지표 종류"), c, 0, 1, 1, 2, 0); err != nil {
		t.Error(err)
	}
}

func TestCalculatorMatches(t *testing.T) {
	l := seedLesson(t)
	var calc *lesson.CalcBlock
	for _, s := range l.Sections {
		for _, b := range s.Blocks {
			if b.Calculator != nil {
				calc = b.Calculator
			}
		}
	}
	e := app.NewTestEngine()
	c := newCalculator("calc", 4, calc, lesson.Progress{})
	if err := e.Load(c); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	if err := app.Match(app.Elem("h4").ID("calc-title").Class("calculator-title").Text("LoRA 파라미터 계산기"), c, 0, 0); err != nil {
		t.Error(err)
	}
	// Sliders carry clean integer attributes (go-app would print Step(256.0)
	// as "256.0000"), a spoken value, and the key web/early-answers.js
	// keeps a moved value under.
	if err := app.Match(app.Input().Type("range").ID("calc-rank").Class("slider-input").Attr("min", "4").Attr("max", "128").Attr("step", "4").Value("16").DataSet("key", "calc.rank").Aria("valuetext", "Rank 16").Disabled(true).OnInput(noop).OnChange(noop).On("pointerdown", noop).On("pointerup", noop).On("pointercancel", noop), c, 0, 2, 1); err != nil {
		t.Error(err)
	}
}

// A second lesson, under testdata, loads and renders with no Go change.
func TestAnotherLessonIsData(t *testing.T) {
	l, err := parse.File("testdata/mini.md")
	if err != nil {
		t.Fatal(err)
	}
	html := app.HTMLString(newPage(l, fresh(l), false))
	for _, want := range []string{
		"<h1>Mini lesson: squares</h1>",
		"What is the area of a square of side 3?",
		">Check<",
		">Area calculator<",
		">144<",             // 12 × 12
		`for="try-1-width"`, // go-app writes attributes in map order
		">Width</label>",
		"<msup>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("mini lesson page lacks %s", want)
		}
	}
	if strings.Contains(html, "파인튜닝") {
		t.Error("the mini lesson shows the seed lesson's text")
	}
	// Its front matter names the next lesson: the summary offers it.
	if !regexp.MustCompile(`<a [^>]*class="summary-next-link"[^>]*>Mini lesson: cubes</a>`).MatchString(html) || !strings.Contains(html, `href="../cubes/"`) {
		t.Error("the mini lesson's summary lacks the link to the next lesson")
	}
}

// The seed names no next lesson: its summary has the score, the sections
// read and the reset, and no next link.
func TestSummary(t *testing.T) {
	html := app.HTMLString(newPage(seedLesson(t), fresh(seedLesson(t)), false))
	for _, want := range []string{">학습 정리</h2>", ">퀴즈 점수: 0 / 3<", ">읽은 섹션: 0 / 12<", ">퀴즈 전체 다시 풀기</button>"} {
		if !strings.Contains(html, want) {
			t.Errorf("summary lacks %s", want)
		}
	}
	if strings.Contains(html, "summary-next") {
		t.Error("a summary offers a next lesson the front matter does not name")
	}
}

// The contents keep the content's own numbers in a column of their own and
// nest the level-3 sections under the section before them.
func TestContents(t *testing.T) {
	for _, tc := range []struct{ title, num, text string }{
		{"1. 파인튜닝이란?", "1.", "파인튜닝이란?"},
		{"2.3. Sub", "2.3.", "Sub"},
		{"4bit 양자화", "", "4bit 양자화"},
		{"00.03 노트북", "", "00.03 노트북"},
		{"LoRA 성능 체험", "", "LoRA 성능 체험"},
		{"1.", "", "1."},
	} {
		if num, text := headingNumber(tc.title); num != tc.num || text != tc.text {
			t.Errorf("headingNumber(%q) = %q, %q; want %q, %q", tc.title, num, text, tc.num, tc.text)
		}
	}
	l := seedLesson(t)
	tree := tocTree(l.Sections)
	var top, sub []string
	for _, n := range tree {
		top = append(top, n.ID)
		for _, c := range n.children {
			sub = append(sub, n.ID+">"+c.ID)
		}
	}
	if got := strings.Join(sub, " "); got != "mini-lab>quiz mini-lab>calculator" {
		t.Errorf("nested contents = %s", got)
	}
	if len(top) != 10 {
		t.Errorf("%d top-level contents entries, want 10: %v", len(top), top)
	}
	html := app.HTMLString(newTOC(l, lesson.Progress{}))
	if !regexp.MustCompile(`<span class="toc-num">1.</span>\s*<span class="toc-text">파인튜닝이란\?</span>`).MatchString(html) {
		t.Error("the contents lack entry 1 with its number apart")
	}
	if strings.Contains(html, " open") || strings.Contains(html, "toc-mark") {
		t.Error("the prerendered contents are open or marked read")
	}
}

func noop(app.Context, app.Event) {}

// fresh is l's progress on a device that holds none, as in the prerender.
func fresh(l *lesson.Lesson) *progress.Tracker {
	return progress.Open(l, progress.NewMemoryStore(nil), progress.Standalone{})
}

// restored is l's progress on a device that holds raw.
func restored(l *lesson.Lesson, raw string) *progress.Tracker {
	return progress.Open(l, progress.NewMemoryStore(map[string]string{lesson.ProgressKey(l.ID): raw}), progress.Standalone{})
}
