package progress

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golesson/app/lesson"
)

// manyQuestions is a lesson of sections × perSection questions of three
// options each.
func manyQuestions(sections, perSection int) *lesson.Lesson {
	l := &lesson.Lesson{ID: "many"}
	for s := range sections {
		qb := &lesson.QuizBlock{}
		for range perSection {
			qb.Questions = append(qb.Questions, lesson.Question{Options: []string{"a", "b", "c"}, Answer: 1})
		}
		l.Sections = append(l.Sections, lesson.Section{ID: fmt.Sprintf("part-%d", s+1), Blocks: []lesson.Block{{Kind: lesson.Quiz, Quiz: qb}}})
	}
	return l
}

// fullProgress answers every question (every third one unchecked, every
// fifth with the answer shown), reads every section and sets the rest.
func fullProgress(l *lesson.Lesson, detail int) lesson.Progress {
	p := lesson.Progress{Answers: map[string]lesson.Answer{}, Sliders: map[string]int64{"calculator-1-rank": 16},
		Excluded: map[string][]int{"lab-1": {1, 3}}, Deeper: map[string]lesson.DeeperSettings{"calculator-1": {Rank: 8, Modules: slices.Repeat([]lesson.Module{lesson.QProj}, detail/len(`"q_proj",`))}}}
	for i, q := range l.Questions() {
		p.Answers[q.ID] = lesson.Answer{Choice: i % 3, Checked: i%3 != 0, Shown: i%5 == 0}
	}
	for _, s := range l.Sections {
		p.Visited = append(p.Visited, s.ID)
	}
	return p
}

func decoded(t *testing.T, l *lesson.Lesson, s string) lesson.Progress {
	t.Helper()
	p, err := lesson.DecodeProgress(decodeSuspend(l, s))
	if err != nil {
		t.Fatalf("decoding %q: %v", s, err)
	}
	return p
}

// The compact form holds everything the store's JSON form holds.
func TestSuspendRoundTrip(t *testing.T) {
	l := manyQuestions(24, 10)
	p := fullProgress(l, 40)
	if n := len(p.Encode()); n <= maxSuspendData {
		t.Fatalf("the store's form is %d characters: this test needs a lesson that overflows suspend_data", n)
	}
	s := encodeSuspend(l, p)
	if len(s) > maxSuspendData || !strings.HasPrefix(s, suspendPrefix) {
		t.Fatalf("suspend_data is %d characters: %.80s…", len(s), s)
	}
	if got := decoded(t, l, s); !reflect.DeepEqual(got, p) {
		t.Errorf("round trip lost data:\n got %+v\nwant %+v", got, p)
	}
	// Older packages stored the JSON form: it passes through as it is.
	if got := decodeSuspend(l, p.Encode()); got != p.Encode() {
		t.Errorf("the JSON form came back changed")
	}
	// Hostile data never stops the lesson: it decodes to something the
	// store can read, or to nothing.
	for _, bad := range []string{"c1", "c1{", `c1{"a":"9k,x,-1,1kr,,2"}`, `c1{"v":[-1,99,0]}`, `c1{"a":"` + strings.Repeat("1k,", 5000) + `"}`} {
		if out := decodeSuspend(l, bad); out != "" {
			if _, err := lesson.DecodeProgress(out); err != nil {
				t.Errorf("%.40q decoded to unreadable %q", bad, out)
			}
		}
	}
	if got := decoded(t, l, `c1{"a":"9k,x,-1,1kr,,2","v":[-1,99,0]}`); len(got.Answers) != 2 || got.Answers["part-1-1-q4"] != (lesson.Answer{Choice: 1, Checked: true, Shown: true}) || len(got.Visited) != 1 {
		t.Errorf("out-of-range entries were not dropped: %+v", got)
	}
}

// When even the compact form is too long, the least useful parts go first:
// read marks, then detail settings, …, and checked answers last.
func TestSuspendDropsLeastUsefulFirst(t *testing.T) {
	l := manyQuestions(330, 3)
	p := fullProgress(l, 100)
	s := encodeSuspend(l, p)
	if s == "" || len(s) > maxSuspendData {
		t.Fatalf("suspend_data is %d characters", len(s))
	}
	got := decoded(t, l, s)
	if got.Visited != nil {
		t.Errorf("read marks kept (%d) while over the limit", len(got.Visited))
	}
	if !reflect.DeepEqual(got.Answers, p.Answers) || !reflect.DeepEqual(got.Deeper, p.Deeper) {
		t.Errorf("answers or details lost although dropping read marks was enough")
	}

	// A detail too long for the rest: details go, sliders and answers stay.
	p = fullProgress(l, 3000)
	got = decoded(t, l, encodeSuspend(l, p))
	if got.Deeper != nil || !reflect.DeepEqual(got.Answers, p.Answers) || !reflect.DeepEqual(got.Sliders, p.Sliders) {
		t.Errorf("with a long detail: %d details, %d answers, sliders %v", len(got.Deeper), len(got.Answers), got.Sliders)
	}

	// So many questions that only the checked answers fit.
	l = manyQuestions(500, 3)
	p = fullProgress(l, 0)
	got = decoded(t, l, encodeSuspend(l, p))
	for id, a := range p.Answers {
		if g, ok := got.Answers[id]; a.Checked != ok || (ok && g != a) {
			t.Fatalf("answer %s: kept %v as %+v, had %+v (unchecked choices go, checked ones stay)", id, ok, g, a)
		}
	}

	// Too many checked answers for 4096 characters: nothing rather than a
	// cut record; web/lms.js then leaves the LMS's copy as it was.
	l = manyQuestions(700, 3)
	p = fullProgress(l, 0)
	if s := encodeSuspend(l, p); s != "" {
		t.Errorf("%d characters of suspend_data for 2100 answers, 1400 of them checked", len(s))
	}
}
