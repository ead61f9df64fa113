package site

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// build builds a lesson with a stand-in wasm (compiling the real one is the
// end-to-end tests' job) into a fresh folder.
func build(t *testing.T, lessonFile string) (*Result, string) {
	t.Helper()
	wasm := filepath.Join(t.TempDir(), "app.wasm")
	os.WriteFile(wasm, []byte("\x00asm\x01\x00\x00\x00"), 0o644)
	out := filepath.Join(t.TempDir(), "dist")
	r, err := Build(Options{Lesson: lessonFile, Web: "../../web", Out: out, Wasm: wasm})
	if err != nil {
		t.Fatal(err)
	}
	return r, out
}

func read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestBuildWritesASelfContainedSite(t *testing.T) {
	r, out := build(t, "../../content/day1-00-finetuning.md")
	for _, f := range []string{"index.html", "app.js", "app-worker.js", "wasm_exec.js", "app.css", "manifest.webmanifest", "web/embed.js"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("dist lacks %s", f)
		}
	}
	// Web assets carry a hash of their content in their names.
	for _, f := range []string{"app.wasm", "lesson.css", "icon.svg", "icon-192.png", "icon-512.png", "icon-maskable-512.png", "contract.js", "lazy-layout.js", "early-answers.js", "storage-guard.js", "wasm-start.js", "wasm-warm.js", "load-failure.js", "updates.js", "lms.js"} {
		got := r.Names["/web/"+f]
		ext := filepath.Ext(f)
		if !regexp.MustCompile(`^/web/` + regexp.QuoteMeta(strings.TrimSuffix(f, ext)) + `\.[0-9a-f]{10}` + regexp.QuoteMeta(ext) + `$`).MatchString(got) {
			t.Errorf("%s is served as %q, want a fingerprinted name", f, got)
		}
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(got))); err != nil {
			t.Errorf("dist lacks %s", got)
		}
	}
	// Compressible files have smaller brotli and gzip twins.
	for _, f := range []string{"index.html", "app.js", "wasm_exec.js", r.Names["/web/lesson.css"][1:]} { // (the stand-in wasm is too small to shrink)
		plain, _ := os.Stat(filepath.Join(out, filepath.FromSlash(f)))
		for _, ext := range []string{".br", ".gz"} {
			v, err := os.Stat(filepath.Join(out, filepath.FromSlash(f)+ext))
			if err != nil || v.Size() >= plain.Size() {
				t.Errorf("%s%s: %v, want a smaller compressed copy", f, ext, err)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(r.Names["/web/icon-192.png"])) + ".br"); err == nil {
		t.Error("a PNG got a brotli copy")
	}
	index := read(t, filepath.Join(out, "index.html"))
	if !strings.Contains(index, "<h1>Day 1-00: 파인튜닝 핵심 개념 빠르게 이해하기</h1>") || !strings.Contains(index, ">4,194,304<") {
		t.Error("index.html is not the prerendered lesson")
	}
	// Every reference is relative, so the folder works at any path and
	// nothing is fetched from another host.
	for _, f := range []string{"index.html", "app.js", "app-worker.js", "manifest.webmanifest"} {
		body := read(t, filepath.Join(out, f))
		if m := regexp.MustCompile(`(src|href)="(https?:|/)[^"]*"|"/(web/|app|wasm|manifest)[^"]*"|raw\.githubusercontent`).FindString(body); m != "" {
			t.Errorf("%s has a non-relative or remote reference: %s", f, m)
		}
	}
	// The worker that starts Go first (web/wasm-warm.js) and go-app's
	// wasm_exec.js, which it loads, are named on wasm-start.js's tag, and
	// the service worker keeps the worker's script for offline starts.
	for _, want := range []string{`data-warm=".` + r.Names["/web/wasm-warm.js"] + `"`, `data-exec="./wasm_exec.js"`} {
		if !strings.Contains(index, want) {
			t.Errorf("index.html lacks %s", want)
		}
	}
	if !strings.Contains(read(t, filepath.Join(out, "app-worker.js")), r.Names["/web/wasm-warm.js"][1:]) {
		t.Error("the service worker does not precache the warm-up worker's script")
	}
	if !strings.Contains(read(t, filepath.Join(out, "app.js")), `"GOAPP_VERSION":"`+r.Version+`"`) {
		t.Error("app.js does not carry the build's version")
	}
}

func TestVersionIsAContentHash(t *testing.T) {
	a, _ := build(t, "../../content/day1-00-finetuning.md")
	b, outB := build(t, "../../content/day1-00-finetuning.md")
	if a.Version != b.Version {
		t.Errorf("two builds of the same lesson: versions %s and %s, want equal", a.Version, b.Version)
	}
	// Any change to the content makes a new version.
	dir := t.TempDir()
	src := read(t, "../../content/day1-00-finetuning.md")
	os.WriteFile(filepath.Join(dir, "l.md"), []byte(strings.Replace(src, "정답 확인", "확인", 1)), 0o644)
	os.WriteFile(filepath.Join(dir, "ui.yaml"), []byte(read(t, "../../content/ui.yaml")), 0o644)
	c, _ := build(t, filepath.Join(dir, "l.md"))
	if c.Version == a.Version {
		t.Error("changing the lesson kept the version")
	}
	// The build replaces the output folder's contents, leaving no strays.
	os.WriteFile(filepath.Join(outB, "stray.txt"), []byte("x"), 0o644)
	if _, err := Build(Options{Lesson: "../../content/day1-00-finetuning.md", Web: "../../web", Out: outB, Wasm: filepath.Join(outB, filepath.FromSlash(b.Names["/web/app.wasm"]))}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(outB, "stray.txt")); err == nil {
		t.Error("a file from before the build survived it")
	}
}

func TestAnotherLessonBuilds(t *testing.T) {
	r, out := build(t, "../../app/ui/testdata/mini.md")
	if r.Lesson.ID != "mini" {
		t.Errorf("lesson id %q", r.Lesson.ID)
	}
	index := read(t, filepath.Join(out, "index.html"))
	if !strings.Contains(index, `<html lang="en">`) || !strings.Contains(index, "<h1>Mini lesson: squares</h1>") || !strings.Contains(index, ">144<") {
		t.Error("the mini lesson's page is wrong")
	}
	if !strings.Contains(read(t, filepath.Join(out, "manifest.webmanifest")), `"short_name": "Mini"`) {
		t.Error("manifest short_name is not the lesson's")
	}
}

func TestContentErrorStopsTheBuild(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "bad.md"), []byte("---\nid: bad\nlang: en\n---\n# Bad\n\n```{quizz}\n```\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "ui.yaml"), []byte(read(t, "../../content/ui.yaml")), 0o644)
	out := filepath.Join(t.TempDir(), "dist")
	_, err := Build(Options{Lesson: filepath.Join(dir, "bad.md"), Web: "../../web", Out: out, Wasm: "unused"})
	want := filepath.Join(dir, "bad.md") + ":7: unknown block type"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error = %v, want it to start with %q", err, want)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed build wrote the output folder")
	}
}

// The page's head says only what the lesson provides: no empty author, no
// Open Graph URL or image without a host, and links as the client renders
// them (a prerendered ".#peft" would reload the page and drop ?launch=).
func TestPageHeadAndLinks(t *testing.T) {
	_, out := build(t, "../../content/day1-00-finetuning.md")
	page := read(t, filepath.Join(out, "index.html"))
	for _, bad := range []string{`<meta name="author">`, `"https://"`, `"https:///."`, `property="og:url"`, `property="og:image"`, `href=".#`, `href="../"`} {
		if strings.Contains(page, bad) {
			t.Errorf("index.html contains %s", bad)
		}
	}
	for _, want := range []string{`property="og:title"`, `name="description"`, `href="#peft"`, `href="#content"`, `href="index.html"`} {
		if !strings.Contains(page, want) {
			t.Errorf("index.html lacks %s", want)
		}
	}
}

// Builds running at once in one process (the e2e tests, make dev beside a
// build, the bench) each prerender their own lesson, although go-app
// routes through one router per process (prerender.go).
func TestConcurrentBuildsRenderTheirOwnLesson(t *testing.T) {
	lessons := map[string]string{ // lesson file → its h1
		"../../content/day1-00-finetuning.md": "<h1>Day 1-00: 파인튜닝 핵심 개념 빠르게 이해하기</h1>",
		"../../app/ui/testdata/mini.md":       "<h1>Mini lesson: squares</h1>",
	}
	outs := map[string]chan string{}
	for file := range lessons {
		outs[file] = make(chan string, 1)
		go func() {
			wasm := filepath.Join(t.TempDir(), "app.wasm")
			os.WriteFile(wasm, []byte("\x00asm\x01\x00\x00\x00"), 0o644)
			out := filepath.Join(t.TempDir(), "dist")
			if _, err := Build(Options{Lesson: file, Web: "../../web", Out: out, Wasm: wasm}); err != nil {
				t.Error(err)
			}
			outs[file] <- out
		}()
	}
	for file, h1 := range lessons {
		out := <-outs[file]
		if page, err := os.ReadFile(filepath.Join(out, "index.html")); err != nil || !strings.Contains(string(page), h1) {
			t.Errorf("%s built at the same time as another lesson: index.html lacks %s (%v)", file, h1, err)
		}
	}
}
