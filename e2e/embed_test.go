package e2e

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// hostServer serves pages of an "LMS" on another origin: localhost, where
// the lesson is on 127.0.0.1, so the two are different sites.
func hostServer(t *testing.T, pages map[string]string) string {
	t.Helper()
	base := serveOn(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
	}))
	return strings.Replace(base, "127.0.0.1", "localhost", 1)
}

// hostPage is an LMS page that embeds the lesson, records every message it
// gets, and (with embedJS) includes the lesson's own embed.js.
func hostPage(lessonURL string, embedJS bool, extra string) string {
	s := `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LMS</title><link rel="icon" href="data:,"></head>
<body style="margin:0"><h1 style="margin:0;height:60px">Course page</h1>
<iframe id="lesson" src="` + lessonURL + `" title="lesson" style="width:100%;border:0;height:300px;display:block"></iframe>
<p>after the lesson</p>
<script>window.received = []; addEventListener("message", (e) => received.push(e.data));</script>`
	if embedJS {
		s += `<script src="` + lessonURL + `web/embed.js"></script>`
	}
	return s + extra + `</body></html>`
}

// checkHeightFits waits until the iframe has converged to the lesson's
// height: no inner scrollbar, no gap. Within 1 px, because the lesson
// reports Math.ceil of its fractional layout height and the iframe's box is
// snapped to whole pixels; the inner-scrollbar check catches a frame that is
// short by any amount. (With H5P's protocol the frame takes an intermediate
// height on every change, so a single look can land mid-cycle.)
func checkHeightFits(t *testing.T, tb, fr *tab, what string) {
	t.Helper()
	var frameH, contentH float64
	var inner bool
	deadline := time.Now().Add(10 * time.Second)
	for {
		frameH = eval[float64](tb, `document.getElementById("lesson").getBoundingClientRect().height`)
		contentH = eval[float64](fr, `document.documentElement.getBoundingClientRect().height`)
		inner = eval[bool](fr, `document.documentElement.scrollHeight > document.documentElement.clientHeight + 1`)
		if math.Abs(frameH-math.Ceil(contentH)) <= 1 && contentH > 1000 && !inner {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("%s: the iframe is %.0f px tall, its content %.0f px (inner scrollbar: %v)", what, frameH, contentH, inner)
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

type statement struct {
	Verb struct {
		ID string `json:"id"`
	} `json:"verb"`
	Object struct {
		ID string `json:"id"`
	} `json:"object"`
	Result struct {
		Success    *bool  `json:"success"`
		Completion *bool  `json:"completion"`
		Response   string `json:"response"`
		Score      *struct {
			Raw, Min, Max int
			Scaled        float64
		} `json:"score"`
	} `json:"result"`
}

func TestEmbeddedInAnotherSite(t *testing.T) {
	dir, _ := seed(t)
	lessonURL := serve(t, dir, "/")
	host := hostServer(t, map[string]string{"/course": hostPage(lessonURL, true, "")})
	tb := newTab(t)
	tb.do(chromedp.Navigate(host + "/course"))
	history := eval[int](tb, `history.length`)
	fr := tb.frame(lessonURL)
	fr.waitMounted()

	// Embedded mode: a way out to a full tab, no install offer.
	if !eval[bool](fr, `document.documentElement.classList.contains("is-embedded")`) {
		t.Error("the lesson in an iframe is not in embedded mode")
	}
	link := eval[[]string](fr, `(a => [getComputedStyle(a).display, a.textContent, a.target, a.rel, a.href])(document.querySelector(".open-tab"))`)
	if link[0] == "none" || link[1] != "새 탭에서 열기" || link[2] != "_blank" || link[3] != "noopener" || link[4] != lessonURL+"index.html" {
		t.Errorf("open-in-a-new-tab link = %q, want it visible, to the lesson's own page %sindex.html", link, lessonURL)
	}
	// A cross-site frame registers no service worker: the browser would
	// refuse it (one console error per embed) or keep it apart from the
	// lesson's own tab, where offline use lives.
	// The app has mounted, so updates.js would have passed go-app's register
	// call on by now; a second more covers the registration's own round trip.
	time.Sleep(time.Second)
	if n := eval[int](fr, `navigator.serviceWorker ? navigator.serviceWorker.getRegistrations().then(r => r.length) : 0`); n != 0 {
		t.Errorf("the framed lesson registered %d service workers", n)
	}
	fr.do(run(`dispatchEvent(new Event("beforeinstallprompt"))`))
	time.Sleep(300 * time.Millisecond)
	if n := eval[int](fr, `document.querySelectorAll(".install").length`); n != 0 {
		t.Error("an install button inside an iframe (browsers cannot install from one)")
	}

	checkHeightFits(t, tb, fr, "after loading")

	// The quiz and the calculator work inside the iframe; results reach the
	// LMS page as xAPI statements.
	fr.choose(".quiz-item:nth-child(1) .question-select", 1)
	frameClick(tb, fr, ".quiz-item:nth-child(1) .question-check")
	fr.expectText(".quiz-item:nth-child(1) .question-feedback", "✅ 정답! QLoRA는 기본 모델을 4bit로 양자화한 뒤 LoRA 어댑터만 학습해 VRAM을 크게 줄입니다.", "question 1 in an iframe")
	checkHeightFits(t, tb, fr, "after feedback expanded")
	fr.choose(".quiz-item:nth-child(2) .question-select", 0)
	frameClick(tb, fr, ".quiz-item:nth-child(2) .question-check")
	fr.expectText(".quiz-item:nth-child(2) .question-feedback", "❌ 다시 생각해보세요. Tip: 평가 지표는 성능 확인용이지 학습 파라미터 수에는 영향을 주지 않습니다.", "question 2 in an iframe")
	fr.choose(".quiz-item:nth-child(3) .question-select", 1)
	frameClick(tb, fr, ".quiz-item:nth-child(3) .question-check")
	fr.expectText(".quiz-item:nth-child(3) .question-feedback", "✅ 정답! 모든 가중치를 학습하므로 자원이 넉넉할 때 최대 성능을 기대할 수 있습니다.", "question 3 in an iframe")
	checkCalculatorKeyboard(t, fr)
	checkHeightFits(t, tb, fr, "after the whole quiz")

	if !tb.poll(`received.filter(m => m && m.type === "xapi").length >= 4`, 10*time.Second) {
		t.Fatalf("xAPI statements that arrived: %s", eval[string](tb, `JSON.stringify(received.filter(m => m && m.type === "xapi").map(m => m.statement.verb.id + " " + m.statement.object.id))`))
	}
	// No actor anywhere (no ?actor=, no data-xapi-actor): the statements
	// go out without one, and Learning Locker's validator says exactly that
	// of each. Completed as README says a host does (its learner added),
	// every one is accepted.
	raws := eval[[]json.RawMessage](tb, `received.filter(m => m && m.type === "xapi").map(m => m.statement)`)
	for i, p := range xapiProblems(t, raws) {
		if strings.Join(p, ",") != "statement.actor: RequiredWarning" {
			t.Errorf("statement %d without an actor: the validator finds %v, want only the missing actor", i, p)
		}
	}
	validateXAPI(t, eval[[]json.RawMessage](tb, `received.filter(m => m && m.type === "xapi").map(m => Object.assign({actor: {objectType: "Agent", account: {homePage: "https://lms.example.edu", name: "12345"}}}, m.statement))`))
	var stmts []statement
	for _, raw := range raws {
		var s statement
		if err := json.Unmarshal(raw, &s); err != nil {
			t.Fatal(err)
		}
		stmts = append(stmts, s)
	}
	var got []string
	for _, s := range stmts {
		verb := s.Verb.ID[strings.LastIndex(s.Verb.ID, "/")+1:]
		switch {
		case s.Result.Score != nil:
			got = append(got, fmt.Sprintf("%s %d/%d-%d %.4f", verb, s.Result.Score.Raw, s.Result.Score.Min, s.Result.Score.Max, s.Result.Score.Scaled))
		case s.Result.Success != nil:
			got = append(got, fmt.Sprintf("%s %s %v %s", verb, s.Object.ID[strings.Index(s.Object.ID, "#")+1:], *s.Result.Success, s.Result.Response))
		}
	}
	want := "answered quiz-2-q1 true 1 | answered quiz-2-q2 false 0 | answered quiz-2-q3 true 1 | completed 2/0-3 0.6667"
	if strings.Join(got, " | ") != want {
		t.Errorf("xAPI statements:\n got %s\nwant %s", strings.Join(got, " | "), want)
	}
	if n := eval[int](tb, `received.filter(m => m && m.subject === "lti.frameResize").length`); n == 0 {
		t.Error("no lti.frameResize message reached the LMS page")
	}
	if got := eval[int](tb, `history.length`); got != history {
		t.Errorf("the LMS page's history grew from %d to %d", history, got)
	}
	tb.noProblems()
	fr.noProblems()
}

// ?embed=1 forces embedded mode in a top-level page too.
func TestEmbedParameter(t *testing.T) {
	dir, _ := seed(t)
	tb := newTab(t)
	tb.open(serve(t, dir, "/") + "?embed=1")
	if !eval[bool](tb, `document.documentElement.classList.contains("is-embedded") && getComputedStyle(document.querySelector(".open-tab")).display !== "none"`) {
		t.Error("?embed=1 does not turn on embedded mode")
	}
	tb.noProblems()
}

// Standalone, the browser's install offer shows a button.
func TestInstallButtonStandalone(t *testing.T) {
	dir, _ := seed(t)
	tb := newTab(t)
	tb.open(serve(t, dir, "/"))
	if got := eval[string](tb, `getComputedStyle(document.querySelector(".open-tab")).display`); got != "none" {
		t.Errorf("standalone, the open-in-a-new-tab link shows (display %s)", got)
	}
	tb.do(run(`dispatchEvent(Object.assign(new Event("beforeinstallprompt"), {prompt() {}, userChoice: Promise.resolve({})}))`))
	tb.expectText(".install", "앱으로 설치", "install button")
	tb.noProblems()
}

// frameClick clicks an element of a cross-site iframe that is as tall as
// its content: the LMS page is scrolled first so the element is on screen,
// where the learner's pointer would be.
func frameClick(tb, fr *tab, sel string) {
	tb.t.Helper()
	y := eval[float64](fr, `document.querySelector(`+jsString(sel)+`).getBoundingClientRect().top + scrollY`)
	tb.do(run(fmt.Sprintf(`scrollTo(0, document.getElementById("lesson").getBoundingClientRect().top + scrollY + %f - innerHeight / 2)`, y)))
	fr.do(clickSel(sel))
}
