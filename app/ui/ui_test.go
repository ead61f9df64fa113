package ui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
	"golesson/app/parse"
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
	html := app.HTMLString(newPage(l, nil))
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
	if n := strings.Count(html, " disabled"); n != 24 {
		t.Errorf("%d disabled controls, want 24 (3 selects, 3 buttons, 3 sliders, 14 mini-lab checkboxes, the detail toggle)", n)
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
	c := newQuestion("quiz-2-q2", q, &l.UI, nil)
	if err := e.Load(c); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	// div.question > div.question-controls > select
	if err := app.Match(app.Select().ID("quiz-2-q2-select").Class("question-select").Disabled(true).OnChange(noop), c, 0, 1, 1); err != nil {
		t.Error(err)
	}
	if err := app.Match(app.Label().For("quiz-2-q2-select").Class("question-label").Text("선택"), c, 0, 1, 0); err != nil {
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
	c := newCalculator("calc", 4, calc, nil)
	if err := e.Load(c); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	if err := app.Match(app.Elem("h4").ID("calc-title").Class("calculator-title").Text("LoRA 파라미터 계산기"), c, 0, 0); err != nil {
		t.Error(err)
	}
	// Sliders carry clean integer attributes (go-app would print Step(256.0)
	// as "256.0000") and a spoken value.
	if err := app.Match(app.Input().Type("range").ID("calc-rank").Class("slider-input").Attr("min", "4").Attr("max", "128").Attr("step", "4").Value("16").Aria("valuetext", "Rank 16").Disabled(true).OnInput(noop).OnChange(noop), c, 0, 2, 1); err != nil {
		t.Error(err)
	}
}

// A second lesson, under testdata, loads and renders with no Go change.
func TestAnotherLessonIsData(t *testing.T) {
	l, err := parse.File("testdata/mini.md")
	if err != nil {
		t.Fatal(err)
	}
	html := app.HTMLString(newPage(l, nil))
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
}

func noop(app.Context, app.Event) {}
