package e2e

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"golesson/app/lesson"
	"golesson/internal/browser"
	"golesson/internal/site"
)

// scormContent is the seed lesson's site as a package would unpack it.
func scormContent(t *testing.T) string {
	t.Helper()
	dir, _ := seed(t)
	content := t.TempDir()
	if err := os.CopyFS(content, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	return content
}

// launch opens the LMS player with query q and waits for the SCO to mount.
func launch(t *testing.T, lms, q string) *tab {
	t.Helper()
	tb := newTab(t)
	tb.do(chromedp.Navigate(lms + "/lms/player" + q))
	tb.waitJS(inFrame("sco", `!!window.lessonLMS && `+browser.Settled))
	return tb
}

// scoAnswer picks option choice of question n (1-based) and, with check,
// presses 정답 확인, then waits for the feedback.
func scoAnswer(tb *tab, n, choice int, check bool) {
	tb.t.Helper()
	item := fmt.Sprintf(".quiz-item:nth-child(%d)", n)
	tb.do(run(sco(fmt.Sprintf(`(s => { s.selectedIndex = %d; s.dispatchEvent(new Event("change", {bubbles: true})); })(d.querySelector("%s .question-select"))`, choice, item))))
	tb.waitJS(sco(`d.querySelector("` + item + ` .question-feedback").textContent === ""`))
	if check {
		tb.do(run(sco(`d.querySelector("` + item + ` .question-check").click()`)))
		tb.waitJS(sco(`d.querySelector("` + item + ` .question-feedback").textContent !== ""`))
	}
}

type cmiState struct{ Status, Raw, Suspend string }

func cmiNow(tb *tab) cmiState {
	tb.t.Helper()
	return eval[cmiState](tb, `({Status: API.cmi.core.lesson_status, Raw: API.cmi.core.score.raw, Suspend: API.cmi.suspend_data})`)
}

// checkCalls fails for any report that is worse than one before it, and
// for an empty suspend_data over a good one.
func checkCalls(t *testing.T, calls []string) {
	t.Helper()
	rank := map[string]int{"incomplete": 2, "failed": 3, "completed": 4, "passed": 5}
	best, bestRaw, suspend := 0, -1, false
	for _, c := range calls {
		if v, ok := strings.CutPrefix(c, "LMSSetValue cmi.core.lesson_status="); ok {
			if rank[v] < best {
				t.Errorf("the lesson status went back to %s; calls:\n%s", v, strings.Join(calls, "\n"))
			}
			best = max(best, rank[v])
		}
		if v, ok := strings.CutPrefix(c, "LMSSetValue cmi.core.score.raw="); ok {
			var raw int
			fmt.Sscan(v, &raw)
			if raw < bestRaw {
				t.Errorf("score.raw went down to %d from %d", raw, bestRaw)
			}
			bestRaw = max(bestRaw, raw)
		}
		if v, ok := strings.CutPrefix(c, "LMSSetValue cmi.suspend_data="); ok {
			if v == "" && suspend {
				t.Error("an empty suspend_data was sent over a good one")
			}
			suspend = suspend || v != ""
		}
	}
}

// After completing, 다시 풀기 and a dropdown changed without checking leave
// the LMS's status and score as they were; a better retry raises the score;
// a worse one does not lower it; the next launch starts from the good record.
func TestSCORMStatusNeverGoesBack(t *testing.T) {
	lms := scormLMS(t, scormContent(t))
	tb := launch(t, lms, "")
	scoAnswer(tb, 1, 1, true)
	scoAnswer(tb, 2, 0, true) // wrong
	scoAnswer(tb, 3, 1, true)
	tb.waitJS(`API.cmi.core.lesson_status === "completed"`)
	want := cmiState{Status: "completed", Raw: "67"}
	if got := cmiNow(tb); got.Status != want.Status || got.Raw != want.Raw {
		t.Fatalf("after the quiz: %+v", got)
	}

	// 다시 풀기 reopens question 2; a dropdown changed without 정답 확인
	// unchecks question 1. The LMS keeps completed and 67.
	tb.do(run(sco(`d.querySelector(".quiz-item:nth-child(2) .question-try-again").click()`)))
	tb.waitJS(sco(`d.querySelector(".quiz-item:nth-child(2) .question-feedback").textContent === ""`))
	scoAnswer(tb, 1, 2, false)
	tb.waitJS(sco(`w.lessonStore.get("golesson:day1-00:progress:v1").includes('"quiz-2-q1":{"c":2}')`))
	if got := cmiNow(tb); got.Status != "completed" || got.Raw != "67" {
		t.Errorf("after 다시 풀기 and an unchecked change: %+v, want completed and 67", got)
	}

	// A better retry: all three right.
	scoAnswer(tb, 1, 1, true)
	scoAnswer(tb, 2, 2, true)
	tb.waitJS(`API.cmi.core.score.raw === "100"`)
	// A worse one afterwards: 67 again, but the best stays.
	scoAnswer(tb, 3, 0, true)
	if got := cmiNow(tb); got.Status != "completed" || got.Raw != "100" {
		t.Errorf("after a worse retry: %+v, want completed and 100", got)
	}
	suspend := cmiNow(tb).Suspend
	location := eval[string](tb, `API.cmi.core.lesson_location`)
	tb.do(run(`document.getElementById("sco").remove()`))
	tb.waitJS(`calls.includes("LMSFinish")`)
	calls := eval[[]string](tb, `calls`)
	checkCalls(t, calls)

	// xAPI follows the same rule: completed at 67, again at 100, not at 67.
	var completed []string
	for _, s := range postedStatements(t, tb) {
		if s.Verb.ID == "http://adlnet.gov/expapi/verbs/completed" {
			completed = append(completed, fmt.Sprint(s.Result.Score.Raw))
		}
	}
	if strings.Join(completed, " ") != "2 3" {
		t.Errorf("completed statements with raw scores %v, want 2 then 3 (a worse retry sends none)", completed)
	}
	tb.noProblems()

	// The next launch starts from the good record and keeps it.
	tb2 := launch(t, lms, "?suspend="+url.QueryEscape(suspend)+"&location="+url.QueryEscape(location)+"&status=completed&raw=100")
	scoAnswer(tb2, 2, 0, false)
	tb2.waitJS(sco(`w.lessonStore.get("golesson:day1-00:progress:v1").includes('"quiz-2-q2":{"c":0}')`))
	if got := cmiNow(tb2); got.Status != "completed" || got.Raw != "100" {
		t.Errorf("second launch, after a change: %+v, want completed and 100", got)
	}
	calls2 := eval[[]string](tb2, `calls`)
	for _, c := range calls2 {
		if strings.HasPrefix(c, "LMSSetValue cmi.core.lesson_status=") || strings.HasPrefix(c, "LMSSetValue cmi.core.score.raw=") {
			t.Errorf("second launch sent %s over completed/100", c)
		}
	}
	tb2.noProblems()
}

// The LMS's cmi.student_data.mastery_score wins over the lesson's; once
// passed, a worse retry keeps passed.
func TestSCORMLMSMasteryScore(t *testing.T) {
	lms := scormLMS(t, scormContent(t))
	tb := launch(t, lms, "?mastery=60")
	scoAnswer(tb, 1, 1, true)
	scoAnswer(tb, 2, 0, true)
	scoAnswer(tb, 3, 1, true)
	// 67% against the LMS's 60 (the seed lesson has no mastery score, so
	// without the LMS's this would be "completed").
	tb.waitJS(`API.cmi.core.lesson_status === "passed"`)
	scoAnswer(tb, 1, 0, true)
	if got := cmiNow(tb); got.Status != "passed" || got.Raw != "67" {
		t.Errorf("after a worse retry: %+v, want passed and 67", got)
	}
	tb.noProblems()
}

var timespan = regexp.MustCompile(`^LMSSetValue cmi\.core\.session_time=\d{4}:\d{2}:\d{2}\.\d{2}$`)

// A strict LMS's view of a session: commits only when the status or score
// changed and at the end (none while scrolling), session_time before
// LMSFinish, an LMS that refuses a value does not stop the lesson, and the
// new-tab link opens the SCO's own page.
func TestSCORMHygiene(t *testing.T) {
	content := scormContent(t)
	lms := scormLMS(t, content)
	tb := launch(t, lms, "?student=s-42&name="+url.QueryEscape("Kim, Minji"))
	base := eval[int](tb, `calls.filter(c => c === "LMSCommit").length`)
	// The first launch sets incomplete and commits it: a teacher sees it.
	if base != 1 {
		t.Errorf("%d commits at launch, want 1 (not attempted → incomplete)", base)
	}

	// Scroll through the whole lesson, as a learner reading it does.
	n := eval[int](tb, sco(`d.querySelectorAll("section.lesson-section").length`))
	for i := 0; i < n; i++ {
		tb.do(run(sco(fmt.Sprintf(`d.querySelectorAll("section.lesson-section")[%d].scrollIntoView()`, i))))
		// Past lms.js's 400 ms scroll throttle, so each section is seen.
		tb.waitJS(sco(`new Promise(r => setTimeout(() => r(true), 450))`))
	}
	tb.waitJS(`calls.some(c => c.startsWith("LMSSetValue cmi.core.lesson_location="))`)
	if c := eval[int](tb, `calls.filter(c => c === "LMSCommit").length`); c != base {
		t.Errorf("%d commits while scrolling through %d sections, want none (read marks and location are not for teachers)", c-base, n)
	}

	// Each checked answer that changes the score: one commit.
	scoAnswer(tb, 1, 1, true)
	scoAnswer(tb, 2, 0, true)
	scoAnswer(tb, 3, 1, true)
	commits := eval[int](tb, `calls.filter(c => c === "LMSCommit").length`) - base
	t.Logf("commits: %d at launch, 0 while scrolling %d sections, %d for three checked answers", base, n, commits)
	if commits < 1 || commits > 3 {
		t.Errorf("%d commits for three checked answers, want 1 to 3", commits)
	}

	// The new-tab link: the SCO's own page, which the LMS serves.
	tb.do(run(sco(`d.querySelector(".open-tab").dispatchEvent(new PointerEvent("pointerdown", {bubbles: true}))`)))
	link := eval[[]string](tb, sco(`[d.querySelector(".open-tab").href, w.location.href.split("#")[0]]`))
	if link[0] != link[1] {
		t.Errorf("under SCORM, 새 탭에서 열기 opens %s, want the SCO's page %s", link[0], link[1])
	}
	if status := eval[int](tb, `fetch(`+jsString(link[0])+`).then(r => r.status)`); status != 200 {
		t.Errorf("the new-tab link's page answers %d", status)
	}

	tb.do(run(`document.getElementById("sco").remove()`))
	tb.waitJS(`calls.includes("LMSFinish")`)
	calls := eval[[]string](tb, `calls`)
	checkCalls(t, calls)
	if calls[len(calls)-1] != "LMSFinish" || calls[len(calls)-2] != "LMSCommit" {
		t.Errorf("the session ends with %q, want a commit then LMSFinish", calls[len(calls)-3:])
	}
	var session bool
	for _, c := range calls {
		session = session || timespan.MatchString(c)
	}
	if !session {
		t.Errorf("no cmi.core.session_time (HHHH:MM:SS.SS) before LMSFinish; calls:\n%s", strings.Join(calls, "\n"))
	}
	// Statements carry the LMS's learner as an account on the LMS's site,
	// and Learning Locker's validator accepts every one.
	stmts := postedStatements(t, tb)
	if len(stmts) != 4 {
		t.Fatalf("%d statements, want 4", len(stmts))
	}
	if a := stmts[0].Actor; a == nil || a.Account.Name != "s-42" || a.Account.HomePage != lms || a.Name != "Kim, Minji" {
		t.Errorf("actor %+v, want the account s-42 at %s", a, lms)
	}
	validateXAPI(t, rawStatements(t, tb))
	tb.noProblems()
}

// An LMS that refuses suspend_data: the lesson keeps working and keeps its
// copy on the device; the score and status still reach the LMS.
func TestSCORMRefusedValue(t *testing.T) {
	lms := scormLMS(t, scormContent(t))
	tb := launch(t, lms, "?refuse=cmi.suspend_data")
	scoAnswer(tb, 1, 1, true)
	scoAnswer(tb, 2, 2, true)
	if got := cmiNow(tb); got.Raw != "67" || got.Suspend != "" {
		t.Errorf("cmi = %+v, want score 67 and no suspend data", got)
	}
	if !eval[bool](tb, sco(`w.lessonStore.get("golesson:day1-00:progress:v1").includes('"quiz-2-q2":{"c":2,"k":true}')`)) {
		t.Error("the device's copy lacks the answers")
	}
	if refused := eval[[]string](tb, sco(`w.lessonLMS.stats().refused`)); len(refused) == 0 || refused[0] != "cmi.suspend_data 405" {
		t.Errorf("refusals seen by the lesson: %v, want cmi.suspend_data 405", refused)
	}
	tb.noProblems()
}

// Back from the back/forward cache after pagehide finished the session:
// scorm-again allows no second LMSInitialize, so the lesson sends nothing
// more and keeps working on the device.
func TestSCORMPageshowAfterFinish(t *testing.T) {
	lms := scormLMS(t, scormContent(t))
	tb := launch(t, lms, "")
	tb.allow("already finished") // scorm-again's log of the refused LMSInitialize
	scoAnswer(tb, 1, 1, true)
	tb.do(run(sco(`w.dispatchEvent(new PageTransitionEvent("pagehide", {persisted: true}))`)))
	tb.waitJS(`calls.includes("LMSFinish")`)
	tb.do(run(sco(`w.dispatchEvent(new PageTransitionEvent("pageshow", {persisted: true}))`)))
	n := eval[int](tb, `calls.length`)
	scoAnswer(tb, 2, 2, true)
	tb.waitJS(sco(`w.lessonStore.get("golesson:day1-00:progress:v1").includes('"quiz-2-q2":{"c":2,"k":true}')`))
	calls := eval[[]string](tb, `calls`)
	if len(calls) != n && calls[n] != "LMSInitialize" {
		t.Errorf("after LMSFinish the lesson called the LMS without a new session: %q", calls[n:])
	}
	if st := eval[map[string]any](tb, sco(`w.lessonLMS.stats()`)); st["live"] != false {
		t.Errorf("lesson's LMS state after the restore: %v, want not live", st)
	}
	tb.noProblems()
}

// A lesson whose answers overflow the store's JSON form under SCORM 1.2:
// its suspend_data stays within 4096 characters and restores every answer.
func TestSCORMSuspendDataOverflow(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "dist")
	l := buildLesson(t, "testdata/many-questions.md", dir)
	p := lesson.Progress{Answers: map[string]lesson.Answer{}}
	for _, q := range l.Questions() {
		p.Answers[q.ID] = lesson.Answer{Choice: q.Answer, Checked: true}
	}
	if n := len(p.Encode()); n <= 4096 {
		t.Fatalf("the test lesson's answers take %d characters in the store's form: not an overflow", n)
	}
	lms := scormLMS(t, dir)
	tb := launch(t, lms, "")
	total := len(l.Questions())
	// Every question answered (each third one wrong) and checked.
	tb.do(run(sco(`(async () => {
		const items = [...d.querySelectorAll(".quiz-item")];
		for (let i = 0; i < items.length; i++) {
			const s = items[i].querySelector(".question-select");
			const right = (i + 1) % 3; // question n's answer is n % 3, its options "0", "1", "2"
			s.selectedIndex = i % 3 === 0 ? (right + 1) % 3 : right;
			s.dispatchEvent(new Event("change", {bubbles: true}));
			await new Promise(r => requestAnimationFrame(r));
			items[i].querySelector(".question-check").click();
			while (items[i].querySelector(".question-feedback").textContent === "") await new Promise(r => requestAnimationFrame(r));
		}
	})()`)))
	tb.waitJS(`API.cmi.core.lesson_status === "completed"`)
	got := cmiNow(tb)
	if len(got.Suspend) == 0 || len(got.Suspend) > 4096 {
		t.Fatalf("suspend_data is %d characters", len(got.Suspend))
	}
	t.Logf("%d questions: suspend_data %d characters (the store's JSON form of the same answers: %d)", total, len(got.Suspend), len(p.Encode()))
	checkCalls(t, eval[[]string](tb, `calls`))
	tb.noProblems()

	tb2 := launch(t, lms, "?suspend="+url.QueryEscape(got.Suspend)+"&status=completed&raw="+got.Raw)
	restored := eval[int](tb2, sco(`d.querySelectorAll(".question-feedback.is-correct, .question-feedback.is-wrong").length`))
	if restored != total {
		t.Errorf("second launch restored %d of %d checked answers", restored, total)
	}
	tb2.noProblems()
}

// buildLesson builds the lesson file md (with the seed's ui.yaml and wasm)
// into dir.
func buildLesson(t *testing.T, md, dir string) *lesson.Lesson {
	t.Helper()
	src := t.TempDir()
	for from, to := range map[string]string{md: "l.md", "../content/ui.yaml": "ui.yaml"} {
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(src, to), b, 0o644)
	}
	seedDir, _ := seed(t)
	wasm := filepath.Join(t.TempDir(), "app.wasm")
	b, err := os.ReadFile(filepath.Join(seedDir, filepath.FromSlash(built.names["/web/app.wasm"])))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(wasm, b, 0o644)
	r, err := site.Build(site.Options{Lesson: filepath.Join(src, "l.md"), Web: "../web", Out: dir, Wasm: wasm})
	if err != nil {
		t.Fatal(err)
	}
	return r.Lesson
}
