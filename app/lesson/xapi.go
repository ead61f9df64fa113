package lesson

import "strconv"

// xAPI-shaped statements the lesson posts to the page that embeds it. There
// is no actor: the host page knows its learner; the lesson does not. See
// README, "Results".

// Statement is the part of an xAPI statement the lesson can fill in.
type Statement struct {
	Verb      Verb      `json:"verb"`
	Object    Activity  `json:"object"`
	Result    *XResult  `json:"result,omitempty"`
	Context   *XContext `json:"context,omitempty"`
	Timestamp string    `json:"timestamp,omitempty"`
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

// XContext links a question's statement to its lesson.
type XContext struct {
	ContextActivities map[string][]Activity `json:"contextActivities"`
}

const (
	verbAnswered  = "http://adlnet.gov/expapi/verbs/answered"
	verbCompleted = "http://adlnet.gov/expapi/verbs/completed"
	typeQuestion  = "http://adlnet.gov/expapi/activities/cmi.interaction"
	typeLesson    = "http://adlnet.gov/expapi/activities/lesson"
)

// Answered is the statement for a checked question. lessonIRI identifies the
// lesson (its URL without query); the question is lessonIRI#id; a response
// is the chosen option's index.
func (l *Lesson) Answered(lessonIRI string, q QuestionRef, choice int, timestamp string) Statement {
	choices := make([]Choice, len(q.Options))
	for i, o := range q.Options {
		choices[i] = Choice{ID: strconv.Itoa(i), Description: map[string]string{l.Lang: o}}
	}
	ok := q.Correct(choice)
	return Statement{
		Verb: Verb{ID: verbAnswered, Display: map[string]string{"en-US": "answered"}},
		Object: Activity{ObjectType: "Activity", ID: lessonIRI + "#" + q.ID, Definition: &Definition{
			Type: typeQuestion, Name: map[string]string{l.Lang: q.Text}, InteractionType: "choice",
			Choices: choices, CorrectResponsesPattern: []string{strconv.Itoa(q.Answer)},
		}},
		Result:    &XResult{Success: &ok, Response: strconv.Itoa(choice)},
		Context:   &XContext{ContextActivities: map[string][]Activity{"parent": {{ObjectType: "Activity", ID: lessonIRI}}}},
		Timestamp: timestamp,
	}
}

// Completed is the statement sent once every question has been checked.
func (l *Lesson) Completed(lessonIRI string, r QuizResult, timestamp string) Statement {
	done := true
	scaled := 0.0
	if r.Total > 0 {
		scaled = float64(int(float64(r.Correct)/float64(r.Total)*10000+0.5)) / 10000
	}
	res := &XResult{Completion: &done, Score: &XScore{Raw: r.Correct, Min: 0, Max: r.Total, Scaled: scaled}}
	if l.MasteryScore > 0 {
		passed := r.Percent() >= l.MasteryScore
		res.Success = &passed
	}
	return Statement{
		Verb:      Verb{ID: verbCompleted, Display: map[string]string{"en-US": "completed"}},
		Object:    Activity{ObjectType: "Activity", ID: lessonIRI, Definition: &Definition{Type: typeLesson, Name: map[string]string{l.Lang: l.Title}}},
		Result:    res,
		Timestamp: timestamp,
	}
}
