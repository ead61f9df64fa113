package parse

import (
	"fmt"
	"slices"
	"strings"

	"golesson/app/lesson"
)

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

// minilab decodes a {minilab} block straight into its lesson type and
// checks what YAML cannot: required words and known metrics.
func minilab(e *errs, fence int, body []byte) *lesson.MiniLabBlock {
	var m lesson.MiniLabBlock
	d, ok := decodeYAML(e, fence, body, &m)
	if !ok {
		return nil
	}
	required(e, d, "$.caption", m.Caption)
	requireLabels(e, d, "$.labels", m.Labels, lesson.MiniLabLabels)
	if len(m.Metrics) == 0 {
		e.add(d.line("$.metrics"), "missing required field %q", "metrics")
	}
	for i, r := range m.Metrics {
		p := fmt.Sprintf("$.metrics[%d]", i)
		if !slices.Contains(lesson.MetricIDs, r.ID) {
			e.add(d.line(p+".id"), "unknown metric %q (want one of %s)", r.ID, strings.Join(lesson.MetricIDs, ", "))
		}
		required(e, d, p+".name", r.Name)
	}
	if len(m.Items) == 0 {
		e.add(d.line("$.items"), "missing required field %q", "items")
	}
	for i, it := range m.Items {
		p := fmt.Sprintf("$.items[%d]", i)
		required(e, d, p+".input", it.Input)
		required(e, d, p+".reference", it.Reference)
		required(e, d, p+".baseline", it.Baseline)
		required(e, d, p+".lora", it.LoRA)
	}
	return &m
}
