package lesson

import (
	"strconv"
	"strings"
	"testing"
)

func quizLesson(mastery int) *Lesson {
	q := func(answer int) Question { return Question{Options: []string{"a", "b", "c"}, Answer: answer} }
	return &Lesson{
		MasteryScore: mastery,
		Sections: []Section{
			{ID: "quiz", Blocks: []Block{{Kind: Prose}, {Kind: Quiz, Quiz: &QuizBlock{Questions: []Question{q(1), q(2), q(0)}}}}},
		},
	}
}

func TestQuestionIDs(t *testing.T) {
	var ids []string
	for _, q := range quizLesson(0).Questions() {
		ids = append(ids, q.ID)
	}
	if got, want := strings.Join(ids, " "), "quiz-2-q1 quiz-2-q2 quiz-2-q3"; got != want {
		t.Errorf("question ids = %s, want %s", got, want)
	}
}

func TestResultAndStatus(t *testing.T) {
	for _, tc := range []struct {
		name    string
		mastery int
		answers map[string]Answer
		want    QuizResult
		percent int
		status  string
	}{
		{"nothing yet", 0, nil, QuizResult{0, 0, 3}, 0, "incomplete"},
		{"chosen, not checked", 0, map[string]Answer{"quiz-2-q1": {Choice: 1}}, QuizResult{0, 0, 3}, 0, "incomplete"},
		{"two of three checked", 0, map[string]Answer{"quiz-2-q1": {1, true, false}, "quiz-2-q2": {0, true, false}}, QuizResult{2, 1, 3}, 33, "incomplete"},
		{"all checked, no mastery", 0, map[string]Answer{"quiz-2-q1": {1, true, false}, "quiz-2-q2": {0, true, false}, "quiz-2-q3": {0, true, false}}, QuizResult{3, 2, 3}, 67, "completed"},
		{"all checked, passed", 60, map[string]Answer{"quiz-2-q1": {1, true, false}, "quiz-2-q2": {0, true, false}, "quiz-2-q3": {0, true, false}}, QuizResult{3, 2, 3}, 67, "passed"},
		{"all checked, failed", 70, map[string]Answer{"quiz-2-q1": {1, true, false}, "quiz-2-q2": {0, true, false}, "quiz-2-q3": {0, true, false}}, QuizResult{3, 2, 3}, 67, "failed"},
		{"all right", 100, map[string]Answer{"quiz-2-q1": {1, true, false}, "quiz-2-q2": {2, true, false}, "quiz-2-q3": {0, true, false}}, QuizResult{3, 3, 3}, 100, "passed"},
	} {
		l := quizLesson(tc.mastery)
		r := l.QuizResult(Progress{Answers: tc.answers})
		if r != tc.want || r.Percent() != tc.percent || l.Status(r) != tc.status {
			t.Errorf("%s: %+v %d%% %s, want %+v %d%% %s", tc.name, r, r.Percent(), l.Status(r), tc.want, tc.percent, tc.status)
		}
	}
}

func TestStatements(t *testing.T) {
	l := quizLesson(0)
	l.Lang, l.Title, l.IRI = "ko", "레슨", "https://x.test/l"
	n := 0
	a := Attempt{Registration: "reg", Actor: []byte(`{"mbox":"mailto:a@x.test"}`), Timestamp: "2026-01-01T00:00:00Z",
		NewID: func() string { n++; return "id" + strconv.Itoa(n) }}
	q := l.Questions()[0]
	s := l.Answered(a, q, 2)
	if s.Verb.ID != "http://adlnet.gov/expapi/verbs/answered" || s.Object.ID != "https://x.test/l#quiz-2-q1" ||
		*s.Result.Success || s.Result.Response != "2" || s.Object.Definition.CorrectResponsesPattern[0] != "1" ||
		len(s.Object.Definition.Choices) != 3 || s.Object.Definition.InteractionType != "choice" ||
		s.ID != "id1" || s.Context.Registration != "reg" || s.Context.ContextActivities["parent"][0].ID != "https://x.test/l" ||
		string(s.Actor) != `{"mbox":"mailto:a@x.test"}` || s.Timestamp != "2026-01-01T00:00:00Z" {
		t.Errorf("answered = %+v, want the statement checked field by field above", s)
	}
	c := l.Completed(a, QuizResult{Checked: 3, Correct: 2, Total: 3}, 0)
	if c.Verb.ID != "http://adlnet.gov/expapi/verbs/completed" || c.Object.ID != "https://x.test/l" || c.Result.Score.Raw != 2 || c.Result.Score.Max != 3 ||
		c.Result.Score.Min != 0 || c.Result.Score.Scaled != 0.6667 || !*c.Result.Completion || c.Result.Success != nil ||
		c.ID != "id2" || c.Context.Registration != "reg" {
		t.Errorf("completed = %+v %+v, want the statement checked field by field above", c, c.Result.Score)
	}
	// The mastery score in force (the LMS's may differ from the lesson's)
	// decides success.
	if c := l.Completed(a, QuizResult{Checked: 3, Correct: 2, Total: 3}, 70); c.Result.Success == nil || *c.Result.Success {
		t.Errorf("67%% against mastery 70: success %v, want false", c.Result.Success)
	}
}

func TestUUID(t *testing.T) {
	var b [16]byte
	for i := range b {
		b[i] = 0xff
	}
	// Version nibble 4 and variant bits 10, whatever the random bytes.
	if got := UUID(b); got != "ffffffff-ffff-4fff-bfff-ffffffffffff" {
		t.Errorf("UUID(ff…) = %s, want ffffffff-ffff-4fff-bfff-ffffffffffff", got)
	}
	if got := UUID([16]byte{}); got != "00000000-0000-4000-8000-000000000000" {
		t.Errorf("UUID(00…) = %s, want 00000000-0000-4000-8000-000000000000", got)
	}
}

// What the LMS is told never gets worse than what it had.
func TestBestNeverGoesBack(t *testing.T) {
	l := quizLesson(0)
	all := QuizResult{Checked: 3, Correct: 3, Total: 3}
	two := QuizResult{Checked: 3, Correct: 2, Total: 3}
	retry := QuizResult{Checked: 2, Correct: 2, Total: 3} // one question reopened by 다시 풀기
	none := QuizResult{Total: 3}
	for _, tc := range []struct {
		name    string
		had     Record
		r       QuizResult
		mastery int
		want    Record
	}{
		{"first launch, nothing checked", Record{"", -1}, none, 0, Record{"incomplete", -1}},
		{"first check", Record{"incomplete", -1}, QuizResult{1, 1, 3}, 0, Record{"incomplete", 33}},
		{"completed", Record{"incomplete", 33}, two, 0, Record{"completed", 67}},
		{"a retry reopens a question", Record{"completed", 67}, retry, 0, Record{"completed", 67}},
		{"a dropdown changed without checking", Record{"completed", 100}, QuizResult{2, 2, 3}, 0, Record{"completed", 100}},
		{"a worse retry", Record{"completed", 100}, two, 0, Record{"completed", 100}},
		{"a better retry", Record{"completed", 67}, all, 0, Record{"completed", 100}},
		{"passed stays passed", Record{"passed", 100}, two, 80, Record{"passed", 100}},
		{"failed, then passed", Record{"failed", 67}, all, 80, Record{"passed", 100}},
		{"failed stays failed while reopened", Record{"failed", 67}, retry, 80, Record{"failed", 67}},
		{"new launch restores nothing", Record{"completed", 67}, none, 0, Record{"completed", 67}},
		{"an unknown status from the LMS", Record{"bogus", -1}, none, 0, Record{"incomplete", -1}},
	} {
		if got := l.Best(tc.had, tc.r, tc.mastery); got != tc.want {
			t.Errorf("%s: Best(%+v, %+v, %d) = %+v, want %+v", tc.name, tc.had, tc.r, tc.mastery, got, tc.want)
		}
	}
}
