package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"golesson/internal/site"
)

// workerGroup is one cache group of the built worker.
type workerGroup struct {
	Name, Version string
	Files         []string
}

// workerGroups reads the cache groups of the built worker.
func workerGroups(t *testing.T, dir string) []workerGroup {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "app-worker.js"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`const groups = (\[.*\]);`).FindSubmatch(b)
	if m == nil {
		t.Fatal("no groups in app-worker.js")
	}
	var gs []workerGroup
	if err := json.Unmarshal(m[1], &gs); err != nil {
		t.Fatal(err)
	}
	return gs
}

// precacheList reads the files the built worker precaches, every group's.
func precacheList(t *testing.T, dir string) []string {
	t.Helper()
	var list []string
	for _, g := range workerGroups(t, dir) {
		list = append(list, g.Files...)
	}
	return list
}

// poll reports whether a JavaScript condition (it may await) comes true
// within d.
func (tb *tab) poll(cond string, d time.Duration) bool {
	tb.t.Helper()
	deadline := time.Now().Add(d)
	for {
		if eval[bool](tb, `(async () => { try { return !!(`+cond+`); } catch (e) { return false; } })()`) {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitJSAsync is poll that fails the test on timeout.
func (tb *tab) waitJSAsync(cond string, d time.Duration) {
	tb.t.Helper()
	if !tb.poll(cond, d) {
		tb.t.Fatalf("timed out waiting for %s", cond)
	}
}

// visitOnce opens the lesson served from dir at url and waits until it is
// ready to work offline: what a learner's first visit leaves behind.
func (tb *tab) visitOnce(url, dir string) {
	tb.t.Helper()
	tb.open(url)
	tb.waitOfflineReady(len(precacheList(tb.t, dir)))
}

// waitOfflineReady waits until the worker of this version is active and
// its cache holds every file it precaches.
func (tb *tab) waitOfflineReady(files int) {
	tb.t.Helper()
	tb.waitJSAsync(offlineReadyJS(files), 60*time.Second)
}

// offlineReadyJS is true when the worker of this version is active and its
// cache holds all its files (the Chromium tests and the engine smoke tests).
func offlineReadyJS(files int) string {
	return fmt.Sprintf(`await (async () => {
		const r = await navigator.serviceWorker.getRegistration();
		if (!r || !r.active || r.active.state !== "activated" || r.installing || r.waiting) return false;
		let n = 0;
		for (const k of (await caches.keys()).filter(k => k.startsWith("golesson:"))) n += (await (await caches.open(k)).keys()).length;
		return n === %d;
	})()`, files)
}

func (tb *tab) cacheNames() []string {
	tb.t.Helper()
	return eval[[]string](tb, `caches.keys()`)
}

// checkWorks answers a quiz question and moves a slider: the lesson is
// alive, not only readable.
func checkWorks(t *testing.T, tb *tab) {
	t.Helper()
	tb.choose(".quiz-item:nth-child(3) .question-select", 1)
	tb.do(clickSel(".quiz-item:nth-child(3) .question-check"))
	tb.expectText(".quiz-item:nth-child(3) .question-feedback", "✅ 정답! 모든 가중치를 학습하므로 자원이 넉넉할 때 최대 성능을 기대할 수 있습니다.", "quiz")
	tb.focus(`input[id$="-layers"]`)
	tb.key(kb.Home)
	v := eval[[]int64](tb, `[...document.querySelectorAll(".slider-input")].map(e => +e.value)`)
	if len(v) != 3 || v[2] != 1 {
		t.Fatalf("after Home on layers, sliders = %v", v)
	}
	tb.expectText(".calculator-number", formatInt(2*v[0]*v[1]), "layers → 1 (Home)")
}

func TestOfflineAfterOneVisit(t *testing.T) {
	dir, _ := seed(t)
	index, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(index)
	prerendered := strings.Count(s, `class="card"`) + strings.Count(s, "<math") + strings.Count(s, "<table")
	if prerendered < 11 {
		t.Fatalf("the prerendered page has only %d cards, formulas and tables", prerendered)
	}
	for _, base := range []string{"/", "/courses/ft/"} {
		t.Run(base, func(t *testing.T) {
			ts := startServer(t, dir, base)
			tb := newTab(t)
			tb.visitOnce(ts.url, dir)

			ts.stop() // the server is gone, not only DevTools' network
			for _, u := range []string{ts.url, ts.url + "?launch=abc&lti=1", ts.url + "index.html", ts.url + "index.html?launch=2"} {
				tb.open(u)
				if got := eval[string](tb, `document.querySelector("h1").textContent`); got != "Day 1-00: 파인튜닝 핵심 개념 빠르게 이해하기" {
					t.Fatalf("offline at %s: h1 = %q", u, got)
				}
				if n := eval[int](tb, `document.querySelectorAll(".card, math, table").length`); n != prerendered {
					t.Errorf("offline at %s: %d cards, formulas and tables, want the prerendered page's %d", u, n, prerendered)
				}
				checkWorks(t, tb)
			}
			tb.noProblems()
		})
	}
}

func TestOfflineBadge(t *testing.T) {
	dir, _ := seed(t)
	tb := newTab(t)
	tb.open(serve(t, dir, "/"))
	badge := ".net-status"
	if got := eval[string](tb, `document.querySelector("`+badge+`").textContent`); got != "" {
		t.Errorf("online, the badge says %q", got)
	}
	setOffline := func(off bool) {
		_, err := chromedp.Call(tb.ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: off, Latency: 0, DownloadThroughput: -1, UploadThroughput: -1})
		if err != nil {
			t.Fatal(err)
		}
	}
	setOffline(true)
	tb.expectText(badge, "오프라인", "offline")
	setOffline(false)
	tb.expectText(badge, "", "back online")
	tb.noProblems()
}

// buildVersion builds the seed lesson with one text replaced into dir,
// reusing the already compiled wasm.
func buildVersion(t *testing.T, dir, old, new string) string {
	t.Helper()
	src, err := os.ReadFile("../content/day1-00-finetuning.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), old) {
		t.Fatalf("%q is not in the lesson", old)
	}
	lessonDir := t.TempDir()
	os.WriteFile(filepath.Join(lessonDir, "l.md"), []byte(strings.Replace(string(src), old, new, 1)), 0o644)
	ui, _ := os.ReadFile("../content/ui.yaml")
	os.WriteFile(filepath.Join(lessonDir, "ui.yaml"), ui, 0o644)
	seedDir, _ := seed(t)
	wasm := filepath.Join(t.TempDir(), "app.wasm")
	if b, err := os.ReadFile(filepath.Join(seedDir, filepath.FromSlash(built.names["/web/app.wasm"]))); err != nil {
		t.Fatal(err)
	} else {
		os.WriteFile(wasm, b, 0o644)
	}
	r, err := site.Build(site.Options{Lesson: filepath.Join(lessonDir, "l.md"), Web: "../web", Out: dir, Wasm: wasm})
	if err != nil {
		t.Fatal(err)
	}
	return r.Version
}

const firstCardTag = `document.querySelector(".card-tag").textContent`

// TestUpdateFlow: build v1, load, build v2; the banner appears, the open
// page keeps v1 until the learner accepts, then v2 loads whole and v1's
// cache is gone. Both for a page the worker controls (a second visit: the
// new worker waits) and for a first visit's page (it activates at once).
func TestUpdateFlow(t *testing.T) {
	for _, controlled := range []bool{true, false} {
		t.Run(fmt.Sprintf("controlled=%v", controlled), func(t *testing.T) {
			testUpdateFlow(t, controlled)
		})
	}
}

func testUpdateFlow(t *testing.T, controlled bool) {
	dir := filepath.Join(t.TempDir(), "dist")
	v1 := buildVersion(t, dir, "tag: 모든 가중치 학습", "tag: 버전 하나")
	ts := startServer(t, dir, "/")
	tb := newTab(t)
	tb.visitOnce(ts.url, dir)
	if controlled {
		tb.open(ts.url)
		if !eval[bool](tb, `navigator.serviceWorker.controller !== null`) {
			t.Fatal("the second visit is not controlled by the worker")
		}
	}
	if eval[bool](tb, `document.querySelector(".update-banner").textContent !== ""`) {
		t.Fatal("no new version, yet the update banner shows")
	}

	v2 := buildVersion(t, dir, "tag: 모든 가중치 학습", "tag: 버전 둘")
	if v1 == v2 {
		t.Fatal("two different builds have one version")
	}
	tb.do(chromedp.Evaluate[chromedp.Void](`navigator.serviceWorker.getRegistration().then(r => r.update())`, chromedp.EvalAwaitPromise))
	tb.waitJS(`document.querySelector(".update-banner.is-ready") !== null`)
	tb.expectText(".update-text", "새 버전이 준비되었습니다 —", "banner")
	tb.expectText(".update-reload", "새로고침", "banner button")
	// The open page keeps its version until the learner accepts.
	if got := eval[string](tb, firstCardTag); got != "버전 하나" {
		t.Errorf("before accepting, the page shows %q", got)
	}
	checkWorks(t, tb)
	if controlled {
		// v2 waits; v1's worker and cache still serve this page.
		tb.waitJSAsync(`await navigator.serviceWorker.getRegistration().then(r => r.waiting !== null)`, 10*time.Second)
		if got := strings.Join(tb.cacheNames(), " "); !strings.Contains(got, ":"+v1) {
			t.Errorf("while v2 waits, the caches are %s; v1's is gone", got)
		}
	}

	tb.clickNavigating(".update-reload")
	tb.waitMounted()
	if got := eval[string](tb, firstCardTag); got != "버전 둘" {
		t.Errorf("after the reload, the page shows %q, want the new version", got)
	}
	if got := eval[string](tb, `goappGetenv("GOAPP_VERSION")`); got != v2 {
		t.Errorf("after the reload, app.js is version %s, want %s", got, v2)
	}
	// What the learner did in v1 (checkWorks: question 3, layers 1) is back.
	tb.expectText(".quiz-item:nth-child(3) .question-feedback", "✅ 정답! 모든 가중치를 학습하므로 자원이 넉넉할 때 최대 성능을 기대할 수 있습니다.", "progress after the update")
	if v := eval[string](tb, `document.querySelector('input[id$="-layers"]').value`); v != "1" {
		t.Errorf("after the update, layers = %s, want the learner's 1", v)
	}
	tb.waitJSAsync(`await caches.keys().then(k => k.length === 1 && k[0].endsWith(":`+v2+`"))`, 10*time.Second)
	tb.noProblems()
}

func TestFailedPrecacheKeepsTheOldVersion(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "dist")
	v1 := buildVersion(t, dir, "tag: 모든 가중치 학습", "tag: 버전 하나")
	ts := startServer(t, dir, "/")
	tb := newTab(t)
	tb.visitOnce(ts.url, dir)

	buildVersion(t, dir, "tag: 모든 가중치 학습", "tag: 버전 둘")
	// One file of the new version is missing: its install must fail whole.
	// (Not a fingerprinted one: those are the same in both versions and may
	// rightly come from the HTTP cache.)
	if err := os.Remove(filepath.Join(dir, "manifest.webmanifest")); err != nil {
		t.Fatal(err)
	}
	tb.do(chromedp.Evaluate[chromedp.Void](`navigator.serviceWorker.getRegistration().then(r => r.update()).catch(() => {})`, chromedp.EvalAwaitPromise))
	tb.waitJSAsync(`await navigator.serviceWorker.getRegistration().then(r => !r.installing && !r.waiting)`, 20*time.Second)
	if eval[bool](tb, `document.querySelector(".update-banner.is-ready") !== null`) {
		t.Error("a failed update shows the update banner")
	}
	if got := tb.cacheNames(); len(got) != 1 || !strings.HasSuffix(got[0], ":lesson-day1-00:"+v1) {
		t.Errorf("caches after the failed update: %v, want only lesson-day1-00's of %s", got, v1)
	}
	ts.stop()
	tb.open(ts.url)
	if got := eval[string](tb, firstCardTag); got != "버전 하나" {
		t.Errorf("offline after the failed update the page shows %q, want the old version", got)
	}
	checkWorks(t, tb)
	// The worker's failed fetch is the page's business only through the
	// worker; the page itself logs nothing.
	tb.noProblems()
}
