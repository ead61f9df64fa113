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

// requireLabels reports each key of keys missing or empty in got, and
// each key of got not in keys. path is got's YAML path.
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
