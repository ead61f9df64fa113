package lesson

import "strconv"

// BlockID is the page-wide id of block i (0-based) of a section: several
// quizzes or calculators never clash, and saved progress finds its place.
func BlockID(sectionID string, i int) string { return sectionID + "-" + strconv.Itoa(i+1) }

// QuestionID is the id of question n (0-based) of the quiz block blockID.
func QuestionID(blockID string, n int) string { return blockID + "-q" + strconv.Itoa(n+1) }

// QuestionRef is a question with its page-wide id.
type QuestionRef struct {
	ID string
	*Question
}

// Questions lists every quiz question of the lesson, in page order.
func (l *Lesson) Questions() []QuestionRef {
	var qs []QuestionRef
	add := func(sectionID string, blocks []Block) {
		for i, b := range blocks {
			if b.Quiz == nil {
				continue
			}
			for n := range b.Quiz.Questions {
				qs = append(qs, QuestionRef{ID: QuestionID(BlockID(sectionID, i), n), Question: &b.Quiz.Questions[n]})
			}
		}
	}
	add(IntroID, l.Intro)
	for _, s := range l.Sections {
		add(s.ID, s.Blocks)
	}
	return qs
}

// QuizResult sums up the quiz: how many questions were checked, how many of
// those are right, out of how many.
type QuizResult struct {
	Checked, Correct, Total int
}

// QuizResult scores p against the lesson's questions. Only checked answers
// count: choosing without checking is not answering.
func (l *Lesson) QuizResult(p Progress) QuizResult {
	var r QuizResult
	for _, q := range l.Questions() {
		r.Total++
		if a, ok := p.Answers[q.ID]; ok && a.Checked {
			r.Checked++
			if q.Correct(a.Choice) {
				r.Correct++
			}
		}
	}
	return r
}

// Complete reports whether every question has been checked.
func (r QuizResult) Complete() bool { return r.Total > 0 && r.Checked == r.Total }

// Percent is the score out of 100, rounded: SCORM's cmi.core.score.raw.
func (r QuizResult) Percent() int {
	if r.Total == 0 {
		return 0
	}
	return (200*r.Correct + r.Total) / (2 * r.Total)
}

// Status is SCORM 1.2's cmi.core.lesson_status: incomplete until every
// question is checked; then passed or failed against the lesson's mastery
// score (in percent) when it has one, else completed.
func (l *Lesson) Status(r QuizResult) string {
	switch {
	case !r.Complete():
		return "incomplete"
	case l.MasteryScore == 0:
		return "completed"
	case r.Percent() >= l.MasteryScore:
		return "passed"
	default:
		return "failed"
	}
}
