package progress

import (
	"encoding/json"
	"strconv"
	"strings"

	"golesson/app/lesson"
)

// maxSuspendData is SCORM 1.2's limit for cmi.suspend_data.
const maxSuspendData = 4096

// suspendPrefix marks the compact form of cmi.suspend_data (version 1).
// Data without it is the store's JSON form (older packages wrote that).
const suspendPrefix = "c1"

// compactProgress is lesson.Progress for cmi.suspend_data, indexed by the
// lesson's own order instead of by ids, so it stays far below SCORM 1.2's
// 4096 characters: a question's answer takes 2 to 4 characters, not ~30.
type compactProgress struct {
	// A is one entry per question in page order, comma-separated: "" (not
	// answered) or the option index, then "k" if checked, "r" if the right
	// answer was shown. Trailing empty entries are left out.
	A string                           `json:"a,omitempty"`
	S map[string]int64                 `json:"s,omitempty"` // calculator sliders, by id
	X map[string][]int                 `json:"x,omitempty"` // mini-lab items left out, by block id
	D map[string]lesson.DeeperSettings `json:"d,omitempty"` // 자세히 settings, by calculator block id
	V []int                            `json:"v,omitempty"` // sections read, by index
}

// encodeSuspend is p for cmi.suspend_data: at most 4096 characters, never
// empty when there is progress. When it would be longer, the least useful
// parts go first: read marks, detail settings, sliders, mini-lab choices,
// then choices that were never checked. "" only when even the checked
// answers do not fit; the caller then keeps the LMS's copy.
func encodeSuspend(l *lesson.Lesson, p lesson.Progress) string {
	c := compactProgress{S: p.Sliders, X: p.Excluded, D: p.Deeper}
	qs := l.Questions()
	answers := func(checkedOnly bool) string {
		parts := make([]string, len(qs))
		for i, q := range qs {
			a, ok := p.Answers[q.ID]
			if !ok || a.Choice < 0 || a.Choice >= len(q.Options) || (checkedOnly && !a.Checked) {
				continue
			}
			parts[i] = strconv.Itoa(a.Choice)
			if a.Checked {
				parts[i] += "k"
			}
			if a.Shown {
				parts[i] += "r"
			}
		}
		return strings.TrimRight(strings.Join(parts, ","), ",")
	}
	c.A = answers(false)
	for _, id := range p.Visited {
		for i, s := range l.Sections {
			if s.ID == id {
				c.V = append(c.V, i)
			}
		}
	}
	enc := func() string {
		j, _ := json.Marshal(c)
		return suspendPrefix + string(j)
	}
	drops := []func(){
		func() { c.V = nil },
		func() { c.D = nil },
		func() { c.S = nil },
		func() { c.X = nil },
		func() { c.A = answers(true) },
	}
	s := enc()
	for _, drop := range drops {
		if len(s) <= maxSuspendData {
			return s
		}
		drop()
		s = enc()
	}
	if len(s) <= maxSuspendData {
		return s
	}
	return ""
}

// decodeSuspend turns cmi.suspend_data back into the store's form. Data
// that is not compact is returned as it is (the store checks it).
func decodeSuspend(l *lesson.Lesson, s string) string {
	if !strings.HasPrefix(s, suspendPrefix) {
		return s
	}
	var c compactProgress
	if json.Unmarshal([]byte(s[len(suspendPrefix):]), &c) != nil {
		return ""
	}
	p := lesson.Progress{Sliders: c.S, Excluded: c.X, Deeper: c.D}
	qs := l.Questions()
	if c.A != "" {
		for i, part := range strings.Split(c.A, ",") {
			if i >= len(qs) || part == "" {
				continue
			}
			digits := strings.TrimRight(part, "kr")
			n, err := strconv.Atoi(digits)
			if err != nil || n < 0 || n >= len(qs[i].Options) {
				continue
			}
			flags := part[len(digits):]
			if p.Answers == nil {
				p.Answers = map[string]lesson.Answer{}
			}
			p.Answers[qs[i].ID] = lesson.Answer{Choice: n, Checked: strings.Contains(flags, "k"), Shown: strings.Contains(flags, "r")}
		}
	}
	for _, i := range c.V {
		if i >= 0 && i < len(l.Sections) {
			p.Visited = append(p.Visited, l.Sections[i].ID)
		}
	}
	return p.Encode()
}
