package e2e

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// xStatement is what the tests read of an xAPI statement.
type xStatement struct {
	ID    string `json:"id"`
	Actor *struct {
		Name    string `json:"name"`
		Mbox    string `json:"mbox"`
		Account struct {
			HomePage string `json:"homePage"`
			Name     string `json:"name"`
		} `json:"account"`
	} `json:"actor"`
	Verb struct {
		ID string `json:"id"`
	} `json:"verb"`
	Object struct {
		ID string `json:"id"`
	} `json:"object"`
	Result struct {
		Success *bool `json:"success"`
		Score   *struct {
			Raw, Max int
		} `json:"score"`
	} `json:"result"`
	Context struct {
		Registration string `json:"registration"`
	} `json:"context"`
}

// rawStatements are the statements the LMS player (scorm_test.go) got.
func rawStatements(t *testing.T, tb *tab) []json.RawMessage {
	t.Helper()
	return eval[[]json.RawMessage](tb, `messages.filter(m => m && m.context === "golesson" && m.type === "xapi").map(m => m.statement)`)
}

func decodeStatements(t *testing.T, raws []json.RawMessage) []xStatement {
	t.Helper()
	out := make([]xStatement, len(raws))
	for i, r := range raws {
		if err := json.Unmarshal(r, &out[i]); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func postedStatements(t *testing.T, tb *tab) []xStatement {
	t.Helper()
	return decodeStatements(t, rawStatements(t, tb))
}

// xapiProblems runs Learning Locker's validator (e2e/js/validate-xapi.js,
// in node) on each statement and returns its findings, one list each.
func xapiProblems(t *testing.T, raws []json.RawMessage) [][]string {
	t.Helper()
	jsLib(t, "@learninglocker/xapi-validation/package.json")
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is missing (make test installs Debian's nodejs): ", err)
	}
	in, _ := json.Marshal(raws)
	cmd := exec.Command(node, "validate-xapi.js")
	cmd.Dir = "js"
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("validate-xapi.js: %v\n%s", err, stderr.String())
	}
	var problems [][]string
	if err := json.Unmarshal(out, &problems); err != nil || len(problems) != len(raws) {
		t.Fatalf("validate-xapi.js answered %q (%v)", out, err)
	}
	return problems
}

// validateXAPI fails the test for every statement the validator rejects.
func validateXAPI(t *testing.T, raws []json.RawMessage) {
	t.Helper()
	if len(raws) == 0 {
		t.Fatal("no statements to validate")
	}
	for i, p := range xapiProblems(t, raws) {
		if len(p) > 0 {
			t.Errorf("Learning Locker rejects statement %d: %v\n%s", i, p, raws[i])
		}
	}
}

var uuid4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// With ?actor= on the lesson's URL, served from a sub-path on another
// site: every statement is valid, has its own UUID, the attempt's
// registration, and activity ids from the lesson's IRI (not from the URL).
// A retry that beats the score is a new attempt with a new completed.
func TestXAPIActorParameter(t *testing.T) {
	dir, _ := seed(t)
	lessonURL := serve(t, dir, "/courses/ft/")
	actor := `{"account":{"homePage":"https://lms.example.edu","name":"12345"},"name":"김민지"}`
	host := hostServer(t, map[string]string{"/course": hostPage(lessonURL+"?actor="+url.QueryEscape(actor), false, "")})
	tb := newTab(t)
	tb.do(chromedp.Navigate(host + "/course"))
	fr := tb.frame(lessonURL)
	fr.waitMounted()
	for n, choice := range []int{1, 0, 1} { // 2 of 3 right
		sel := ".quiz-item:nth-child(" + string(rune('1'+n)) + ")"
		fr.choose(sel+" .question-select", choice)
		frameClick(tb, fr, sel+" .question-check")
		fr.waitJS(`document.querySelector("` + sel + ` .question-feedback").textContent !== ""`)
	}
	// 다시 풀기 on the wrong one, then the right answer: 3 of 3.
	frameClick(tb, fr, ".quiz-item:nth-child(2) .question-try-again")
	fr.choose(".quiz-item:nth-child(2) .question-select", 2)
	frameClick(tb, fr, ".quiz-item:nth-child(2) .question-check")
	if !tb.poll(`received.filter(m => m && m.type === "xapi").length >= 6`, 10*time.Second) {
		t.Fatalf("%d statements arrived, want 6", eval[int](tb, `received.filter(m => m && m.type === "xapi").length`))
	}
	raws := eval[[]json.RawMessage](tb, `received.filter(m => m && m.type === "xapi").map(m => m.statement)`)
	validateXAPI(t, raws)
	stmts := decodeStatements(t, raws)
	var got []string
	ids := map[string]bool{}
	for _, s := range stmts {
		verb := s.Verb.ID[strings.LastIndex(s.Verb.ID, "/")+1:]
		got = append(got, verb+" "+s.Object.ID)
		if !uuid4.MatchString(s.ID) || ids[s.ID] {
			t.Errorf("statement id %q: not a fresh UUID v4", s.ID)
		}
		ids[s.ID] = true
		if s.Actor == nil || s.Actor.Account.Name != "12345" || s.Actor.Account.HomePage != "https://lms.example.edu" || s.Actor.Name != "김민지" {
			t.Errorf("actor %+v, want the one from ?actor=", s.Actor)
		}
		if !uuid4.MatchString(s.Context.Registration) {
			t.Errorf("registration %q is not a UUID", s.Context.Registration)
		}
	}
	want := "answered urn:golesson:day1-00#quiz-2-q1 | answered urn:golesson:day1-00#quiz-2-q2 | answered urn:golesson:day1-00#quiz-2-q3 | completed urn:golesson:day1-00 | answered urn:golesson:day1-00#quiz-2-q2 | completed urn:golesson:day1-00"
	if strings.Join(got, " | ") != want {
		t.Errorf("statements:\n got %s\nwant %s", strings.Join(got, " | "), want)
	}
	if len(stmts) == 6 {
		first, second := stmts[0].Context.Registration, stmts[4].Context.Registration
		for i, s := range stmts {
			if w := map[bool]string{true: first, false: second}[i < 4]; s.Context.Registration != w {
				t.Errorf("statement %d has registration %s, want %s (one per attempt)", i, s.Context.Registration, w)
			}
		}
		if first == second {
			t.Error("the retry has the first attempt's registration")
		}
		if s := stmts[5].Result.Score; s == nil || s.Raw != 3 {
			t.Errorf("the second completed scores %+v, want 3", s)
		}
	}
	tb.noProblems()
	fr.noProblems()
}

// embed.js gives statements without an actor the iframe's data-xapi-actor,
// and ignores messages from any frame but the lesson it manages.
func TestXAPIEmbedActorAndOrigin(t *testing.T) {
	dir, _ := seed(t)
	lessonURL := serve(t, dir, "/")
	// A frame of the host's own origin posting what the lesson would.
	evil := `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ad</title><link rel="icon" href="data:,"></head><body><script>
parent.postMessage({subject: "lti.frameResize", height: 5}, "*");
parent.postMessage({context: "golesson", type: "xapi", statement: {verb: {id: "http://adlnet.gov/expapi/verbs/completed"}, object: {id: "urn:evil"}}}, "*");
</script></body></html>`
	page := `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LMS</title><link rel="icon" href="data:,"></head><body style="margin:0">
<script>window.received = []; addEventListener("message", (e) => received.push(e.data)); window.events = [];</script>
<iframe id="lesson" src="` + lessonURL + `" title="lesson" style="width:100%;border:0;height:300px;display:block"
  data-xapi-actor='{"mbox":"mailto:minji@example.edu","name":"김민지"}'></iframe>
<script src="` + lessonURL + `web/embed.js"></script>
<script>for (const f of document.querySelectorAll("iframe")) f.addEventListener("golesson:xapi", (e) => events.push({frame: f.id, statement: e.detail}));</script>
<iframe id="evil" src="/evil" title="ad" style="height:120px"></iframe>
<script>document.getElementById("evil").addEventListener("golesson:xapi", (e) => events.push({frame: "evil", statement: e.detail}));</script>
</body></html>`
	host := hostServer(t, map[string]string{"/course": page, "/evil": evil})
	tb := newTab(t)
	tb.do(chromedp.Navigate(host + "/course"))
	fr := tb.frame(lessonURL)
	fr.waitMounted()
	tb.waitJS(`received.some(m => m && m.height === 5) && received.some(m => m && m.statement && m.statement.object.id === "urn:evil")`)
	fr.choose(".quiz-item:nth-child(1) .question-select", 1)
	frameClick(tb, fr, ".quiz-item:nth-child(1) .question-check")
	if !tb.poll(`events.length >= 1`, 10*time.Second) {
		t.Fatal("no golesson:xapi event on the lesson's iframe")
	}
	if h := eval[string](tb, `document.getElementById("evil").style.height`); h != "120px" {
		t.Errorf("another frame's lti.frameResize set its height to %s", h)
	}
	frames := eval[[]string](tb, `events.map(e => e.frame)`)
	for _, f := range frames {
		if f != "lesson" {
			t.Errorf("embed.js re-dispatched a statement from frame %q", f)
		}
	}
	raws := eval[[]json.RawMessage](tb, `events.map(e => e.statement)`)
	validateXAPI(t, raws)
	if s := decodeStatements(t, raws)[0]; s.Actor == nil || s.Actor.Mbox != "mailto:minji@example.edu" {
		t.Errorf("actor %+v, want the iframe's data-xapi-actor", s.Actor)
	}
	tb.noProblems()
	fr.noProblems()
}
