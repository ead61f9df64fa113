package parse

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"golesson/app/lesson"
)

// typedBlock decodes a fenced ```{kind} block. fence is the file line of the
// opening fence; the YAML body starts on the next line.
func typedBlock(e *errs, fence int, info string, body []byte) (lesson.Block, bool) {
	kind := strings.TrimSuffix(strings.TrimPrefix(info, "{"), "}")
	before := len(e.list)
	var b lesson.Block
	switch lesson.Kind(kind) {
	case lesson.Cards:
		b = lesson.Block{Kind: lesson.Cards, Cards: cards(e, fence, body)}
	case lesson.Quiz:
		b = lesson.Block{Kind: lesson.Quiz, Quiz: quiz(e, fence, body)}
	case lesson.Calculator:
		b = lesson.Block{Kind: lesson.Calculator, Calculator: calculator(e, fence, body)}
	case lesson.MiniLab:
		b = lesson.Block{Kind: lesson.MiniLab, MiniLab: minilab(e, fence, body)}
	default:
		e.add(fence, "unknown block type %q (want one of {cards}, {quiz}, {calculator}, {minilab})", info)
	}
	return b, len(e.list) == before
}

func required(e *errs, d yamlDoc, path, value string) {
	if strings.TrimSpace(value) == "" {
		field := path[strings.LastIndexByte(path, '.')+1:]
		e.add(d.line(path), "missing required field %q", field)
	}
}

func cards(e *errs, fence int, body []byte) []lesson.Card {
	var cs []lesson.Card
	d, ok := decodeYAML(e, fence, body, &cs)
	if !ok {
		return nil
	}
	if len(cs) == 0 {
		e.add(fence, "{cards} needs a list of cards, each with title, tag and detail")
	}
	for i, c := range cs {
		p := fmt.Sprintf("$[%d]", i)
		required(e, d, p+".title", c.Title)
		required(e, d, p+".tag", c.Tag)
		if len(c.Lines) == 0 {
			e.add(d.line(p), "missing required field %q", "detail")
		}
		for j, line := range c.Lines {
			required(e, d, fmt.Sprintf("%s.detail[%d]", p, j), line)
		}
	}
	return cs
}

func quiz(e *errs, fence int, body []byte) *lesson.QuizBlock {
	var raw struct {
		Questions []struct {
			Text    string   `yaml:"text"`
			Options []string `yaml:"options"`
			Answer  string   `yaml:"answer"`
			Explain string   `yaml:"explain"`
		} `yaml:"questions"`
	}
	d, ok := decodeYAML(e, fence, body, &raw)
	if !ok {
		return nil
	}
	if len(raw.Questions) == 0 {
		e.add(d.line("$.questions"), "missing required field %q", "questions")
	}
	q := &lesson.QuizBlock{}
	for i, r := range raw.Questions {
		p := fmt.Sprintf("$.questions[%d]", i)
		required(e, d, p+".text", r.Text)
		required(e, d, p+".explain", r.Explain)
		required(e, d, p+".answer", r.Answer)
		if len(r.Options) < 2 {
			e.add(d.line(p+".options"), "question %d needs at least two options", i+1)
		}
		answer := -1
		seen := map[string]int{}
		for j, o := range r.Options {
			op := fmt.Sprintf("%s.options[%d]", p, j)
			required(e, d, op, o)
			if k, dup := seen[o]; dup {
				e.add(d.line(op), "duplicate option %q (same as option %d)", o, k+1)
			}
			seen[o] = j
			if o == r.Answer && answer < 0 {
				answer = j
			}
		}
		if r.Answer != "" && answer < 0 {
			e.add(d.line(p+".answer"), "quiz answer %q is not one of the options", r.Answer)
		}
		q.Questions = append(q.Questions, lesson.Question{Text: r.Text, Options: r.Options, Answer: answer, Explain: r.Explain})
	}
	return q
}

// maxResult keeps every result exact as a JavaScript number too.
const maxResult = 1 << 53

func calculator(e *errs, fence int, body []byte) *lesson.CalcBlock {
	var raw struct {
		Title   string `yaml:"title"`
		Result  string `yaml:"result"`
		Unit    string `yaml:"unit"`
		Factor  *int64 `yaml:"factor"`
		Sliders []struct {
			ID      string `yaml:"id"`
			Label   string `yaml:"label"`
			Min     *int64 `yaml:"min"`
			Max     *int64 `yaml:"max"`
			Step    *int64 `yaml:"step"`
			Default *int64 `yaml:"default"`
		} `yaml:"sliders"`
		Deeper *lesson.DeeperCalc `yaml:"detail"`
	}
	d, ok := decodeYAML(e, fence, body, &raw)
	if !ok {
		return nil
	}
	required(e, d, "$.title", raw.Title)
	required(e, d, "$.result", raw.Result)
	c := &lesson.CalcBlock{Title: raw.Title, Result: raw.Result, Unit: raw.Unit, Factor: 1}
	if raw.Factor != nil {
		c.Factor = *raw.Factor
		if c.Factor < 1 {
			e.add(d.line("$.factor"), "factor must be at least 1, not %d", c.Factor)
		}
	}
	if len(raw.Sliders) == 0 {
		e.add(d.line("$.sliders"), "missing required field %q", "sliders")
	}
	ids := map[string]bool{}
	product := float64(c.Factor)
	for i, r := range raw.Sliders {
		p := fmt.Sprintf("$.sliders[%d]", i)
		required(e, d, p+".id", r.ID)
		required(e, d, p+".label", r.Label)
		if ids[r.ID] {
			e.add(d.line(p+".id"), "duplicate slider id %q", r.ID)
		} else if r.ID != "" && (!sliderIDPattern.MatchString(r.ID) || slices.Contains(calculatorParts, r.ID)) {
			e.add(d.line(p+".id"), "slider id %q must be lowercase letters, digits and _ (no dashes), and not one of %s: the page names the calculator's parts with them", r.ID, strings.Join(calculatorParts, ", "))
		}
		ids[r.ID] = true
		s := lesson.Slider{ID: r.ID, Label: r.Label}
		missing := false
		for _, f := range []struct {
			name string
			v    *int64
			dst  *int64
		}{{"min", r.Min, &s.Min}, {"max", r.Max, &s.Max}, {"step", r.Step, &s.Step}, {"default", r.Default, &s.Default}} {
			if f.v == nil {
				e.add(d.line(p), "slider %q: missing required field %q", r.ID, f.name)
				missing = true
				continue
			}
			*f.dst = *f.v
		}
		if !missing {
			switch {
			case s.Min >= s.Max:
				e.add(d.line(p+".min"), "slider %q: min %d must be less than max %d", s.ID, s.Min, s.Max)
			case s.Step <= 0:
				e.add(d.line(p+".step"), "slider %q: step must be positive, not %d", s.ID, s.Step)
			case s.Min < 0:
				e.add(d.line(p+".min"), "slider %q: min must not be negative", s.ID)
			case s.Default < s.Min || s.Default > s.Max:
				e.add(d.line(p+".default"), "slider %q: default %d is outside %d–%d", s.ID, s.Default, s.Min, s.Max)
			case (s.Default-s.Min)%s.Step != 0:
				e.add(d.line(p+".default"), "slider %q: default %d is off the step grid (min %d, step %d)", s.ID, s.Default, s.Min, s.Step)
			}
		}
		product *= math.Abs(float64(s.Max))
		c.Sliders = append(c.Sliders, s)
	}
	if product > maxResult {
		e.add(fence, "the result at every slider's maximum (%.0f) is too large to compute exactly", product)
	}
	if raw.Deeper != nil {
		deeper(e, d, raw.Deeper)
		c.Deeper = raw.Deeper
	}
	return c
}

// sliderIDPattern has no dashes: a slider's element id is the calculator's
// id, a dash and the slider id, so "rank-value" would meet the value label
// of a slider "rank".
var sliderIDPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// calculatorParts are the suffixes app/ui gives a calculator's own parts
// (calculator-2-title, -result, -announce, and the 자세히 panel's -detail).
var calculatorParts = []string{"title", "result", "announce", "detail"}
