package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"golesson/internal/site"
)

// course is the course's site (content/course.yaml), built once for the
// tests that need it, with the seed build's wasm.
var course struct {
	once sync.Once
	dir  string
	res  *site.CourseResult
	err  error
}

// seedWasm copies the wasm the seed build compiled, so further builds
// need not compile it again.
func seedWasm(t *testing.T) string {
	t.Helper()
	seedDir, _ := seed(t)
	b, err := os.ReadFile(filepath.Join(seedDir, filepath.FromSlash(built.names["/web/app.wasm"])))
	if err != nil {
		t.Fatal(err)
	}
	wasm := filepath.Join(t.TempDir(), "app.wasm")
	if err := os.WriteFile(wasm, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return wasm
}

func builtCourse(t *testing.T) (string, *site.CourseResult) {
	t.Helper()
	wasm := seedWasm(t)
	course.once.Do(func() {
		course.dir = filepath.Join(filepath.Dir(built.dir), "course")
		course.res, course.err = site.BuildCourse(site.CourseOptions{Course: "../content/course.yaml", Web: "../web", Out: course.dir, Wasm: wasm})
	})
	if course.err != nil {
		t.Fatalf("building the course: %v", course.err)
	}
	return course.dir, course.res
}

// buildCourseVersion builds the course from a copy of content/ with one
// text of one lesson file replaced, into dir.
func buildCourseVersion(t *testing.T, dir, wasm, file, old, new string) *site.CourseResult {
	t.Helper()
	src := t.TempDir()
	entries, err := os.ReadDir("../content")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("../content", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == file {
			if !strings.Contains(string(b), old) {
				t.Fatalf("%q is not in %s", old, file)
			}
			b = []byte(strings.Replace(string(b), old, new, 1))
		}
		if err := os.WriteFile(filepath.Join(src, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r, err := site.BuildCourse(site.CourseOptions{Course: filepath.Join(src, "course.yaml"), Web: "../web", Out: dir, Wasm: wasm})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// openHome loads the course home at url and waits until its wasm has
// read the progress.
func (tb *tab) openHome(url string) {
	tb.t.Helper()
	tb.do(chromedp.Navigate(url))
	tb.waitHome()
}

// waitHome waits until the course home's wasm has read the progress.
func (tb *tab) waitHome() {
	tb.t.Helper()
	tb.waitJS(`document.querySelector(".course-progress-text") !== null`)
}

const h1 = `document.querySelector("h1").textContent`

// Two lessons offline with the server stopped: installing from the home
// page caches the whole course, and a deep link into the second lesson
// works, alive (its quiz answers).
func TestCourseOffline(t *testing.T) {
	dir, r := builtCourse(t)
	ts := startServer(t, dir, "/")
	tb := newTab(t)
	tb.openHome(ts.url)
	if got := eval[string](tb, h1); got != r.Course.Title {
		t.Fatalf("home h1 = %q, want %q", got, r.Course.Title)
	}
	tb.waitOfflineReady(len(precacheList(t, dir)))
	if n := len(tb.cacheNames()); n != 2+len(r.Course.Lessons) {
		t.Errorf("%d caches, want shared, home and one per lesson: %v", n, tb.cacheNames())
	}
	ts.stop()
	second := r.Course.Lessons[1]
	for _, u := range []string{ts.url + second.ID + "/", ts.url + second.ID + "/?launch=1", ts.url + second.ID + "/index.html", ts.url + second.ID} {
		tb.open(u)
		if got := eval[string](tb, h1); got != second.Title {
			t.Fatalf("offline at %s: h1 = %q, want %q", u, got, second.Title)
		}
	}
	tb.choose(".quiz-item:nth-child(1) .question-select", 1)
	tb.do(clickSel(".quiz-item:nth-child(1) .question-check"))
	tb.expectText(".quiz-item:nth-child(1) .question-feedback", "✅ 정답! "+second.Questions()[0].Explain, "offline quiz in the second lesson")
	first := r.Course.Lessons[0]
	tb.open(ts.url + first.ID + "/")
	if got := eval[string](tb, h1); got != first.Title {
		t.Fatalf("offline first lesson: h1 = %q", got)
	}
	checkWorks(t, tb)
	tb.openHome(ts.url)
	if got := eval[string](tb, h1); got != r.Course.Title {
		t.Errorf("offline home: h1 = %q", got)
	}
	tb.noProblems()
}

// The home page shows each lesson's progress after answering inside a
// lesson, and progress saved before the course existed (the same key,
// with the older schema) is read, not lost.
func TestCourseHomeProgress(t *testing.T) {
	dir, r := builtCourse(t)
	ts := startServer(t, dir, "/")
	tb := newTab(t)
	tb.openHome(ts.url)
	first, second := r.Course.Lessons[0], r.Course.Lessons[1]
	item := func(id, part string) string {
		return `.course-lesson[data-lesson="` + id + `"] .course-lesson-` + part
	}
	tb.expectText(".course-progress-text", "완료한 레슨: 0 / 2", "nothing done")
	tb.expectText(".course-continue-label", "학습 시작하기", "nothing begun")
	tb.expectText(".course-continue-title", first.Title, "start with the first lesson")
	tb.expectText(item(first.ID, "status"), "시작 전", "first lesson before")

	// A single-lesson build saved this (schema 1: how it was before the
	// 자세히 settings moved); the course reads the same key.
	tb.do(chromedp.Evaluate[chromedp.Void](`localStorage.setItem("golesson:` + second.ID + `:progress:v1", JSON.stringify({v: 1, a: {"check-1-q1": {c: 1, k: true}}, seen: ["one-adapter"]}))`))

	tb.clickNavigating(".course-continue-link")
	tb.waitMounted()
	if got := eval[string](tb, h1); got != first.Title {
		t.Fatalf("the continue link led to %q", got)
	}
	tb.choose(".quiz-item:nth-child(3) .question-select", 1)
	tb.do(clickSel(".quiz-item:nth-child(3) .question-check"))
	tb.expectText(".quiz-item:nth-child(3) .question-feedback", "✅ 정답! 모든 가중치를 학습하므로 자원이 넉넉할 때 최대 성능을 기대할 수 있습니다.", "answer in the first lesson")
	tb.clickNavigating(".summary-home-link")
	tb.waitHome()
	tb.expectText(item(first.ID, "status"), "학습 중", "first lesson after one answer")
	tb.expectText(item(first.ID, "score"), "퀴즈 점수: 1 / 3", "first lesson's score")
	tb.expectText(item(second.ID, "score"), "퀴즈 점수: 1 / 2", "second lesson's older progress")
	tb.expectText(item(second.ID, "read"), "읽은 섹션: 1 / 5", "second lesson's older progress")
	tb.expectText(".course-continue-label", "이어서 학습하기", "begun")
	tb.expectText(".course-continue-title", first.Title, "continue the first lesson begun")

	// Opening the second lesson restores its older progress.
	tb.open(ts.url + second.ID + "/")
	tb.expectText(".quiz-item:nth-child(1) .question-feedback", "✅ 정답! "+second.Questions()[0].Explain, "older progress restored in the lesson")
	tb.noProblems()
}

// Previous and next at the end of each lesson: the first has no previous,
// the last no next, and every one leads home.
func TestCoursePrevNext(t *testing.T) {
	dir, r := builtCourse(t)
	ts := startServer(t, dir, "/")
	tb := newTab(t)
	ls := r.Course.Lessons
	tb.open(ts.url + ls[0].ID + "/")
	if n := eval[int](tb, `document.querySelectorAll(".summary-prev").length`); n != 0 {
		t.Errorf("the first lesson offers a previous lesson")
	}
	entries := eval[int](tb, `history.length`)
	tb.expectText(".summary-next-link", ls[1].Title, "first lesson's next")
	tb.expectText(".summary-home-link", r.Course.Title, "first lesson's home")
	tb.clickNavigating(".summary-next-link")
	tb.waitMounted()
	last := ls[len(ls)-1]
	if got := eval[string](tb, `location.pathname`); got != "/"+last.ID+"/" {
		t.Errorf("next led to %s", got)
	}
	if n := eval[int](tb, `document.querySelectorAll(".summary-next").length`); n != 0 {
		t.Errorf("the last lesson offers a next lesson")
	}
	tb.expectText(".summary-prev-link", ls[len(ls)-2].Title, "last lesson's previous")
	tb.clickNavigating(".summary-prev-link")
	tb.waitMounted()
	if got := eval[string](tb, h1); got != ls[len(ls)-2].Title {
		t.Errorf("previous led to %q", got)
	}
	// One history entry per lesson: back returns to the last lesson.
	if n := eval[int](tb, `history.length`); n != entries+2 {
		t.Errorf("history has %d entries after two links, want %d (one per page opened)", n, entries+2)
	}
	tb.noProblems()
}

// Updating one lesson keeps the other lessons' caches (and progress); only
// the changed lesson's group is downloaded again.
func TestCourseUpdateOneLesson(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "dist")
	wasm := seedWasm(t)
	r1 := buildCourseVersion(t, dir, wasm, "day1-01-lora-numbers.md", "손으로 따라가 봅니다", "손으로 따라가 봅니다 (하나)")
	ts := startServer(t, dir, "/")
	tb := newTab(t)
	first := r1.Course.Lessons[0]
	tb.open(ts.url + first.ID + "/")
	tb.waitOfflineReady(len(precacheList(t, dir)))
	tb.open(ts.url + first.ID + "/") // controlled now
	checkWorks(t, tb)
	// What the worker before courses left: one cache "lesson-<version>"
	// per site, this site's holding its page, another site's on the same
	// origin holding that one's.
	tb.do(chromedp.Evaluate[chromedp.Void](`(async () => {
		await (await caches.open("lesson-0123456789abcdef")).put(new Request(location.origin + "/"), new Response("old page"));
		await (await caches.open("lesson-fedcba9876543210")).put(new Request(location.origin + "/other/"), new Response("other site"));
	})()`, chromedp.EvalAwaitPromise))
	before := tb.cacheNames()

	r2 := buildCourseVersion(t, dir, wasm, "day1-01-lora-numbers.md", "손으로 따라가 봅니다", "손으로 따라가 봅니다 (둘)")
	versions := func(r *site.CourseResult) map[string]string {
		m := map[string]string{}
		for _, g := range r.Groups {
			m[g.Name] = g.Version
		}
		return m
	}
	v1, v2 := versions(r1), versions(r2)
	for name := range v1 {
		if changed := v1[name] != v2[name]; changed != (name == "lesson-day1-01") {
			t.Errorf("group %s: changed = %v; only lesson-day1-01 should", name, changed)
		}
	}
	tb.do(chromedp.Evaluate[chromedp.Void](`navigator.serviceWorker.getRegistration().then(r => r.update())`, chromedp.EvalAwaitPromise))
	tb.waitJS(`document.querySelector(".update-banner.is-ready") !== null`)
	tb.clickNavigating(".update-reload")
	tb.waitMounted()
	tb.waitJSAsync(`await caches.keys().then(k => !k.includes("lesson-0123456789abcdef"))`, 20*time.Second)
	tb.waitOfflineReady(len(precacheList(t, dir)))
	after := tb.cacheNames()
	if contains(after, "lesson-0123456789abcdef") || !contains(after, "lesson-fedcba9876543210") {
		t.Errorf("caches %v: want this site's old cache gone and the other site's kept", after)
	}
	for _, name := range before {
		if strings.HasPrefix(name, "lesson-") {
			continue
		}
		kept := contains(after, name)
		if strings.Contains(name, ":lesson-day1-01:") == kept {
			t.Errorf("cache %s kept = %v after updating day1-01 only (before %v, after %v)", name, kept, before, after)
		}
	}
	// The first lesson's progress is still there.
	tb.expectText(".quiz-item:nth-child(3) .question-feedback", "✅ 정답! 모든 가중치를 학습하므로 자원이 넉넉할 때 최대 성능을 기대할 수 있습니다.", "progress after the update")
	ts.stop()
	tb.open(ts.url + "day1-01/")
	if got := eval[string](tb, `document.querySelector(".intro").textContent`); !strings.Contains(got, "(둘)") {
		t.Errorf("offline after the update the second lesson shows %q", got)
	}
	tb.noProblems()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// The course home and a lesson's course links pass axe-core and
// HTML_CodeSniffer, light and dark, on a phone and a laptop, with progress
// shown; the home has no sideways scroll and 44 px targets.
func TestCourseAudit(t *testing.T) {
	dir, r := builtCourse(t)
	url := serve(t, dir, "/")
	for _, tc := range []struct {
		scheme string
		w, h   int64
	}{{"light", 360, 740}, {"dark", 1366, 768}} {
		t.Run(fmt.Sprintf("%s %dx%d", tc.scheme, tc.w, tc.h), func(t *testing.T) {
			tb := newTab(t)
			media(t, tb, "", "prefers-color-scheme", tc.scheme)
			setViewport(t, tb, tc.w, tc.h)
			tb.open(url + r.Course.Lessons[1].ID + "/")
			tb.choose(".quiz-item:nth-child(1) .question-select", 1)
			tb.do(clickSel(".quiz-item:nth-child(1) .question-check"))
			axe(t, tb, "last lesson")
			htmlcs(t, tb, "last lesson")
			tb.openHome(url)
			tb.expectText(".course-progress-text", "완료한 레슨: 0 / 2", "home")
			axe(t, tb, "home")
			htmlcs(t, tb, "home")
			if w := eval[int](tb, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); w > 0 {
				t.Errorf("the home scrolls sideways by %d px", w)
			}
			small := eval[[]string](tb, `[...document.querySelectorAll(".course-continue-link, .course-lesson-link")]
				.filter(e => { const r = e.getBoundingClientRect(); return r.height < 44; }).map(e => e.className)`)
			if len(small) > 0 {
				t.Errorf("targets under 44 px high: %v", small)
			}
			tb.noProblems()
		})
	}
}
