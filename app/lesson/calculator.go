package lesson

import "strconv"

// Defaults returns the sliders' default values, in order.
func (c CalcBlock) Defaults() []int64 {
	v := make([]int64, len(c.Sliders))
	for i, s := range c.Sliders {
		v[i] = s.Default
	}
	return v
}

// Compute returns Factor × the product of values. For the LoRA calculator
// that is params ≈ 2 × hidden × rank × layers. The build checks that the
// product at every slider's maximum fits in an int64.
func (c CalcBlock) Compute(values []int64) int64 {
	n := c.Factor
	for _, v := range values {
		n *= v
	}
	return n
}

// Snap returns v moved into the slider's range and onto its step grid, so a
// stale or hand-edited saved value can never put a slider in an impossible
// state.
func (s Slider) Snap(v int64) int64 {
	if v <= s.Min {
		return s.Min
	}
	if v >= s.Max {
		return s.Max
	}
	steps := (v - s.Min + s.Step/2) / s.Step
	v = s.Min + steps*s.Step
	if v > s.Max {
		v -= s.Step
	}
	return v
}

// FormatInt writes n with comma thousands separators: 4194304 → "4,194,304".
func FormatInt(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3+1)
	if neg {
		out = append(out, '-')
	}
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}
