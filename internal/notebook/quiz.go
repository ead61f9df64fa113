package notebook

import (
	"fmt"
	"reflect"
	"strings"

	"golesson/app/lesson"
)

// quizShape recognises `questions = [{"text", "options", "answer",
// "explain"}, …]` driven by ipywidgets Dropdown and Button: the {quiz}
// block. The widget code that shows and checks the questions is what the
// block replaces.
func quizShape(c *cellCode) (shape, bool) {
	var list *assign
	for i, a := range c.assigns {
		if a.indent != 0 {
			continue
		}
		if a.target == "questions" || looksLikeQuestions(a.value) {
			list = &c.assigns[i]
			break
		}
	}
	if list == nil {
		return shape{}, false
	}
	s := shape{kind: "quiz"}
	if !c.has("Dropdown") || !c.has("Button") {
		s.miss = "a questions list without the Dropdown and Button that ask them"
		return s, true
	}
	l, ok := list.value.(listExpr)
	if !ok || len(l.elts) == 0 {
		s.miss = "questions is not a literal list of questions"
		return s, true
	}
	var qs []lesson.Question
	var b strings.Builder
	b.WriteString("questions:\n")
	for i, e := range l.elts {
		q, miss := question(e)
		if miss != "" {
			s.miss = fmt.Sprintf("question %d %s", i+1, miss)
			return s, true
		}
		qs = append(qs, q)
		fmt.Fprintf(&b, "  - text: %s\n    options:\n", yamlScalar(q.Text))
		for _, o := range q.Options {
			fmt.Fprintf(&b, "      - %s\n", yamlScalar(o))
		}
		fmt.Fprintf(&b, "    answer: %s\n    explain: %s\n", yamlScalar(q.Options[q.Answer]), yamlScalar(q.Explain))
	}
	s.yaml = b.String()
	s.check = func(b lesson.Block) bool { return b.Quiz != nil && reflect.DeepEqual(b.Quiz.Questions, qs) }
	s.words = quizWords(c)
	if len(s.words) > 0 {
		var parts []string
		for _, w := range s.words {
			parts = append(parts, fmt.Sprintf("%s %q", w.key, w.val))
		}
		s.notes = append(s.notes, "The notebook's quiz words ("+strings.Join(parts, ", ")+") come from ui.yaml in a lesson.")
	}
	return s, true
}

func looksLikeQuestions(v expr) bool {
	l, ok := v.(listExpr)
	if !ok || len(l.elts) == 0 {
		return false
	}
	d, ok := l.elts[0].(dictExpr)
	if !ok {
		return false
	}
	for _, k := range d.keys {
		if s, _ := plainStr(k); s == "options" {
			return true
		}
	}
	return false
}

// question reads one question dict, or says what keeps it from the block.
func question(e expr) (lesson.Question, string) {
	var q lesson.Question
	d, ok := e.(dictExpr)
	if !ok {
		return q, "is not a dict literal"
	}
	seen := map[string]bool{}
	answer := ""
	for i, k := range d.keys {
		key, ok := plainStr(k)
		if !ok {
			return q, "has a key that is not a plain string"
		}
		if seen[key] {
			return q, fmt.Sprintf("has %q twice", key)
		}
		seen[key] = true
		v := d.vals[i]
		switch key {
		case "text", "answer", "explain":
			s, ok := plainStr(v)
			if !ok {
				return q, fmt.Sprintf("has a %q that is not a plain string", key)
			}
			switch key {
			case "text":
				q.Text = s
			case "answer":
				answer = s
			case "explain":
				q.Explain = s
			}
		case "options":
			var elts []expr
			switch v := v.(type) {
			case listExpr:
				elts = v.elts
			case tupleExpr:
				elts = v.elts
			default:
				return q, `has "options" that are not a literal list`
			}
			for _, o := range elts {
				s, ok := plainStr(o)
				if !ok {
					return q, "has an option that is not a plain string"
				}
				q.Options = append(q.Options, s)
			}
		default:
			return q, fmt.Sprintf("has %q, which a {quiz} has no place for", key)
		}
	}
	for _, k := range []string{"text", "options", "answer", "explain"} {
		if !seen[k] {
			return q, fmt.Sprintf("has no %q", k)
		}
	}
	q.Answer = -1
	for i, o := range q.Options {
		if o == answer {
			q.Answer = i
			break
		}
	}
	if q.Answer < 0 {
		return q, fmt.Sprintf("has the answer %q, which is not one of its options", answer)
	}
	return q, ""
}

// quizWords finds the button label and the two feedback templates: the
// f-strings assigned to a widget's value that show {explain}, the first
// for a right answer and the second for a wrong one, as the seed's handler
// has them.
func quizWords(c *cellCode) []word {
	var w []word
	for _, cl := range c.calls {
		if lastName(cl.name) == "Button" && cl.expr != nil {
			if v, ok := cl.expr.kw("description"); ok {
				if s, ok := plainStr(v); ok {
					w = append(w, word{"check", s})
					break
				}
			}
		}
	}
	var feedback []string
	for _, a := range c.assigns {
		if s, ok := a.value.(strLit); ok && s.f && strings.HasSuffix(a.target, ".value") && strings.Contains(s.val, "{explain}") {
			feedback = append(feedback, strings.Join(strings.Fields(stripTags(s.val)), " "))
		}
	}
	if len(feedback) == 2 {
		w = append(w, word{"correct", feedback[0]}, word{"wrong", feedback[1]})
	}
	return w
}

// quizWords compares a quiz's interface words with ui.yaml's: the lesson
// shows ui.yaml's, so a difference is worth a warning.
func (im *importer) quizWords(n int, s shape) {
	if im.ui == nil {
		return
	}
	ui := map[string]string{"check": im.ui.Check, "correct": im.ui.Correct, "wrong": im.ui.Wrong}
	for _, w := range s.words {
		if ui[w.key] != w.val {
			im.warn(n, fmt.Sprintf("the notebook's quiz says %q where ui.yaml's %s says %q; the lesson shows ui.yaml's words", w.val, w.key, ui[w.key]))
		}
	}
}
