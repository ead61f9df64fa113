package lesson

import "testing"

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
	if got := ids[0] + " " + ids[1] + " " + ids[2]; got != "quiz-2-q1 quiz-2-q2 quiz-2-q3" {
		t.Errorf("question ids = %s", got)
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
	l.Lang, l.Title = "ko", "레슨"
	q := l.Questions()[0]
	s := l.Answered("https://x.test/l/", q, 2, "2026-01-01T00:00:00Z")
	if s.Verb.ID != "http://adlnet.gov/expapi/verbs/answered" || s.Object.ID != "https://x.test/l/#quiz-2-q1" ||
		*s.Result.Success || s.Result.Response != "2" || s.Object.Definition.CorrectResponsesPattern[0] != "1" ||
		len(s.Object.Definition.Choices) != 3 || s.Object.Definition.InteractionType != "choice" {
		t.Errorf("answered = %+v", s)
	}
	c := l.Completed("https://x.test/l/", QuizResult{Checked: 3, Correct: 2, Total: 3}, "")
	if c.Verb.ID != "http://adlnet.gov/expapi/verbs/completed" || c.Result.Score.Raw != 2 || c.Result.Score.Max != 3 ||
		c.Result.Score.Min != 0 || c.Result.Score.Scaled != 0.6667 || !*c.Result.Completion || c.Result.Success != nil {
		t.Errorf("completed = %+v %+v", c, c.Result.Score)
	}
}
