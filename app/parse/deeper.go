package parse

import (
	"fmt"

	"golesson/app/lesson"
)

// deeper checks a calculator's 자세히 mode, decoded straight into its
// lesson type (the yaml tags on lesson.DeeperCalc are the keys), for what
// YAML cannot: required words, bounds, known modules and unique presets.
// It stores the default modules by their full names. d is the calculator
// block's document.
func deeper(e *errs, d yamlDoc, c *lesson.DeeperCalc) {
	const p = "$.detail"
	requireLabels(e, d, p+".labels", c.Labels, lesson.DeeperLabels)
	requireLabels(e, d, p+".fields", c.Fields, lesson.DeeperFields)
	if c.DefaultRank < 1 || c.DefaultRank > lesson.MaxRank {
		e.add(d.line(p+".default_rank"), "default_rank %d must be between 1 and %d", c.DefaultRank, lesson.MaxRank)
	}
	if len(c.DefaultModules) == 0 {
		e.add(d.line(p+".default_modules"), "missing required field %q", "default_modules")
	}
	for i, s := range c.DefaultModules {
		m, ok := lesson.ParseModule(string(s))
		if !ok {
			e.add(d.line(fmt.Sprintf("%s.default_modules[%d]", p, i)), "unknown module %q (want q, k, v, o, gate, up or down)", s)
		}
		c.DefaultModules[i] = m
	}
	if len(c.Presets) == 0 {
		e.add(d.line(p+".presets"), "missing required field %q", "presets")
	}
	names := map[string]bool{}
	for i, pr := range c.Presets {
		pp := fmt.Sprintf("%s.presets[%d]", p, i)
		required(e, d, pp+".name", pr.Name)
		if names[pr.Name] {
			e.add(d.line(pp+".name"), "duplicate preset %q", pr.Name)
		}
		names[pr.Name] = true
		if field, problem := pr.Config.Check(); field != "" {
			e.add(d.line(pp+"."+field), "preset %q: %s %s", pr.Name, field, problem)
		}
	}
}
