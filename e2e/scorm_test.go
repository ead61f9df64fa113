package e2e

import (
	"archive/zip"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"golesson/internal/browser"
	"golesson/internal/scorm"
)

// jsLib is a file of the pinned npm packages in e2e/js (make test runs
// npm ci there).
func jsLib(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join("js", "node_modules", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("%s is missing: run `make test` (it runs npm ci in e2e/js)", p)
	}
	return p
}

// unzip extracts the package into dir.
func unzip(t *testing.T, zipPath, dir string) []string {
	t.Helper()
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		dst := filepath.Join(dir, filepath.FromSlash(f.Name))
		os.MkdirAll(filepath.Dir(dst), 0o755)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		os.WriteFile(dst, b, 0o644)
	}
	return names
}

// lmsPlayer is the LMS's launch page: it runs the SCORM 1.2 runtime
// scorm-again as window.API (restoring suspend data, location, status and
// score from the URL's query, as an LMS does for a returning learner, with
// the learner's id and name and the mastery score when given), logs every
// call and every message the SCO posts, and shows the SCO in an iframe,
// from the unpacked package's deep path. ?refuse=<element> makes the LMS
// refuse to set that element (LMSSetValue "false", LMSGetLastError 405).
const lmsPlayer = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LMS player</title>
<link rel="icon" href="data:,">
<script src="/lms/scorm12.js"></script>
<script>
  const q = new URLSearchParams(location.search);
  window.API = new Scorm12API({ autocommit: false, logLevel: 4 });
  const data = { core: {} };
  if (q.has("suspend")) { data.suspend_data = q.get("suspend"); data.core.lesson_location = q.get("location") || ""; data.core.lesson_status = q.get("status") || "incomplete"; }
  if (q.has("raw")) data.core.score = { raw: q.get("raw"), min: "0", max: "100" };
  if (q.has("student")) { data.core.student_id = q.get("student"); data.core.student_name = q.get("name") || ""; }
  if (q.has("mastery")) data.student_data = { mastery_score: q.get("mastery") };
  API.loadFromJSON(data);
  window.calls = [];
  window.messages = [];
  addEventListener("message", (e) => messages.push(e.data));
  API.on("LMSInitialize", () => calls.push("LMSInitialize"));
  API.on("LMSSetValue.cmi.*", (k, v) => calls.push("LMSSetValue " + k + "=" + v));
  API.on("LMSCommit", () => calls.push("LMSCommit"));
  API.on("LMSFinish", () => calls.push("LMSFinish"));
  const refuse = q.get("refuse");
  if (refuse) {
    const set = API.LMSSetValue.bind(API), lastError = API.LMSGetLastError.bind(API);
    let refused = "";
    API.LMSSetValue = (k, v) => { if (k === refuse) { refused = "405"; calls.push("refused " + k); return "false"; } refused = ""; return set(k, v); };
    API.LMSGetLastError = () => refused || lastError();
  }
</script></head>
<body style="margin:0"><iframe id="sco" src="/lms/pluginfile/42/content/index.html" title="SCO" style="width:100%;height:100vh;border:0;display:block"></iframe></body></html>`

// scormLMS serves the player, scorm-again and the unpacked package on one
// origin, as an LMS does.
func scormLMS(t *testing.T, content string) string {
	t.Helper()
	scormJS := jsLib(t, "scorm-again/dist/scorm12.js")
	files := http.StripPrefix("/lms/pluginfile/42/content/", http.FileServer(http.Dir(content)))
	mux := http.NewServeMux()
	mux.HandleFunc("/lms/player", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, lmsPlayer)
	})
	mux.HandleFunc("/lms/scorm12.js", func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, scormJS) })
	mux.Handle("/lms/pluginfile/42/content/", files)
	return serveOn(t, mux)
}

// sco runs JavaScript inside the SCO's iframe (same origin as the LMS).
func sco(js string) string {
	return `(() => { const w = document.getElementById("sco").contentWindow, d = w.document; return (` + js + `); })()`
}

// scoSettled is true once the app runs in the SCO's iframe and the lesson
// is laid out whole, as browser.Settled is for a tab.
var scoSettled = inFrame("sco", browser.Settled)

func TestSCORMPackage(t *testing.T) {
	dir, l := seed(t)
	out := t.TempDir()
	// Build a copy so the package lands beside it, not in the shared dist.
	if err := os.CopyFS(out, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	zipPath, err := scorm.Lesson(out, l, "test")
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(zipPath) != "day1-00-test-scorm12.zip" {
		t.Errorf("package name %s", filepath.Base(zipPath))
	}
	content := t.TempDir()
	names := unzip(t, zipPath, content)
	if names[0] != "imsmanifest.xml" {
		t.Errorf("first entry %s, want imsmanifest.xml at the root", names[0])
	}
	manifest, _ := os.ReadFile(filepath.Join(content, "imsmanifest.xml"))
	schemas := map[string]bool{}
	for _, x := range scorm.Schemas() {
		schemas[x] = true
	}
	for _, n := range names[1:] {
		if schemas[n] {
			continue // control files, at the root beside the manifest
		}
		if !strings.Contains(string(manifest), `<file href="`+n+`"/>`) {
			t.Errorf("imsmanifest.xml does not list %s", n)
		}
	}
	for _, want := range []string{`<schemaversion>1.2</schemaversion>`, `adlcp:scormtype="sco" href="index.html"`, `xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"`} {
		if !strings.Contains(string(manifest), want) {
			t.Errorf("imsmanifest.xml lacks %s", want)
		}
	}

	for x := range schemas {
		if _, err := os.Stat(filepath.Join(content, x)); err != nil {
			t.Errorf("the package has no %s at its root", x)
		}
	}
	// The real manifest validates against SCORM 1.2's schemas (see
	// internal/scorm's TestSCORMManifestValidates for why adlcp's).
	xmllint := exec.Command("xmllint", "--noout", "--schema", "adlcp_rootv1p2.xsd", "imsmanifest.xml")
	xmllint.Dir = content
	if out, err := xmllint.CombinedOutput(); err != nil {
		t.Errorf("xmllint (Debian libxml2-utils; make test installs it): %v\n%s", err, out)
	}

	lms := scormLMS(t, content)
	tb := newTab(t)
	tb.do(chromedp.Navigate(lms + "/lms/player"))
	tb.waitJS(scoSettled)
	if !eval[bool](tb, sco(`w.lessonLMS.scorm === true`)) {
		t.Fatal("the SCO did not find the LMS's SCORM API")
	}

	// Answer: question 1 right, 2 wrong, 3 right. The choice is set as the
	// browser sets it (keyboard choosing is tested at the top level); the
	// check button gets a real mouse click through the LMS page.
	answer := func(n, choice int) {
		sel := fmt.Sprintf(".quiz-item:nth-child(%d) .question-select", n)
		tb.do(run(sco(fmt.Sprintf(`(s => { s.selectedIndex = %d; s.dispatchEvent(new Event("change", {bubbles: true})); })(d.querySelector("%s"))`, choice, sel))))
		tb.do(run(sco(`d.querySelector(".quiz-item:nth-child(` + fmt.Sprint(n) + `) .question-check").scrollIntoView({block: "center"})`)))
		xy := eval[[]float64](tb, sco(`(r => [r.left + r.width / 2, r.top + r.height / 2])(d.querySelector(".quiz-item:nth-child(`+fmt.Sprint(n)+`) .question-check").getBoundingClientRect())`))
		tb.do(chromedp.MouseClickXY(xy[0], xy[1]))
		tb.waitJS(sco(`d.querySelector(".quiz-item:nth-child(` + fmt.Sprint(n) + `) .question-feedback").textContent !== ""`))
	}
	answer(1, 1)
	answer(2, 0)
	answer(3, 1)

	tb.waitJS(`API.cmi.core.lesson_status === "completed"`)
	type cmi struct{ Raw, Min, Max, Status, Suspend, Location string }
	got := eval[cmi](tb, `({Raw: API.cmi.core.score.raw, Min: API.cmi.core.score.min, Max: API.cmi.core.score.max,
		Status: API.cmi.core.lesson_status, Suspend: API.cmi.suspend_data, Location: API.cmi.core.lesson_location})`)
	if got.Raw != "67" || got.Min != "0" || got.Max != "100" || got.Status != "completed" {
		t.Errorf("cmi after three answers = %+v, want score 67 of 0–100, completed", got)
	}
	if !strings.HasPrefix(got.Suspend, `c1{"a":"1k,0k,1k"`) || len(got.Suspend) > 4096 {
		t.Errorf("suspend_data = %q", got.Suspend)
	}
	// Scroll to a section: the location is recorded.
	tb.do(run(sco(`d.getElementById("adapters").scrollIntoView()`)))
	tb.waitJS(`API.cmi.core.lesson_location !== ""`)
	location := eval[string](tb, `API.cmi.core.lesson_location`)

	// No service worker on the LMS's origin.
	if n := eval[int](tb, `navigator.serviceWorker.getRegistrations().then(r => r.length)`); n != 0 {
		t.Errorf("%d service workers registered on the LMS's origin", n)
	}

	// Leaving the SCO finishes the attempt.
	tb.do(run(`document.getElementById("sco").remove()`))
	tb.waitJS(`calls.includes("LMSFinish")`)
	calls := eval[[]string](tb, `calls`)
	joined := strings.Join(calls, "\n")
	for _, want := range []string{"LMSInitialize", "LMSSetValue cmi.core.score.raw=67", "LMSSetValue cmi.core.lesson_status=completed", "LMSSetValue cmi.suspend_data=", "LMSCommit", "LMSSetValue cmi.core.exit=suspend", "LMSFinish"} {
		if !strings.Contains(joined, want) {
			t.Errorf("the LMS never saw %s; calls:\n%s", want, joined)
		}
	}
	if calls[0] != "LMSInitialize" || calls[len(calls)-1] != "LMSFinish" {
		t.Errorf("calls start with %s and end with %s", calls[0], calls[len(calls)-1])
	}
	tb.noProblems()

	// A second launch with that suspend data restores the answers.
	tb2 := newTab(t)
	tb2.do(chromedp.Navigate(lms + "/lms/player?suspend=" + url.QueryEscape(got.Suspend) + "&location=" + url.QueryEscape(location)))
	tb2.waitJS(scoSettled)
	if sel := eval[[]int](tb2, sco(`[...d.querySelectorAll(".question-select")].map(s => s.selectedIndex)`)); fmt.Sprint(sel) != "[1 0 1]" {
		t.Errorf("second launch: selected %v, want [1 0 1]", sel)
	}
	if fb := eval[string](tb2, sco(`d.querySelector(".quiz-item:nth-child(2) .question-feedback").textContent`)); !strings.HasPrefix(fb, "❌") {
		t.Errorf("second launch: question 2 feedback %q", fb)
	}
	if top := eval[float64](tb2, sco(`d.getElementById("`+location+`").getBoundingClientRect().top`)); top > 200 || top < -200 {
		t.Errorf("second launch: section %s is at %.0f px, want scrolled to the top", location, top)
	}
	tb2.noProblems()
}

// A lesson with a mastery score reports passed or failed instead.
func TestSCORMMastery(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "dist")
	buildVersion(t, dir, "short_name: 파인튜닝 핵심 개념", "short_name: 파인튜닝 핵심 개념\nmastery_score: 70")
	content := t.TempDir()
	if err := os.CopyFS(content, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	lms := scormLMS(t, content)
	tb := newTab(t)
	tb.do(chromedp.Navigate(lms + "/lms/player"))
	tb.waitJS(scoSettled)
	for n := 1; n <= 3; n++ {
		// Two right, one wrong: 67%, under the mastery score of 70.
		choice := map[int]int{1: 1, 2: 0, 3: 1}[n]
		tb.do(run(sco(fmt.Sprintf(`(s => { s.selectedIndex = %d; s.dispatchEvent(new Event("change", {bubbles: true})); })(d.querySelector(".quiz-item:nth-child(%d) .question-select"))`, choice, n))))
		tb.do(run(sco(fmt.Sprintf(`d.querySelector(".quiz-item:nth-child(%d) .question-check").click()`, n))))
	}
	tb.waitJS(`API.cmi.core.lesson_status === "failed"`)
	if raw := eval[string](tb, `API.cmi.core.score.raw`); raw != "67" {
		t.Errorf("score.raw = %s, want 67", raw)
	}
	tb.do(run(sco(`(s => { s.selectedIndex = 2; s.dispatchEvent(new Event("change", {bubbles: true})); })(d.querySelector(".quiz-item:nth-child(2) .question-select"))`)))
	tb.do(run(sco(`d.querySelector(".quiz-item:nth-child(2) .question-check").click()`)))
	tb.waitJS(`API.cmi.core.lesson_status === "passed"`)
	tb.noProblems()
}
