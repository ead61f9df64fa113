package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golesson/app/lesson"
	"golesson/internal/compress"
)

// buildCourse builds a copy of content/ (with edit applied to file) with a
// stand-in wasm.
func buildCourse(t *testing.T, file, old, new string) (*CourseResult, string) {
	t.Helper()
	src := t.TempDir()
	if err := os.CopyFS(src, os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	if file != "" {
		p := filepath.Join(src, file)
		b := read(t, p)
		if !strings.Contains(b, old) {
			t.Fatalf("%q not in %s", old, file)
		}
		os.WriteFile(p, []byte(strings.Replace(b, old, new, 1)), 0o644)
	}
	wasm := filepath.Join(t.TempDir(), "app.wasm")
	os.WriteFile(wasm, []byte("\x00asm\x01\x00\x00\x00"), 0o644)
	out := filepath.Join(t.TempDir(), "dist")
	r, err := BuildCourse(CourseOptions{Course: filepath.Join(src, "course.yaml"), Web: "../../web", Out: out, Wasm: wasm})
	if err != nil {
		t.Fatal(err)
	}
	return r, out
}

// One site: the home at the root, each lesson in its folder with its own
// app.js, everything else shared; the manifest and install name are the
// course's.
func TestBuildCourseLayout(t *testing.T) {
	r, out := buildCourse(t, "", "", "")
	home := read(t, filepath.Join(out, "index.html"))
	if !strings.Contains(home, `id="`+lesson.CourseDataElementID+`"`) || !strings.Contains(home, "<title>"+r.Course.Title+"</title>") {
		t.Error("the home page has no course data or title")
	}
	for _, l := range r.Course.Lessons {
		page := read(t, filepath.Join(out, l.ID, "index.html"))
		for _, want := range []string{`id="` + lesson.DataElementID + `"`, `href="../manifest.webmanifest"`, `src="./app.js"`, `href="../` + r.Names["/web/lesson.css"][1:] + `"`} {
			if !strings.Contains(page, want) {
				t.Errorf("%s/index.html lacks %s", l.ID, want)
			}
		}
		js := read(t, filepath.Join(out, l.ID, "app.js"))
		if !strings.Contains(js, `"../app-worker.js"`) || !strings.Contains(js, `"../`+r.Names["/web/app.wasm"][1:]+`"`) {
			t.Errorf("%s/app.js does not use the course's worker and wasm", l.ID)
		}
	}
	if n, _ := filepath.Glob(filepath.Join(out, "web", "app.*.wasm")); len(n) != 1 {
		t.Errorf("wasm files %v, want one for the whole course", n)
	}
	m := read(t, filepath.Join(out, "manifest.webmanifest"))
	for _, want := range []string{`"name": "` + r.Course.Title + `"`, `"short_name": "` + r.Course.ShortName + `"`, `"start_url": "./"`, `"scope": "./"`} {
		if !strings.Contains(m, want) {
			t.Errorf("manifest lacks %s:\n%s", want, m)
		}
	}
	// Every file of the site is in exactly one cache group.
	seen := map[string]string{}
	for _, g := range r.Groups {
		for _, f := range g.Files {
			if other, dup := seen[f]; dup {
				t.Errorf("%s in groups %s and %s", f, other, g.Name)
			}
			seen[f] = g.Name
		}
	}
	for _, f := range r.Files {
		if f == "app-worker.js" || compress.IsVariant(f) {
			continue
		}
		if _, ok := seen["./"+f]; !ok {
			t.Errorf("%s is in no cache group", f)
		}
	}
}

// Changing one lesson's text changes only that lesson's cache group.
func TestCourseGroupsVersionedApart(t *testing.T) {
	a, _ := buildCourse(t, "", "", "")
	b, _ := buildCourse(t, "day1-01-lora-numbers.md", "손으로 따라가 봅니다", "손으로 따라가 봅니다!")
	if a.Version == b.Version {
		t.Error("two different builds have one version")
	}
	for i, g := range a.Groups {
		changed := g.Version != b.Groups[i].Version
		if changed != (g.Name == "lesson-day1-01") {
			t.Errorf("group %s changed = %v", g.Name, changed)
		}
	}
}
