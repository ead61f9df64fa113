package progress

import (
	"slices"
	"strconv"

	"golesson/app/lesson"
)

// Deeper is a calculator's 자세히 settings being changed: each method is
// one of its controls, and returns whether the settings changed (input
// out of range changes nothing, so the numbers shown always come from a
// valid model).
type Deeper struct {
	Of    *lesson.DeeperCalc
	State lesson.DeeperSettings
}

// NewDeeper is calculator calcID's saved settings in p, or the content's
// defaults (p keeps only valid ones).
func NewDeeper(d *lesson.DeeperCalc, calcID string, p lesson.Progress) Deeper {
	if saved, ok := p.Deeper[calcID]; ok {
		return Deeper{Of: d, State: saved}
	}
	return Deeper{Of: d, State: lesson.DeeperSettings{Rank: d.DefaultRank, Modules: slices.Clone(d.DefaultModules)}}
}

// Config is the model the settings count: the typed one, else the preset.
func (d Deeper) Config() lesson.ModelConfig {
	s := d.State
	if s.Preset < 0 && s.Custom != nil {
		return *s.Custom
	}
	if s.Preset >= 0 && s.Preset < len(d.Of.Presets) {
		return d.Of.Presets[s.Preset].Config
	}
	return d.Of.Presets[0].Config
}

// Toggle opens or closes the panel.
func (d *Deeper) Toggle() bool {
	d.State.Open = !d.State.Open
	return true
}

// Choose picks a preset by its index, or "custom": a typed configuration,
// starting from the one shown.
func (d *Deeper) Choose(v string) bool {
	if v == "custom" {
		cfg := d.Config()
		d.State.Custom, d.State.Preset = &cfg, -1
		return true
	}
	if i, err := strconv.Atoi(v); err == nil && i >= 0 && i < len(d.Of.Presets) {
		d.State.Preset = i
		return true
	}
	return false
}

// SetRank sets the LoRA rank, typed as text.
func (d *Deeper) SetRank(v string) bool {
	r, err := strconv.ParseInt(v, 10, 64)
	if err != nil || r < 1 || r > lesson.MaxRank {
		return false
	}
	d.State.Rank = r
	return true
}

// Target has LoRA target module m (on) or not, keeping the modules in
// their usual order.
func (d *Deeper) Target(m lesson.Module, on bool) bool {
	var ms []lesson.Module
	for _, x := range lesson.AllModules {
		if x == m && on || x != m && slices.Contains(d.State.Modules, x) {
			ms = append(ms, x)
		}
	}
	d.State.Modules = ms
	return true
}

// SetField edits field name of the typed configuration: "tied" takes
// checked, the others the text v.
func (d *Deeper) SetField(name, v string, checked bool) bool {
	if d.State.Custom == nil {
		return false
	}
	cfg := *d.State.Custom
	if name == "tied" {
		cfg.TiedEmbeddings = checked
	} else {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || cfg.Field(name) == nil {
			return false
		}
		*cfg.Field(name) = n
	}
	if f, _ := cfg.Check(); f != "" {
		return false
	}
	d.State.Custom = &cfg
	return true
}
