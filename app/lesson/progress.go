package lesson

import (
	"encoding/json"
	"errors"
)

// ProgressSchema is the version of the saved progress format. Version 1
// kept the 자세히 settings as JSON inside the JSON; it is read and upgraded.
// Saved data of any other version is discarded, never misread.
const ProgressSchema = 2

// Progress is what a learner has done: the quiz answers and the calculator
// settings. It is saved on the device (and, under an LMS, in its records).
// Keys are the ids the page gives each question and slider.
type Progress struct {
	Answers  map[string]Answer         `json:"a,omitempty"`
	Sliders  map[string]int64          `json:"s,omitempty"`
	Excluded map[string][]int          `json:"x,omitempty"`    // mini-lab items left out, by block id
	Visited  []string                  `json:"seen,omitempty"` // section ids seen ("v" is the schema version)
	Deeper   map[string]DeeperSettings `json:"d,omitempty"`    // 자세히 settings, by calculator block id
}

// Answer is one question's chosen option, whether it was checked, and
// whether the learner asked to see the right answer.
type Answer struct {
	Choice  int  `json:"c"`
	Checked bool `json:"k,omitempty"`
	Shown   bool `json:"r,omitempty"`
}

// DeeperSettings is what the learner chose in a calculator's 자세히 mode.
type DeeperSettings struct {
	Open    bool         `json:"o,omitempty"`
	Preset  int          `json:"p"` // index into the presets; -1: Custom
	Rank    int64        `json:"r"`
	Modules []Module     `json:"m"`
	Custom  *ModelConfig `json:"c,omitempty"`
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

// DecodeProgress reads a stored progress, upgrading version 1. Corrupt data
// and data of an unknown version give an error, so the caller discards
// them. The result may still name questions or values this lesson does not
// have: Lesson.Sanitize keeps only what fits.
func DecodeProgress(s string) (Progress, error) {
	var head struct {
		V int `json:"v"`
	}
	if err := json.Unmarshal([]byte(s), &head); err != nil {
		return Progress{}, err
	}
	switch head.V {
	case ProgressSchema:
		var sp savedProgress
		if err := json.Unmarshal([]byte(s), &sp); err != nil {
			return Progress{}, err
		}
		return sp.Progress, nil
	case 1:
		var v1 struct {
			Progress
			DeeperJSON map[string]string `json:"d"` // each calculator's settings, as JSON
		}
		if err := json.Unmarshal([]byte(s), &v1); err != nil {
			return Progress{}, err
		}
		p := v1.Progress
		p.Deeper = nil
		for id, raw := range v1.DeeperJSON {
			var d DeeperSettings
			if json.Unmarshal([]byte(raw), &d) == nil {
				if p.Deeper == nil {
					p.Deeper = map[string]DeeperSettings{}
				}
				p.Deeper[id] = d
			}
		}
		return p, nil
	}
	return Progress{}, errors.New("progress of another schema version")
}

// ProgressKey is the storage key of a lesson's progress, prefixed with the
// lesson id so lessons (and an LMS sharing the origin) never collide. The
// key stays the same across schema versions: the version is inside.
func ProgressKey(lessonID string) string {
	return ProgressKeyPrefix(lessonID) + "v1"
}

// ProgressKeyPrefix is the prefix of every progress key a lesson ever used:
// what to clean up when the key changes.
func ProgressKeyPrefix(lessonID string) string { return "golesson:" + lessonID + ":progress:" }
