package lesson

import (
	"slices"
)

// Sanitize keeps of p only what fits l: answers to questions l has with an
// option it has, slider values within range and on the grid, mini-lab items
// that exist, sections that exist, and 자세히 settings the calculator can
// count. Saved data can be old, broken or hostile; whatever survives this
// is safe to render, so restoring never stops the lesson.
func (l *Lesson) Sanitize(p Progress) Progress {
	var out Progress
	questions := map[string]*Question{}
	for _, q := range l.Questions() {
		questions[q.ID] = q.Question
	}
	for id, a := range p.Answers {
		if q, ok := questions[id]; ok && a.Choice >= 0 && a.Choice < len(q.Options) {
			if out.Answers == nil {
				out.Answers = map[string]Answer{}
			}
			out.Answers[id] = a
		}
	}
	l.eachBlock(func(id string, b *Block) {
		switch {
		case b.Calculator != nil:
			for _, s := range b.Calculator.Sliders {
				key := SliderKey(id, s.ID)
				if v, ok := p.Sliders[key]; ok && v == s.Snap(v) {
					if out.Sliders == nil {
						out.Sliders = map[string]int64{}
					}
					out.Sliders[key] = v
				}
			}
			if d, ok := p.Deeper[id]; ok && b.Calculator.Deeper != nil && b.Calculator.Deeper.valid(d) {
				if out.Deeper == nil {
					out.Deeper = map[string]DeeperSettings{}
				}
				d.Modules = uniqueModules(d.Modules)
				out.Deeper[id] = d
			}
		case b.MiniLab != nil:
			var off []int
			for _, i := range p.Excluded[id] {
				if i >= 0 && i < len(b.MiniLab.Items) && !slices.Contains(off, i) {
					off = append(off, i)
				}
			}
			if len(off) > 0 {
				slices.Sort(off)
				if out.Excluded == nil {
					out.Excluded = map[string][]int{}
				}
				out.Excluded[id] = off
			}
		}
	})
	for _, id := range p.Visited {
		if l.hasSection(id) && !slices.Contains(out.Visited, id) {
			out.Visited = append(out.Visited, id)
		}
	}
	return out
}

// valid reports whether d is a state the 자세히 panel can show: a preset it
// has, or a custom configuration within bounds; a rank in 1…MaxRank; known
// modules.
func (c *DeeperCalc) valid(d DeeperSettings) bool {
	switch {
	case d.Preset < -1 || d.Preset >= len(c.Presets):
		return false
	case d.Preset == -1 && d.Custom == nil:
		return false
	case d.Rank < 1 || d.Rank > MaxRank:
		return false
	}
	if d.Custom != nil {
		if f, _ := d.Custom.Check(); f != "" {
			return false
		}
	}
	for _, m := range d.Modules {
		if !slices.Contains(AllModules[:], m) {
			return false
		}
	}
	return true
}

func uniqueModules(ms []Module) []Module {
	var out []Module
	for _, m := range AllModules {
		if slices.Contains(ms, m) {
			out = append(out, m)
		}
	}
	return out
}

// eachBlock calls f with every block of l and its page-wide id.
func (l *Lesson) eachBlock(f func(id string, b *Block)) {
	for i := range l.Intro {
		f(BlockID(IntroID, i), &l.Intro[i])
	}
	for _, s := range l.Sections {
		for i := range s.Blocks {
			f(BlockID(s.ID, i), &s.Blocks[i])
		}
	}
}

func (l *Lesson) hasSection(id string) bool {
	return slices.ContainsFunc(l.Sections, func(s Section) bool { return s.ID == id })
}
