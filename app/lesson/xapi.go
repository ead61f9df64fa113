package lesson

import (
	"encoding/hex"
	"encoding/json"
	"strconv"
)

// xAPI statements the lesson posts to the page that embeds it. The actor
// comes from the host (README, "Messages to the embedding page"); activity
// ids come from the lesson's IRI, never from the URL it is served from.

// Statement is an xAPI statement as the lesson sends it. Actor is empty
// when the host gave none: the host adds its learner before storing it.
type Statement struct {
	ID        string          `json:"id"`
	Actor     json.RawMessage `json:"actor,omitempty"`
	Verb      Verb            `json:"verb"`
	Object    Activity        `json:"object"`
	Result    *XResult        `json:"result,omitempty"`
	Context   *XContext       `json:"context,omitempty"`
	Timestamp string          `json:"timestamp,omitempty"`
}

// Verb is an ADL verb.
type Verb struct {
	ID      string            `json:"id"`
	Display map[string]string `json:"display"`
}

// Activity is the statement's object: the lesson or one question.
type Activity struct {
	ObjectType string      `json:"objectType"`
	ID         string      `json:"id"`
	Definition *Definition `json:"definition,omitempty"`
}

// Definition describes an activity; for a question, as a choice interaction.
type Definition struct {
	Type                    string            `json:"type"`
	Name                    map[string]string `json:"name"`
	InteractionType         string            `json:"interactionType,omitempty"`
	Choices                 []Choice          `json:"choices,omitempty"`
	CorrectResponsesPattern []string          `json:"correctResponsesPattern,omitempty"`
}

// Choice is one option of a choice interaction.
type Choice struct {
	ID          string            `json:"id"`
	Description map[string]string `json:"description"`
}

// XResult is the statement's result.
type XResult struct {
	Success    *bool   `json:"success,omitempty"`
	Completion *bool   `json:"completion,omitempty"`
	Response   string  `json:"response,omitempty"`
	Score      *XScore `json:"score,omitempty"`
}

// XScore is an xAPI score; Scaled is Raw/Max.
type XScore struct {
	Raw    int     `json:"raw"`
	Min    int     `json:"min"`
	Max    int     `json:"max"`
	Scaled float64 `json:"scaled"`
}

// XContext ties a statement to the attempt (Registration, a UUID) and a
// question's statement to its lesson.
type XContext struct {
	Registration      string                `json:"registration,omitempty"`
	ContextActivities map[string][]Activity `json:"contextActivities,omitempty"`
}

// UUID formats 16 random bytes as a version 4 UUID, as xAPI wants for
// statement ids and registrations.
func UUID(b [16]byte) string {
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// Attempt is what every statement of one attempt shares: the statement's
// own id comes from NewID, the registration is the attempt's, and Actor is
// the learner as the host gave it (or empty).
type Attempt struct {
	Registration string
	Actor        json.RawMessage
	Timestamp    string
	NewID        func() string
}

func (a Attempt) fill(s *Statement) {
	s.ID = a.NewID()
	s.Actor = a.Actor
	s.Timestamp = a.Timestamp
	if s.Context == nil {
		s.Context = &XContext{}
	}
	s.Context.Registration = a.Registration
}

const (
	verbAnswered  = "http://adlnet.gov/expapi/verbs/answered"
	verbCompleted = "http://adlnet.gov/expapi/verbs/completed"
	typeQuestion  = "http://adlnet.gov/expapi/activities/cmi.interaction"
	typeLesson    = "http://adlnet.gov/expapi/activities/lesson"
)

// Answered is the statement for a checked question: the question is
// <lesson IRI>#<question id>; a response is the chosen option's index.
func (l *Lesson) Answered(a Attempt, q QuestionRef, choice int) Statement {
	choices := make([]Choice, len(q.Options))
	for i, o := range q.Options {
		choices[i] = Choice{ID: strconv.Itoa(i), Description: map[string]string{l.Lang: o}}
	}
	ok := q.Correct(choice)
	lessonIRI := l.IRI
	s := Statement{
		Verb: Verb{ID: verbAnswered, Display: map[string]string{"en-US": "answered"}},
		Object: Activity{ObjectType: "Activity", ID: lessonIRI + "#" + q.ID, Definition: &Definition{
			Type: typeQuestion, Name: map[string]string{l.Lang: q.Text}, InteractionType: "choice",
			Choices: choices, CorrectResponsesPattern: []string{strconv.Itoa(q.Answer)},
		}},
		Result:  &XResult{Success: &ok, Response: strconv.Itoa(choice)},
		Context: &XContext{ContextActivities: map[string][]Activity{"parent": {{ObjectType: "Activity", ID: lessonIRI}}}},
	}
	a.fill(&s)
	return s
}

// Completed is the statement sent when every question has been checked
// (again only when a retry beats the best score). mastery is the one in
// force (see StatusAt); with one, the result says whether it was reached.
func (l *Lesson) Completed(a Attempt, r QuizResult, mastery int) Statement {
	done := true
	scaled := 0.0
	if r.Total > 0 {
		scaled = float64(int(float64(r.Correct)/float64(r.Total)*10000+0.5)) / 10000
	}
	res := &XResult{Completion: &done, Score: &XScore{Raw: r.Correct, Min: 0, Max: r.Total, Scaled: scaled}}
	if mastery > 0 {
		passed := r.Percent() >= mastery
		res.Success = &passed
	}
	s := Statement{
		Verb:   Verb{ID: verbCompleted, Display: map[string]string{"en-US": "completed"}},
		Object: Activity{ObjectType: "Activity", ID: l.IRI, Definition: &Definition{Type: typeLesson, Name: map[string]string{l.Lang: l.Title}}},
		Result: res,
	}
	a.fill(&s)
	return s
}
