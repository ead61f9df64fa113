package parse

import (
	"strings"
	"testing"
)

// miniLab is a valid {minilab} block: the small lesson with this appended.
const miniLab = `
## Lab
` + "```{minilab}" + `
caption: Made-up outputs
labels: {include: a, input: b, reference: c, baseline: d, lora: e, metric: f, difference: g, average: h, chart: i, included: "{n} / {total}"}
metrics:
  - id: em
    name: Exact match
items:
  - input: q
    reference: r
    baseline: b
    lora: l
` + "```" + `
`

func TestMiniLab(t *testing.T) {
	l, err := Source("small.md", []byte(small+miniLab))
	if err != nil {
		t.Fatal(err)
	}
	m := l.Sections[len(l.Sections)-1].Blocks[0].MiniLab
	if m == nil || m.Caption != "Made-up outputs" || m.Labels["included"] != "{n} / {total}" || len(m.Metrics) != 1 || m.Metrics[0].Name != "Exact match" || len(m.Items) != 1 || m.Items[0].LoRA != "l" {
		t.Fatalf("mini-lab = %+v, want the block as written", m)
	}
}

func TestInvalidMiniLab(t *testing.T) {
	caption := strings.Count(small, "\n") + 4 // the line of "caption:"
	for _, tc := range []struct {
		name, old, new string
		line           int // counted from the line of "caption:"
		msg            string
	}{
		{"no caption", "caption: Made-up outputs", "caption: ''", 0, `missing required field "caption"`},
		{"missing label", "chart: i, ", "", 1, `missing required field "chart" in labels`},
		{"unknown label", "chart: i,", "chart: i, legend: j,", 1, `unknown field "legend" in labels`},
		{"unknown metric", "id: em", "id: bleu", 3, `unknown metric "bleu" (want one of em, token_f1, char_f1, rouge_l)`},
		{"metric without name", "    name: Exact match\n", "", 3, `missing required field "name"`},
		{"item without reference", "    reference: r\n", "", 6, `missing required field "reference"`},
		{"unknown item key", "    lora: l\n", "    lora: l\n    qlora: x\n", 10, `unknown field "qlora"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(miniLab, tc.old) {
				t.Fatalf("test case: %q not in miniLab", tc.old)
			}
			_, err := Source("small.md", []byte(small+strings.Replace(miniLab, tc.old, tc.new, 1)))
			wantErrorAt(t, err, "small.md", caption+tc.line, tc.msg)
		})
	}
}
