package lesson

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

// Status is SCORM 1.2's cmi.core.lesson_status for r against the lesson's
// own mastery score; see StatusAt.
func (l *Lesson) Status(r QuizResult) string { return l.StatusAt(r, l.MasteryScore) }

// StatusAt is SCORM 1.2's cmi.core.lesson_status: incomplete until every
// question is checked; then passed or failed against mastery (in percent)
// when it is above 0, else completed. mastery is the LMS's
// cmi.student_data.mastery_score when it gives one, else the lesson's.
func (l *Lesson) StatusAt(r QuizResult, mastery int) string {
	switch {
	case !r.Complete():
		return "incomplete"
	case mastery <= 0:
		return "completed"
	case r.Percent() >= mastery:
		return "passed"
	default:
		return "failed"
	}
}

// Record is what an LMS keeps of a learner's attempt: the lesson status
// and the score in percent (-1: no score yet).
type Record struct {
	Status string
	Score  int
}

// statusRank orders SCORM 1.2 statuses from nothing done to done well. A
// status the lesson does not know ranks as nothing.
func statusRank(s string) int {
	switch s {
	case "browsed":
		return 1
	case "incomplete":
		return 2
	case "failed":
		return 3
	case "completed":
		return 4
	case "passed":
		return 5
	}
	return 0
}

// Best is the record to report after a change, given what the LMS already
// had: never worse. The status never goes back (once completed or passed,
// it stays, whatever a retry or an unchecked change does) and the score is
// the best checked score. A score exists once one question was checked.
func (l *Lesson) Best(had Record, r QuizResult, mastery int) Record {
	now := Record{Status: l.StatusAt(r, mastery), Score: -1}
	if r.Checked > 0 {
		now.Score = r.Percent()
	}
	if statusRank(had.Status) > statusRank(now.Status) {
		now.Status = had.Status
	}
	if had.Score > now.Score {
		now.Score = had.Score
	}
	return now
}
