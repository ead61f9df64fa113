package lesson

// Correct reports whether choice (an index into Options) is the answer.
func (q Question) Correct(choice int) bool { return choice == q.Answer }

// Feedback returns the message shown after checking: the UI's Correct or
// Wrong template with {explain} replaced by the question's explanation.
func (ui UI) Feedback(q Question, correct bool) string {
	t := ui.Wrong
	if correct {
		t = ui.Correct
	}
	return Fill(t, "explain", q.Explain)
}
