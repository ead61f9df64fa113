package lesson

import "strconv"

// ConfigLimit bounds one field of a ModelConfig. The bounds hold every
// published model the calculator shows (Llama-3.1-405B: hidden 16384,
// 126 layers; Qwen2.5: vocab 152064) with room to spare, and keep every
// count the calculator makes far below int64's range: at the maxima a
// model has about 2⁵¹ parameters.
type ConfigLimit struct {
	Field    string // the field's yaml tag in ModelConfig: the content's name for it
	Min, Max int64
	of       func(*ModelConfig) *int64
}

// ConfigLimits are the bounds of every number of a ModelConfig, in the
// order the calculator shows the fields. kv_heads and head_dim may be 0:
// "as heads" and "hidden / heads".
var ConfigLimits = []ConfigLimit{
	{"hidden", 1, 1 << 16, func(c *ModelConfig) *int64 { return &c.Hidden }},
	{"intermediate", 1, 1 << 18, func(c *ModelConfig) *int64 { return &c.Intermediate }},
	{"layers", 1, 1 << 10, func(c *ModelConfig) *int64 { return &c.Layers }},
	{"heads", 1, 1 << 10, func(c *ModelConfig) *int64 { return &c.Heads }},
	{"kv_heads", 0, 1 << 10, func(c *ModelConfig) *int64 { return &c.KVHeads }},
	{"head_dim", 0, 1 << 12, func(c *ModelConfig) *int64 { return &c.HeadDim }},
	{"vocab", 1, 1 << 22, func(c *ModelConfig) *int64 { return &c.Vocab }},
	{"norms_per_layer", 0, 16, func(c *ModelConfig) *int64 { return &c.NormsPerLayer }},
}

// MaxRank is the largest LoRA rank the calculator accepts.
const MaxRank = 1024

// Field returns a pointer to the number named as in ConfigLimits, or nil.
func (c *ModelConfig) Field(name string) *int64 {
	for _, l := range ConfigLimits {
		if l.Field == name {
			return l.of(c)
		}
	}
	return nil
}

// Check reports the first field of c outside its bounds, or heads that
// kv_heads does not divide (grouped-query attention shares each k/v head
// among the same number of q heads), as the field's name and what is wrong;
// "" and "" for a configuration the calculator can count. Content presets
// and configurations typed or restored in the browser pass the same check.
func (c ModelConfig) Check() (field, problem string) {
	for _, l := range ConfigLimits {
		v := *l.of(&c)
		if v < l.Min || v > l.Max {
			return l.Field, "must be between " + strconv.FormatInt(l.Min, 10) + " and " + strconv.FormatInt(l.Max, 10) + ", not " + strconv.FormatInt(v, 10)
		}
	}
	if c.KVHeads > 0 && c.Heads%c.KVHeads != 0 {
		return "kv_heads", "must divide heads (" + strconv.FormatInt(c.Heads, 10) + "), not " + strconv.FormatInt(c.KVHeads, 10)
	}
	return "", ""
}
