package e2e

import (
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"golesson/internal/dev"
)

// copyContent copies content/ into a new folder and returns it.
func copyContent(t *testing.T) string {
	t.Helper()
	src := t.TempDir()
	if err := os.CopyFS(src, os.DirFS("../content")); err != nil {
		t.Fatal(err)
	}
	return src
}

// edit replaces old with new in a content file, as an editor saves it.
func edit(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%q is not in %s", old, path)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// startDev runs the authoring loop on content in src, on loopback.
func startDev(t *testing.T, src string, log *syncBuffer) string {
	t.Helper()
	d, err := dev.New(dev.Options{Course: filepath.Join(src, "course.yaml"), Web: "../web", Out: filepath.Join(t.TempDir(), "site"), Wasm: seedWasm(t), Log: log})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: d, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	stop := make(chan struct{})
	go d.Watch(stop, 50*time.Millisecond)
	t.Cleanup(func() {
		close(stop)
		srv.Close()
		d.Close()
	})
	return "http://" + ln.Addr().String() + "/"
}

// make dev: a save reloads the open tab with the new text; a broken save
// shows file:line in the page and the terminal while the last good build
// stays served; the next good save recovers.
func TestDevSurvivesABrokenSave(t *testing.T) {
	src := copyContent(t)
	log := &syncBuffer{}
	url := startDev(t, src, log)
	tb := newTab(t)
	tb.openHome(url)
	if n := eval[int](tb, `navigator.serviceWorker.getRegistrations().then(r => r.length)`); n > 1 {
		t.Errorf("%d service workers", n)
	}

	edit(t, filepath.Join(src, "course.yaml"), `title: "Day 1: 파인튜닝 핵심 개념"`, `title: "Day 1: 저장 하나"`)
	tb.waitReloaded(`document.querySelector("h1").textContent === "Day 1: 저장 하나" && document.querySelector(".course-progress-text") !== null`)

	// Open a lesson and break it: an unknown block type on line 20.
	lessonURL := url + "day1-01/"
	tb.open(lessonURL)
	lessonFile := filepath.Join(src, "day1-01-lora-numbers.md")
	edit(t, lessonFile, "## 2. 모델 전체로 늘리기 {#whole-model}\n", "## 2. 모델 전체로 늘리기 {#whole-model}\n```{nonsense}\nx: 1\n```\n")
	line := 1 + strings.Count(string(must(os.ReadFile(lessonFile)))[:strings.Index(string(must(os.ReadFile(lessonFile))), "```{nonsense}")], "\n")
	want := lessonFile + ":" + strconv.Itoa(line) + ": "
	tb.waitReloaded(`(e => e !== null && e.textContent.includes(` + jsString(want) + `))(document.getElementById("dev-error"))`)
	if !strings.Contains(log.String(), want) {
		t.Errorf("the terminal shows:\n%s\nwant %s", log.String(), want)
	}
	// The last good build is still served, whole.
	tb.open(lessonURL)
	if got := eval[string](tb, h1); got != "Day 1-01 부록: LoRA 숫자 직접 확인하기" {
		t.Errorf("after the broken save the lesson's h1 is %q", got)
	}
	tb.waitReloaded(`(e => e !== null && e.textContent.includes(` + jsString(want) + `))(document.getElementById("dev-error"))`)

	// The next good save recovers: the page reloads, the error is gone.
	edit(t, lessonFile, "```{nonsense}\nx: 1\n```\n", "고친 문장입니다.\n")
	tb.waitReloaded(`document.getElementById("dev-error") === null && document.body.textContent.includes("고친 문장입니다.")`)
	tb.waitMounted()
	tb.allow("/__dev/events") // the stream is cut by each reload
	tb.noProblems()
}

// waitReloaded polls cond across the page's reloads (an evaluation cut
// by a navigation is tried again), for up to 30 s.
func (tb *tab) waitReloaded(cond string) {
	tb.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ctx, cancel := tb.timed(5 * time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { try { return !!(`+cond+`); } catch (e) { return false; } })()`))
		cancel()
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			tb.t.Fatalf("waiting for %s: %v", cond, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
