package lesson

import (
	"encoding/json"
	"errors"
)

// ProgressSchema is the version of the saved progress format. Saved data of
// another version is discarded, never misread.
const ProgressSchema = 1

// Progress is what a learner has done: the quiz answers and the calculator
// settings. It is saved on the device (and, under an LMS, in its records).
// Keys are the ids the page gives each question and slider.
type Progress struct {
	Answers  map[string]Answer `json:"a,omitempty"`
	Sliders  map[string]int64  `json:"s,omitempty"`
	Excluded map[string][]int  `json:"x,omitempty"`    // mini-lab items left out, by block id
	Visited  []string          `json:"seen,omitempty"` // section ids seen ("v" is the schema version)
	Detail   map[string]string `json:"d,omitempty"`    // deeper calculator settings, by block id
}

// Answer is one question's chosen option, whether it was checked, and
// whether the learner asked to see the right answer.
type Answer struct {
	Choice  int  `json:"c"`
	Checked bool `json:"k,omitempty"`
	Shown   bool `json:"r,omitempty"`
}

// savedProgress is the stored form: compact, with its schema version.
type savedProgress struct {
	V int `json:"v"`
	Progress
}

// Encode returns the stored form of p.
func (p Progress) Encode() string {
	b, _ := json.Marshal(savedProgress{V: ProgressSchema, Progress: p})
	return string(b)
}

// DecodeProgress reads a stored progress. Corrupt data and data of another
// schema version give an error, so the caller discards them.
func DecodeProgress(s string) (Progress, error) {
	var sp savedProgress
	if err := json.Unmarshal([]byte(s), &sp); err != nil {
		return Progress{}, err
	}
	if sp.V != ProgressSchema {
		return Progress{}, errors.New("progress of another schema version")
	}
	return sp.Progress, nil
}

// ProgressKey is the storage key of a lesson's progress: prefixed with the
// lesson id and the schema version, so lessons (and an LMS sharing the
// origin) never collide.
func ProgressKey(lessonID string) string {
	return "golesson:" + lessonID + ":progress:v" + itoa(ProgressSchema)
}

// ProgressKeyPrefix is the prefix of every progress key of a lesson, of any
// schema version: what to clean up when the schema changes.
func ProgressKeyPrefix(lessonID string) string { return "golesson:" + lessonID + ":progress:" }

func itoa(n int) string { return FormatInt(int64(n)) }
