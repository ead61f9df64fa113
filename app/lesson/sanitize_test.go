package lesson

import (
	"reflect"
	"testing"
)

// sanitizeLesson has one section with a quiz (2 questions of 3 options), a
// calculator with a 자세히 panel (2 presets) and a mini-lab of 4 items.
var sanitizeLesson = &Lesson{
	ID: "t",
	Sections: []Section{{ID: "s", Blocks: []Block{
		{Quiz: &QuizBlock{Questions: []Question{{Options: []string{"a", "b", "c"}}, {Options: []string{"a", "b", "c"}}}}},
		{Calculator: &CalcBlock{
			Sliders: []Slider{{ID: "rank", Min: 4, Max: 128, Step: 4, Default: 16}},
			Deeper:  &DeeperCalc{Presets: []Preset{{Name: "A"}, {Name: "B"}}, DefaultRank: 8},
		}},
		{MiniLab: &MiniLabBlock{Items: make([]LabItem, 4)}},
	}}},
}

func TestSanitize(t *testing.T) {
	llama := &ModelConfig{Hidden: 4096, Intermediate: 11008, Layers: 32, Heads: 32, Vocab: 32000}
	for _, tc := range []struct {
		name     string
		in, want Progress
	}{
		{"empty", Progress{}, Progress{}},
		{"answers: known question, option in range",
			Progress{Answers: map[string]Answer{"s-1-q1": {Choice: 2, Checked: true}, "s-1-q2": {Choice: 3}, "s-1-q3": {}, "x": {}, "s-1-q1x": {Choice: -1}}},
			Progress{Answers: map[string]Answer{"s-1-q1": {Choice: 2, Checked: true}}}},
		{"sliders: in range and on the grid",
			Progress{Sliders: map[string]int64{"s-2.rank": 32}},
			Progress{Sliders: map[string]int64{"s-2.rank": 32}}},
		{"sliders: off the grid, out of range, unknown",
			Progress{Sliders: map[string]int64{"s-2.rank": 33}},
			Progress{}},
		{"sliders: below min", Progress{Sliders: map[string]int64{"s-2.rank": 0, "s-2.x": 8}}, Progress{}},
		{"mini-lab: known items, once, sorted",
			Progress{Excluded: map[string][]int{"s-3": {3, -1, 4, 0, 3}, "s-9": {1}}},
			Progress{Excluded: map[string][]int{"s-3": {0, 3}}}},
		{"visited: known sections, once",
			Progress{Visited: []string{"s", "nope", "s"}},
			Progress{Visited: []string{"s"}}},
		{"detail: a preset",
			Progress{Deeper: map[string]DeeperSettings{"s-2": {Open: true, Preset: 1, Rank: 16, Modules: []Module{VProj, QProj, QProj}}}},
			Progress{Deeper: map[string]DeeperSettings{"s-2": {Open: true, Preset: 1, Rank: 16, Modules: []Module{QProj, VProj}}}}},
		{"detail: a custom model within bounds",
			Progress{Deeper: map[string]DeeperSettings{"s-2": {Preset: -1, Rank: 8, Custom: llama}}},
			Progress{Deeper: map[string]DeeperSettings{"s-2": {Preset: -1, Rank: 8, Custom: llama}}}},
		{"detail: preset out of range", Progress{Deeper: map[string]DeeperSettings{"s-2": {Preset: 2, Rank: 8}}}, Progress{}},
		{"detail: custom without a model", Progress{Deeper: map[string]DeeperSettings{"s-2": {Preset: -1, Rank: 8}}}, Progress{}},
		{"detail: rank 0", Progress{Deeper: map[string]DeeperSettings{"s-2": {Rank: 0}}}, Progress{}},
		{"detail: rank over MaxRank", Progress{Deeper: map[string]DeeperSettings{"s-2": {Rank: MaxRank + 1}}}, Progress{}},
		{"detail: unknown module", Progress{Deeper: map[string]DeeperSettings{"s-2": {Rank: 8, Modules: []Module{"evil"}}}}, Progress{}},
		{"detail: heads 0 (divides by zero)", Progress{Deeper: map[string]DeeperSettings{"s-2": {Preset: -1, Rank: 8, Custom: &ModelConfig{Hidden: 64, Intermediate: 64, Layers: 1, Vocab: 1}}}}, Progress{}},
		{"detail: kv_heads not dividing heads", Progress{Deeper: map[string]DeeperSettings{"s-2": {Preset: -1, Rank: 8, Custom: &ModelConfig{Hidden: 64, Intermediate: 64, Layers: 1, Heads: 4, KVHeads: 3, Vocab: 1}}}}, Progress{}},
		{"detail: fields that would overflow", Progress{Deeper: map[string]DeeperSettings{"s-2": {Preset: -1, Rank: 8, Custom: &ModelConfig{Hidden: 1 << 20, Intermediate: 1 << 20, Layers: 1 << 20, Heads: 1, Vocab: 1}}}}, Progress{}},
		{"detail: on a block that is not a calculator", Progress{Deeper: map[string]DeeperSettings{"s-1": {Rank: 8}}}, Progress{}},
	} {
		if got := sanitizeLesson.Sanitize(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: Sanitize(%+v)\n = %+v\nwant %+v", tc.name, tc.in, got, tc.want)
		}
	}
}

// At every bound at once the counts stay exact: no int64 overflow.
func TestConfigLimitsCannotOverflow(t *testing.T) {
	var c ModelConfig
	for _, l := range ConfigLimits {
		*c.Field(l.Field) = l.Max
	}
	c.KVHeads = c.Heads
	if f, p := c.Check(); f != "" {
		t.Fatalf("the maxima fail their own check: %s %s, want them to pass", f, p)
	}
	all := c.Params()
	lora := c.LoRAParams(MaxRank, AllModules[:]...)
	// 2⁵¹ is Params' rough size at the maxima; 2⁶² leaves room for the sums
	// the page makes (all + trainable) without reaching int64's 2⁶³.
	if all <= 0 || all > 1<<62 || lora <= 0 || lora > 1<<62 || all+lora < all {
		t.Errorf("at the maxima: Params = %d, LoRAParams = %d; want positive and below 2⁶²", all, lora)
	}
}
