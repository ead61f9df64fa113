package e2e

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"golesson/internal/site"
)

// courseLMS is scormLMS for a multi-SCO package: /lms/player/<sco path>
// launches that SCO with a runtime of its own, as an LMS gives every SCO
// its own cmi record.
func courseLMS(t *testing.T, content string) string {
	t.Helper()
	scormJS := jsLib(t, "scorm-again/dist/scorm12.js")
	const frame = `src="/lms/pluginfile/42/content/index.html"`
	if !strings.Contains(lmsPlayer, frame) {
		t.Fatal("the LMS player's iframe changed")
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/lms/player/", func(w http.ResponseWriter, r *http.Request) {
		href := strings.TrimPrefix(r.URL.Path, "/lms/player/")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, strings.Replace(lmsPlayer, frame, `src="/lms/pluginfile/42/content/`+href+`"`, 1))
	})
	mux.HandleFunc("/lms/scorm12.js", func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, scormJS) })
	mux.Handle("/lms/pluginfile/42/content/", http.StripPrefix("/lms/pluginfile/42/content/", http.FileServer(http.Dir(content))))
	return serveOn(t, mux)
}

// make scorm on the course: a package per lesson and the course's
// multi-SCO package; the latter valid and run under scorm-again, each
// SCO's status its own.
func TestSCORMCoursePackage(t *testing.T) {
	dir, r := builtCourse(t)
	out := t.TempDir()
	if err := os.CopyFS(out, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	zips, err := site.PackageCourseSCORM(site.CourseOptions{Web: "../web", Out: out}, r)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, z := range zips {
		names = append(names, filepath.Base(z))
	}
	if len(zips) != len(r.Course.Lessons)+1 {
		t.Fatalf("packages %v, want one per lesson and the course's", names)
	}
	for i, l := range r.Course.Lessons {
		if !strings.HasPrefix(names[i], l.ID+"-") {
			t.Errorf("package %d is %s, want lesson %s's", i, names[i], l.ID)
		}
	}
	if !strings.HasPrefix(names[len(names)-1], r.Course.ID+"-") {
		t.Errorf("last package %s, want the course's", names[len(names)-1])
	}
	// Every package validates against SCORM 1.2's schemas.
	var course string
	for i, z := range zips {
		content := t.TempDir()
		unzip(t, z, content)
		xmllint := exec.Command("xmllint", "--noout", "--schema", "adlcp_rootv1p2.xsd", "imsmanifest.xml")
		xmllint.Dir = content
		if b, err := xmllint.CombinedOutput(); err != nil {
			t.Errorf("%s: xmllint: %v\n%s", names[i], err, b)
		}
		course = content
	}
	manifest, _ := os.ReadFile(filepath.Join(course, "imsmanifest.xml"))
	if n := strings.Count(string(manifest), `adlcp:scormtype="sco"`); n != len(r.Course.Lessons) {
		t.Errorf("the course package has %d SCOs, want %d", n, len(r.Course.Lessons))
	}

	lms := courseLMS(t, course)
	launch := func(id string) *tab {
		tb := newTab(t)
		tb.do(chromedp.Navigate(lms + "/lms/player/" + id + "/index.html"))
		tb.waitJS(scoSettled)
		if !eval[bool](tb, sco(`w.lessonLMS.scorm === true`)) {
			t.Fatalf("%s did not find the LMS's SCORM API", id)
		}
		return tb
	}
	answer := func(tb *tab, n, choice int) {
		tb.do(run(sco(fmt.Sprintf(`(s => { s.selectedIndex = %d; s.dispatchEvent(new Event("change", {bubbles: true})); })(d.querySelector(".quiz-item:nth-child(%d) .question-select"))`, choice, n))))
		tb.do(run(sco(fmt.Sprintf(`d.querySelector(".quiz-item:nth-child(%d) .question-check").click()`, n))))
		tb.waitJS(sco(fmt.Sprintf(`d.querySelector(".quiz-item:nth-child(%d) .question-feedback").textContent !== ""`, n)))
	}
	type cmi struct{ Raw, Status, Suspend string }
	record := func(tb *tab) cmi {
		return eval[cmi](tb, `({Raw: API.cmi.core.score.raw, Status: API.cmi.core.lesson_status, Suspend: API.cmi.suspend_data})`)
	}

	first, second := r.Course.Lessons[0], r.Course.Lessons[1]
	a := launch(first.ID)
	// Inside an LMS, the LMS moves between SCOs: no links of the lesson's own.
	if n := eval[int](a, sco(`[...d.querySelectorAll(".summary-link")].filter(e => e.offsetParent !== null).length`)); n != 0 {
		t.Errorf("%d previous/next links shown inside the LMS", n)
	}
	answer(a, 1, 1)
	answer(a, 2, 0)
	answer(a, 3, 1)
	a.waitJS(`API.cmi.core.lesson_status === "completed"`)

	b := launch(second.ID)
	answer(b, 1, 1) // right, one of two
	b.waitJS(`API.cmi.core.score.raw === "50"`)
	gotA, gotB := record(a), record(b)
	if gotA.Raw != "67" || gotA.Status != "completed" {
		t.Errorf("%s's record %+v, want 67, completed", first.ID, gotA)
	}
	if gotB.Raw != "50" || gotB.Status == "completed" || gotB.Status == "passed" {
		t.Errorf("%s's record %+v, want 50 and not completed (one question of two)", second.ID, gotB)
	}
	if gotA.Suspend == gotB.Suspend || gotB.Suspend == "" {
		t.Errorf("suspend data: %s %q, %s %q; want each its own", first.ID, gotA.Suspend, second.ID, gotB.Suspend)
	}
	a.noProblems()
	b.noProblems()
}
