package ui

import (
	"crypto/rand"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
)

// maxSuspendData is SCORM 1.2's limit for cmi.suspend_data.
const maxSuspendData = 4096

// lms passes the learner's results to whatever embeds the lesson, through
// window.lessonLMS (web/lms.js): xAPI statements to the parent page of an
// iframe, and score, status and suspend data to a SCORM runtime.
// Standalone, lessonLMS does nothing with them.
//
// What the LMS is told never gets worse (lesson.Best): a retry, or a
// dropdown changed without checking, leaves completed/passed and the best
// score as they were; a completed statement goes out again only when a
// retry beats the best score.
type lms struct {
	js        app.Value
	lesson    *lesson.Lesson
	completed bool // set by the store: the restored progress was already complete

	scorm   bool
	mastery int           // the LMS's mastery score, else the lesson's
	had     lesson.Record // what the LMS holds, as last reported
	actor   json.RawMessage
	xapi    xapiState
}

// xapiState is kept on the device across visits: the attempt's
// registration, whether the next answer starts a new attempt, and the best
// score (percent) a completed statement carried.
type xapiState struct {
	Registration string `json:"r"`
	Renew        bool   `json:"n,omitempty"`
	Best         int    `json:"b"`
}

// lmsRecord is what lms.js read from the LMS at launch (all strings, as
// SCORM gives them) and the learner the host named, if any.
type lmsRecord struct {
	Status  string          `json:"status"`
	Score   string          `json:"score"`
	Mastery string          `json:"mastery"`
	Actor   json.RawMessage `json:"actor"`
}

func newLMS(l *lesson.Lesson) *lms {
	if app.IsServer {
		return nil
	}
	v := app.Window().Get("lessonLMS")
	if v == nil || !v.Truthy() {
		return nil
	}
	b := &lms{js: v, lesson: l, mastery: l.MasteryScore, had: lesson.Record{Score: -1}}
	b.scorm = v.Get("scorm").Truthy()
	var rec lmsRecord
	if s := call(v, "record"); s.Type() == app.TypeString {
		json.Unmarshal([]byte(s.String()), &rec)
	}
	if len(rec.Actor) > 0 && string(rec.Actor) != "null" {
		b.actor = rec.Actor
	}
	if m, err := strconv.ParseFloat(rec.Mastery, 64); err == nil && m > 0 && m <= 100 {
		b.mastery = int(m + 0.5)
	}
	b.had.Status = rec.Status
	if sc, err := strconv.ParseFloat(rec.Score, 64); err == nil && sc >= 0 {
		b.had.Score = int(sc + 0.5)
	}
	b.xapi = b.loadXAPI()
	if done := b.had.Status == "completed" || b.had.Status == "passed" || b.had.Status == "failed"; done && b.had.Score > b.xapi.Best {
		b.xapi.Best = b.had.Score
	}
	return b
}

func (b *lms) xapiKey() string { return "golesson:" + b.lesson.ID + ":xapi:v1" }

func (b *lms) loadXAPI() xapiState {
	st := xapiState{Best: -1}
	if js := jsStore(); js != nil {
		if raw := call(js, "get", b.xapiKey()); raw.Type() == app.TypeString {
			var saved xapiState
			if json.Unmarshal([]byte(raw.String()), &saved) == nil && validUUID(saved.Registration) && saved.Best >= -1 && saved.Best <= 100 {
				st = saved
			}
		}
	}
	if st.Registration == "" {
		st.Registration = newUUID()
	}
	return st
}

func (b *lms) saveXAPI() {
	if js := jsStore(); js != nil {
		j, _ := json.Marshal(b.xapi)
		call(js, "set", b.xapiKey(), string(j))
	}
}

// suspendData is what the SCORM runtime kept of a previous attempt, in the
// store's format.
func (b *lms) suspendData() string {
	if b == nil {
		return ""
	}
	if v := call(b.js, "suspendData"); v.Type() == app.TypeString {
		return decodeSuspend(b.lesson, v.String())
	}
	return ""
}

// changed reports the progress after any change; checked is the id of the
// question just checked, or "".
func (b *lms) changed(p lesson.Progress, checked string) {
	if b == nil {
		return
	}
	if b.completed && b.xapi.Best < 0 {
		// Progress restored complete from before the best was kept: its
		// completed statement went out then.
		b.xapi.Best = 0
	}
	r := b.lesson.QuizResult(p)
	attempt := func() lesson.Attempt {
		return lesson.Attempt{Registration: b.xapi.Registration, Actor: b.actor, Timestamp: time.Now().UTC().Format(time.RFC3339), NewID: newUUID}
	}
	if checked != "" {
		for _, q := range b.lesson.Questions() {
			if q.ID != checked {
				continue
			}
			if b.xapi.Renew {
				// The first answer after a completed attempt starts the next.
				b.xapi.Registration, b.xapi.Renew = newUUID(), false
				b.saveXAPI()
			}
			b.post(b.lesson.Answered(attempt(), q, p.Answers[checked].Choice))
		}
	}
	if b.scorm {
		rec := b.lesson.Best(b.had, r, b.mastery)
		call(b.js, "progress", encodeSuspend(b.lesson, p), rec.Score, rec.Status)
		b.had = rec
	}
	if r.Complete() && r.Percent() > b.xapi.Best {
		b.post(b.lesson.Completed(attempt(), r, b.mastery))
		b.xapi.Best, b.xapi.Renew = r.Percent(), true
		b.saveXAPI()
	}
}

func (b *lms) post(s lesson.Statement) {
	j, err := json.Marshal(s)
	if err == nil {
		call(b.js, "statement", string(j))
	}
}

// newUUID is a random (version 4) UUID from the browser's CSPRNG, which
// Go's crypto/rand uses in WebAssembly.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	return lesson.UUID(b)
}

func validUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
		} else if !strings.ContainsRune("0123456789abcdef", c) {
			return false
		}
	}
	return true
}

// suspendPrefix marks the compact form of cmi.suspend_data (version 1).
// Data without it is the store's JSON form (older packages wrote that).
const suspendPrefix = "c1"

// compactProgress is lesson.Progress for cmi.suspend_data, indexed by the
// lesson's own order instead of by ids, so it stays far below SCORM 1.2's
// 4096 characters: a question's answer takes 2 to 4 characters, not ~30.
type compactProgress struct {
	// A is one entry per question in page order, comma-separated: "" (not
	// answered) or the option index, then "k" if checked, "r" if the right
	// answer was shown. Trailing empty entries are left out.
	A string                           `json:"a,omitempty"`
	S map[string]int64                 `json:"s,omitempty"` // calculator sliders, by id
	X map[string][]int                 `json:"x,omitempty"` // mini-lab items left out, by block id
	D map[string]lesson.DeeperSettings `json:"d,omitempty"` // 자세히 settings, by calculator block id
	V []int                            `json:"v,omitempty"` // sections read, by index
}

// encodeSuspend is p for cmi.suspend_data: at most 4096 characters, never
// empty when there is progress. When it would be longer, the least useful
// parts go first: read marks, detail settings, sliders, mini-lab choices,
// then choices that were never checked. "" only when even the checked
// answers do not fit; the caller then keeps the LMS's copy.
func encodeSuspend(l *lesson.Lesson, p lesson.Progress) string {
	c := compactProgress{S: p.Sliders, X: p.Excluded, D: p.Deeper}
	qs := l.Questions()
	answers := func(checkedOnly bool) string {
		parts := make([]string, len(qs))
		for i, q := range qs {
			a, ok := p.Answers[q.ID]
			if !ok || a.Choice < 0 || a.Choice >= len(q.Options) || (checkedOnly && !a.Checked) {
				continue
			}
			parts[i] = strconv.Itoa(a.Choice)
			if a.Checked {
				parts[i] += "k"
			}
			if a.Shown {
				parts[i] += "r"
			}
		}
		return strings.TrimRight(strings.Join(parts, ","), ",")
	}
	c.A = answers(false)
	for _, id := range p.Visited {
		for i, s := range l.Sections {
			if s.ID == id {
				c.V = append(c.V, i)
			}
		}
	}
	enc := func() string {
		j, _ := json.Marshal(c)
		return suspendPrefix + string(j)
	}
	drops := []func(){
		func() { c.V = nil },
		func() { c.D = nil },
		func() { c.S = nil },
		func() { c.X = nil },
		func() { c.A = answers(true) },
	}
	s := enc()
	for _, drop := range drops {
		if len(s) <= maxSuspendData {
			return s
		}
		drop()
		s = enc()
	}
	if len(s) <= maxSuspendData {
		return s
	}
	return ""
}

// decodeSuspend turns cmi.suspend_data back into the store's form. Data
// that is not compact is returned as it is (the store checks it).
func decodeSuspend(l *lesson.Lesson, s string) string {
	if !strings.HasPrefix(s, suspendPrefix) {
		return s
	}
	var c compactProgress
	if json.Unmarshal([]byte(s[len(suspendPrefix):]), &c) != nil {
		return ""
	}
	p := lesson.Progress{Sliders: c.S, Excluded: c.X, Deeper: c.D}
	qs := l.Questions()
	if c.A != "" {
		for i, part := range strings.Split(c.A, ",") {
			if i >= len(qs) || part == "" {
				continue
			}
			digits := strings.TrimRight(part, "kr")
			n, err := strconv.Atoi(digits)
			if err != nil || n < 0 || n >= len(qs[i].Options) {
				continue
			}
			flags := part[len(digits):]
			if p.Answers == nil {
				p.Answers = map[string]lesson.Answer{}
			}
			p.Answers[qs[i].ID] = lesson.Answer{Choice: n, Checked: strings.Contains(flags, "k"), Shown: strings.Contains(flags, "r")}
		}
	}
	for _, i := range c.V {
		if i >= 0 && i < len(l.Sections) {
			p.Visited = append(p.Visited, l.Sections[i].ID)
		}
	}
	return p.Encode()
}
