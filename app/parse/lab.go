package parse

import (
	"fmt"
	"slices"
	"strings"

	"golesson/app/lesson"
)

// minilabLabels are the words a {minilab} block must give its table and
// chart; {n} and {total} are filled in.
var minilabLabels = []string{"include", "input", "reference", "baseline", "lora", "metric", "difference", "average", "chart", "included"}

// detailLabels are the words of the deeper calculator.
var detailLabels = []string{
	"toggle", "heading", "model", "custom", "rank", "modules", "base", "trainable", "percent",
	"module", "params", "memory", "method", "weights", "gradients", "optimizer", "quant", "total",
	"full", "lora", "qlora", "chart", "peft", "dims",
}

// detailFields are the config fields a learner can edit in custom mode.
var detailFields = []string{"hidden", "intermediate", "layers", "heads", "kv_heads", "head_dim", "vocab", "tied"}

func requireLabels(e *errs, d yamlDoc, path string, got map[string]string, keys []string) {
	for _, k := range keys {
		if strings.TrimSpace(got[k]) == "" {
			e.add(d.line(path), "missing required field %q in %s", k, strings.TrimPrefix(path, "$."))
		}
	}
	for k := range got {
		if !slices.Contains(keys, k) {
			e.add(d.line(path+"."+k), "unknown field %q in %s (want one of %s)", k, strings.TrimPrefix(path, "$."), strings.Join(keys, ", "))
		}
	}
}

func minilab(e *errs, fence int, body []byte) *lesson.MiniLabBlock {
	var raw struct {
		Caption string            `yaml:"caption"`
		Labels  map[string]string `yaml:"labels"`
		Metrics []struct {
			ID   string `yaml:"id"`
			Name string `yaml:"name"`
		} `yaml:"metrics"`
		Items []lesson.LabItem `yaml:"items"`
	}
	d, ok := decodeYAML(e, fence, body, &raw)
	if !ok {
		return nil
	}
	required(e, d, "$.caption", raw.Caption)
	requireLabels(e, d, "$.labels", raw.Labels, minilabLabels)
	m := &lesson.MiniLabBlock{Caption: raw.Caption, Labels: raw.Labels, Items: raw.Items}
	if len(raw.Metrics) == 0 {
		e.add(d.line("$.metrics"), "missing required field %q", "metrics")
	}
	for i, r := range raw.Metrics {
		p := fmt.Sprintf("$.metrics[%d]", i)
		if !slices.Contains(lesson.MetricIDs, r.ID) {
			e.add(d.line(p+".id"), "unknown metric %q (want one of %s)", r.ID, strings.Join(lesson.MetricIDs, ", "))
		}
		required(e, d, p+".name", r.Name)
		m.Metrics = append(m.Metrics, lesson.MetricName{ID: r.ID, Name: r.Name})
	}
	if len(raw.Items) == 0 {
		e.add(d.line("$.items"), "missing required field %q", "items")
	}
	for i, it := range raw.Items {
		p := fmt.Sprintf("$.items[%d]", i)
		required(e, d, p+".input", it.Input)
		required(e, d, p+".reference", it.Reference)
		required(e, d, p+".baseline", it.Baseline)
		required(e, d, p+".lora", it.LoRA)
	}
	return m
}

// detail decodes a calculator's "detail" mapping. path is its YAML path.
func detail(e *errs, d yamlDoc, raw *rawDetail) *lesson.CalcDetail {
	const p = "$.detail"
	requireLabels(e, d, p+".labels", raw.Labels, detailLabels)
	requireLabels(e, d, p+".fields", raw.Fields, detailFields)
	c := &lesson.CalcDetail{Labels: raw.Labels, Fields: raw.Fields, Assumptions: raw.Assumptions, DefaultRank: raw.DefaultRank}
	if c.DefaultRank < 1 || c.DefaultRank > 1024 {
		e.add(d.line(p+".default_rank"), "default_rank %d must be between 1 and 1024", c.DefaultRank)
	}
	if len(raw.DefaultModules) == 0 {
		e.add(d.line(p+".default_modules"), "missing required field %q", "default_modules")
	}
	for i, s := range raw.DefaultModules {
		m, ok := lesson.ParseModule(s)
		if !ok {
			e.add(d.line(fmt.Sprintf("%s.default_modules[%d]", p, i)), "unknown module %q (want q, k, v, o, gate, up or down)", s)
		}
		c.DefaultModules = append(c.DefaultModules, m)
	}
	if len(raw.Presets) == 0 {
		e.add(d.line(p+".presets"), "missing required field %q", "presets")
	}
	names := map[string]bool{}
	for i, r := range raw.Presets {
		pp := fmt.Sprintf("%s.presets[%d]", p, i)
		required(e, d, pp+".name", r.Name)
		if names[r.Name] {
			e.add(d.line(pp+".name"), "duplicate preset %q", r.Name)
		}
		names[r.Name] = true
		cfg := lesson.ModelConfig{
			Hidden: r.Hidden, Intermediate: r.Intermediate, Layers: r.Layers, Heads: r.Heads,
			KVHeads: r.KVHeads, HeadDim: r.HeadDim, Vocab: r.Vocab,
			TiedEmbeddings: r.Tied, QKVBias: r.QKVBias, NormsPerLayer: r.Norms,
		}
		if field, problem := cfg.Check(); field != "" {
			e.add(d.line(pp+"."+field), "preset %q: %s %s", r.Name, field, problem)
		}
		c.Presets = append(c.Presets, lesson.Preset{Name: r.Name, Config: cfg})
	}
	return c
}

type rawDetail struct {
	DefaultRank    int64             `yaml:"default_rank"`
	DefaultModules []string          `yaml:"default_modules"`
	Labels         map[string]string `yaml:"labels"`
	Fields         map[string]string `yaml:"fields"`
	Assumptions    []string          `yaml:"assumptions"`
	Presets        []struct {
		Name         string `yaml:"name"`
		Hidden       int64  `yaml:"hidden"`
		Intermediate int64  `yaml:"intermediate"`
		Layers       int64  `yaml:"layers"`
		Heads        int64  `yaml:"heads"`
		KVHeads      int64  `yaml:"kv_heads"`
		HeadDim      int64  `yaml:"head_dim"`
		Vocab        int64  `yaml:"vocab"`
		Tied         bool   `yaml:"tied"`
		QKVBias      bool   `yaml:"qkv_bias"`
		Norms        int64  `yaml:"norms_per_layer"`
	} `yaml:"presets"`
}
