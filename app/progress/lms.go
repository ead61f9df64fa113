package progress

import (
	"crypto/rand"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"golesson/app/lesson"
)

// LMS is whatever embeds the lesson, as web/lms.js presents it: an iframe's
// parent page (xAPI statements) or a SCORM 1.2 runtime (score, status and
// suspend data). Standalone it does nothing.
type LMS interface {
	// Launch is what the LMS said when the page started.
	Launch() Launch
	// SuspendData is what the SCORM runtime kept of a previous attempt
	// (cmi.suspend_data), or "".
	SuspendData() string
	// Statement sends an xAPI statement (JSON) to the embedding page.
	Statement(json string)
	// Report sends SCORM the progress: suspend data ("" when it would not
	// fit: the LMS keeps its copy), the score (-1: none yet) and status.
	Report(suspendData string, score int, status string)
}

// Launch is what the LMS had at launch (all strings, as SCORM gives them),
// the learner the host named, if any, and how the lesson is embedded.
type Launch struct {
	Status   string          `json:"status"`
	Score    string          `json:"score"`
	Mastery  string          `json:"mastery"`
	Actor    json.RawMessage `json:"actor"`
	SCORM    bool            `json:"-"`
	Embedded bool            `json:"-"`
}

// Standalone is the LMS of a lesson nothing embeds: it is told nothing.
type Standalone struct{}

func (Standalone) Launch() Launch             { return Launch{} }
func (Standalone) SuspendData() string        { return "" }
func (Standalone) Statement(string)           {}
func (Standalone) Report(string, int, string) {}

// reporter decides what the LMS is told. It never gets worse
// (lesson.Best): a retry, or a dropdown changed without checking, leaves
// completed/passed and the best score as they were; a completed statement
// goes out again only when a retry beats the best score.
type reporter struct {
	lms       LMS
	store     Store
	lesson    *lesson.Lesson
	completed bool // the restored progress was already complete

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

func newReporter(l *lesson.Lesson, store Store, lms LMS) *reporter {
	rec := lms.Launch()
	r := &reporter{lms: lms, store: store, lesson: l, scorm: rec.SCORM, mastery: l.MasteryScore, had: lesson.Record{Score: -1}}
	if len(rec.Actor) > 0 && string(rec.Actor) != "null" {
		r.actor = rec.Actor
	}
	if m, err := strconv.ParseFloat(rec.Mastery, 64); err == nil && m > 0 && m <= 100 {
		r.mastery = int(m + 0.5)
	}
	r.had.Status = rec.Status
	if sc, err := strconv.ParseFloat(rec.Score, 64); err == nil && sc >= 0 {
		r.had.Score = int(sc + 0.5)
	}
	r.xapi = r.loadXAPI()
	if done := r.had.Status == "completed" || r.had.Status == "passed" || r.had.Status == "failed"; done && r.had.Score > r.xapi.Best {
		r.xapi.Best = r.had.Score
	}
	return r
}

func (r *reporter) xapiKey() string { return "golesson:" + r.lesson.ID + ":xapi:v1" }

func (r *reporter) loadXAPI() xapiState {
	x := xapiState{Best: -1}
	if raw, ok := r.store.Get(r.xapiKey()); ok {
		var saved xapiState
		if json.Unmarshal([]byte(raw), &saved) == nil && validUUID(saved.Registration) && saved.Best >= -1 && saved.Best <= 100 {
			x = saved
		}
	}
	if x.Registration == "" {
		x.Registration = newUUID()
	}
	return x
}

func (r *reporter) saveXAPI() {
	j, _ := json.Marshal(r.xapi)
	r.store.Set(r.xapiKey(), string(j))
}

// changed reports the progress after any change; checked is the id of the
// question just checked, or "".
func (r *reporter) changed(p lesson.Progress, checked string) {
	if r.completed && r.xapi.Best < 0 {
		// Progress restored complete from before the best was kept: its
		// completed statement went out then.
		r.xapi.Best = 0
	}
	res := r.lesson.QuizResult(p)
	attempt := func() lesson.Attempt {
		return lesson.Attempt{Registration: r.xapi.Registration, Actor: r.actor, Timestamp: time.Now().UTC().Format(time.RFC3339), NewID: newUUID}
	}
	if checked != "" {
		for _, q := range r.lesson.Questions() {
			if q.ID != checked {
				continue
			}
			if r.xapi.Renew {
				// The first answer after a completed attempt starts the next.
				r.xapi.Registration, r.xapi.Renew = newUUID(), false
				r.saveXAPI()
			}
			r.post(r.lesson.Answered(attempt(), q, p.Answers[checked].Choice))
		}
	}
	if r.scorm {
		rec := r.lesson.Best(r.had, res, r.mastery)
		r.lms.Report(encodeSuspend(r.lesson, p), rec.Score, rec.Status)
		r.had = rec
	}
	if res.Complete() && res.Percent() > r.xapi.Best {
		r.post(r.lesson.Completed(attempt(), res, r.mastery))
		r.xapi.Best, r.xapi.Renew = res.Percent(), true
		r.saveXAPI()
	}
}

func (r *reporter) post(s lesson.Statement) {
	if j, err := json.Marshal(s); err == nil {
		r.lms.Statement(string(j))
	}
}

// newUUID is a random (version 4) UUID; in WebAssembly crypto/rand reads
// the browser's CSPRNG.
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
