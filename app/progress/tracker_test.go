package progress

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"golesson/app/lesson"
	"golesson/app/parse"
	"golesson/content"
)

func seedLesson(t *testing.T) *lesson.Lesson {
	t.Helper()
	l, err := parse.Lesson(content.FS(), "day1-00-finetuning.md")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// fakeLMS records what the lesson reports.
type fakeLMS struct {
	launch     Launch
	suspend    string
	statements []lesson.Statement
	reports    []report
}

type report struct {
	suspend string
	score   int
	status  string
}

func (f *fakeLMS) Launch() Launch      { return f.launch }
func (f *fakeLMS) SuspendData() string { return f.suspend }
func (f *fakeLMS) Statement(j string) {
	var s lesson.Statement
	json.Unmarshal([]byte(j), &s)
	f.statements = append(f.statements, s)
}
func (f *fakeLMS) Report(s string, score int, status string) {
	f.reports = append(f.reports, report{s, score, status})
}

// saved is what the store holds for l, decoded.
func saved(t *testing.T, s *MemoryStore, l *lesson.Lesson) lesson.Progress {
	t.Helper()
	raw, ok := s.Get(lesson.ProgressKey(l.ID))
	if !ok {
		t.Fatal("nothing saved")
	}
	p, err := lesson.DecodeProgress(raw)
	if err != nil {
		t.Fatalf("saved %q: %v", raw, err)
	}
	return p
}

// The quiz's handlers: select, check, try again, show the answer, reset.
// Each one changes the progress and saves it.
func TestQuizChanges(t *testing.T) {
	l := seedLesson(t)
	qs := l.Questions()
	q := qs[0]
	wrong := (q.Answer + 1) % len(q.Options)
	store := NewMemoryStore(nil)
	tr := Open(l, store, Standalone{})

	steps := []struct {
		name   string
		change func()
		want   lesson.Answer
	}{
		{"select", func() { tr.SetAnswer(q.ID, Select(tr.Answer(q.ID), wrong)) }, lesson.Answer{Choice: wrong}},
		{"check", func() { tr.SetAnswer(q.ID, Check(tr.Answer(q.ID))) }, lesson.Answer{Choice: wrong, Checked: true}},
		{"show the answer", func() { tr.SetAnswer(q.ID, ShowAnswer(tr.Answer(q.ID))) }, lesson.Answer{Choice: wrong, Checked: true, Shown: true}},
		{"try again", func() { tr.SetAnswer(q.ID, TryAgain(tr.Answer(q.ID))) }, lesson.Answer{Choice: wrong}},
		{"check again", func() { tr.SetAnswer(q.ID, Check(tr.Answer(q.ID))) }, lesson.Answer{Choice: wrong, Checked: true}},
		{"another option unchecks", func() { tr.SetAnswer(q.ID, Select(tr.Answer(q.ID), q.Answer)) }, lesson.Answer{Choice: q.Answer}},
		{"an option out of range changes nothing", func() { tr.SetAnswer(q.ID, Select(tr.Answer(q.ID), len(q.Options))) }, lesson.Answer{Choice: q.Answer}},
	}
	for _, s := range steps {
		s.change()
		if got := tr.Progress().Answers[q.ID]; got != s.want {
			t.Errorf("%s: answer %+v, want %+v", s.name, got, s.want)
		}
		if got := saved(t, store, l).Answers[q.ID]; got != s.want {
			t.Errorf("%s: saved %+v, want %+v", s.name, got, s.want)
		}
	}
	tr.SetAnswer("no-such-question", lesson.Answer{})
	if _, ok := tr.Progress().Answers["no-such-question"]; ok {
		t.Error("checking a question the lesson lacks recorded an answer")
	}

	tr.SetAnswer(qs[1].ID, lesson.Answer{Checked: true})
	tr.ResetQuiz()
	for _, q := range qs {
		if a := tr.Progress().Answers[q.ID]; a != (lesson.Answer{}) {
			t.Errorf("after the reset, %s is %+v, want the first option unchecked", q.ID, a)
		}
	}
}

// A value handed out is never changed by a later change: a component can
// compare the old progress with the new.
func TestProgressValuesStay(t *testing.T) {
	l := seedLesson(t)
	tr := Open(l, NewMemoryStore(nil), Standalone{})
	q := l.Questions()[0]
	tr.SetAnswer(q.ID, lesson.Answer{Choice: 1})
	tr.SetSlider("calc.rank", 8)
	tr.Include("lab", 2, false)
	tr.SetDeeper("calc", lesson.DeeperSettings{Rank: 4})
	tr.Visit(l.Sections[0].ID)
	before := tr.Progress()
	want := before.Encode()
	tr.SetAnswer(q.ID, lesson.Answer{Choice: 2})
	tr.SetSlider("calc.rank", 16)
	tr.Include("lab", 3, false)
	tr.SetDeeper("calc", lesson.DeeperSettings{Rank: 8})
	tr.Visit(l.Sections[1].ID)
	if got := before.Encode(); got != want {
		t.Errorf("an earlier progress changed:\n got %s\nwant %s", got, want)
	}
}

// The calculator, the mini-lab and the contents.
func TestOtherChanges(t *testing.T) {
	l := seedLesson(t)
	store := NewMemoryStore(nil)
	tr := Open(l, store, Standalone{})

	tr.SetSlider("calculator-2.rank", 32)
	if v, ok := tr.Slider("calculator-2.rank"); !ok || v != 32 {
		t.Errorf("Slider = %d, %v; want 32, true", v, ok)
	}

	tr.Include("mini-lab-2", 3, false)
	tr.Include("mini-lab-2", 0, false)
	tr.Include("mini-lab-2", 0, false) // twice: still once
	if got := tr.Progress().Excluded["mini-lab-2"]; !reflect.DeepEqual(got, []int{0, 3}) {
		t.Errorf("left out %v, want [0 3]", got)
	}
	tr.Include("mini-lab-2", 0, true)
	tr.Include("mini-lab-2", 3, true)
	if got, ok := tr.Progress().Excluded["mini-lab-2"]; ok {
		t.Errorf("every item back in, yet %v is kept", got)
	}

	tr.Visit("peft")
	tr.Visit("peft")
	if got := saved(t, store, l).Visited; !reflect.DeepEqual(got, []string{"peft"}) {
		t.Errorf("read %v, want [peft] once", got)
	}
}

// Restoring: the device's copy, sanitised; unreadable data is removed, and
// so is progress saved under an older key.
func TestOpen(t *testing.T) {
	l := seedLesson(t)
	key := lesson.ProgressKey(l.ID)
	old := lesson.ProgressKeyPrefix(l.ID) + "v0"
	store := NewMemoryStore(map[string]string{
		key: `{"v":2,"a":{"quiz-2-q1":{"c":1,"k":true},"quiz-2-q9":{"c":0}},"seen":["peft","nope"]}`,
		old: `{}`, "other": "kept",
	})
	p := Open(l, store, Standalone{}).Progress()
	if len(p.Answers) != 1 || p.Answers["quiz-2-q1"] != (lesson.Answer{Choice: 1, Checked: true}) || !reflect.DeepEqual(p.Visited, []string{"peft"}) {
		t.Errorf("restored %+v, want quiz-2-q1 and peft only", p)
	}
	if got := strings.Join(store.Keys(), " "); got != key+" other" {
		t.Errorf("keys after opening: %s, want %s other", got, key)
	}

	store = NewMemoryStore(map[string]string{key: `{"v":2,"a":`})
	if p := Open(l, store, Standalone{}).Progress(); !reflect.DeepEqual(p, lesson.Progress{}) {
		t.Errorf("corrupt data restored as %+v", p)
	}
	if _, ok := store.Get(key); ok {
		t.Error("corrupt data was kept")
	}

	// Under SCORM the LMS's record comes first.
	lms := &fakeLMS{suspend: `c1{"a":",2k"}`}
	p = Open(l, NewMemoryStore(map[string]string{key: `{"v":2,"a":{"quiz-2-q1":{"c":1}}}`}), lms).Progress()
	if len(p.Answers) != 1 || p.Answers[l.Questions()[1].ID] != (lesson.Answer{Choice: 2, Checked: true}) {
		t.Errorf("restored %+v under SCORM, want the LMS's answer to question 2", p)
	}
}

// Another tab's save becomes this page's progress, without saving it again;
// a clear in the other tab or unreadable data changes nothing.
func TestWatchAnotherTab(t *testing.T) {
	l := seedLesson(t)
	key := lesson.ProgressKey(l.ID)
	store := NewMemoryStore(nil)
	tr := Open(l, store, Standalone{})
	tr.Visit("peft")
	var applied int
	tr.Watch(func(apply func()) { apply(); applied++ })

	store.Other(key, `{"v":2,"a":{"quiz-2-q1":{"c":2}},"seen":["nope"]}`, true)
	if p := tr.Progress(); applied != 1 || p.Answers["quiz-2-q1"] != (lesson.Answer{Choice: 2}) || p.Visited != nil {
		t.Errorf("after another tab's save (%d applied): %+v", applied, p)
	}
	store.Other(key, "", false)
	store.Other(key, "{broken", true)
	if applied != 1 || tr.Progress().Answers["quiz-2-q1"] != (lesson.Answer{Choice: 2}) {
		t.Errorf("a clear or broken data in another tab was applied (%d)", applied)
	}
}

// What the LMS is told: an answered statement per check, SCORM's record
// after every change (never worse than it had), one completed statement.
func TestReporting(t *testing.T) {
	l := seedLesson(t)
	lms := &fakeLMS{launch: Launch{SCORM: true, Status: "incomplete", Score: "", Mastery: "50"}}
	store := NewMemoryStore(nil)
	tr := Open(l, store, lms)
	qs := l.Questions()
	for _, q := range qs {
		tr.SetAnswer(q.ID, lesson.Answer{Choice: q.Answer})
		tr.SetAnswer(q.ID, lesson.Answer{Choice: q.Answer, Checked: true})
	}
	if n := len(lms.statements); n != len(qs)+1 {
		t.Fatalf("%d statements, want one answered per question and one completed", n)
	}
	if last := lms.statements[len(lms.statements)-1]; !strings.HasSuffix(last.Verb.ID, "/completed") {
		t.Errorf("last statement is %s, want completed", last.Verb.ID)
	}
	if n := len(lms.reports); n != 2*len(qs) {
		t.Errorf("%d SCORM reports, want one per change (%d)", n, 2*len(qs))
	}
	if r := lms.reports[len(lms.reports)-1]; r.score != 100 || r.status != "passed" || !strings.HasPrefix(r.suspend, suspendPrefix) {
		t.Errorf("last SCORM report %+v, want 100, passed, compact suspend data", r)
	}
	// A worse retry changes neither the LMS's record nor sends completed again.
	q := qs[0]
	tr.SetAnswer(q.ID, lesson.Answer{Choice: (q.Answer + 1) % len(q.Options), Checked: true})
	if r := lms.reports[len(lms.reports)-1]; r.score != 100 || r.status != "passed" {
		t.Errorf("after a worse retry the LMS is told %+v, want 100, passed still", r)
	}
	if last := lms.statements[len(lms.statements)-1]; !strings.HasSuffix(last.Verb.ID, "/answered") {
		t.Errorf("a worse retry sent %s", last.Verb.ID)
	}
	if _, ok := store.Get("golesson:" + l.ID + ":xapi:v1"); !ok {
		t.Error("the xAPI attempt is not kept on the device")
	}
}

// Standalone, nothing is sent, and the page works all the same.
func TestStandaloneReportsNothing(t *testing.T) {
	l := seedLesson(t)
	tr := Open(l, NewMemoryStore(nil), Standalone{})
	q := l.Questions()[0]
	tr.SetAnswer(q.ID, lesson.Answer{Checked: true})
	if !tr.Progress().Answers[q.ID].Checked {
		t.Error("checking standalone was not recorded")
	}
}

// The course home reads each lesson's saved progress; unreadable data
// counts as nothing done.
func TestSaved(t *testing.T) {
	l := seedLesson(t)
	store := NewMemoryStore(map[string]string{lesson.ProgressKey(l.ID): `{"v":2,"seen":["peft"]}`})
	if s := Saved(store, l); s.Read != 1 || !s.Started() {
		t.Errorf("Saved = %+v, want 1 section read", s)
	}
	store = NewMemoryStore(map[string]string{lesson.ProgressKey(l.ID): `{broken`})
	if s := Saved(store, l); s.Started() {
		t.Errorf("broken data counts as started: %+v", s)
	}
}

// countingStore counts saves.
type countingStore struct {
	*MemoryStore
	sets int
}

func (s *countingStore) Set(key, value string) { s.sets++; s.MemoryStore.Set(key, value) }

// Sliders moved before the app ran are saved once, and only what fits the
// lesson: the page's script is trusted no more than saved data.
func TestEarlySliders(t *testing.T) {
	l := seedLesson(t)
	store := &countingStore{MemoryStore: NewMemoryStore(nil)}
	tr := Open(l, store, Standalone{})
	tr.SetSlider("calculator-2.layers", 8)
	store.sets = 0

	tr.SetSliders(map[string]int64{
		"calculator-2.hidden": 4352, // on the grid: kept
		"calculator-2.rank":   5,    // off the 4-step grid: dropped
		"calculator-9.rank":   8,    // no such calculator: dropped
	})
	got := saved(t, store.MemoryStore, l).Sliders
	want := map[string]int64{"calculator-2.hidden": 4352, "calculator-2.layers": 8}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("saved sliders %v, want %v (the earlier layers kept)", got, want)
	}
	if store.sets != 1 {
		t.Errorf("%d saves, want 1 for all the early values", store.sets)
	}
	tr.SetSliders(map[string]int64{"calculator-2.hidden": 4352})
	tr.SetSliders(nil)
	if store.sets != 1 {
		t.Errorf("%d saves, want still 1: nothing new was moved", store.sets)
	}
}
