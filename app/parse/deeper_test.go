package parse

import (
	"fmt"
	"strings"
	"testing"
)

// deeperCalc is a valid calculator with its 자세히 mode: the small lesson
// with this appended.
const deeperCalc = `
### Deeper
` + "```{calculator}" + `
title: D
result: "Params:"
factor: 2
sliders:
  - id: rank
    label: Rank
    min: 1
    max: 8
    step: 1
    default: 4
detail:
  default_rank: 8
  default_modules: [q, v_proj]
  labels: {toggle: a, heading: b, model: c, custom: d, rank: e, modules: f, base: g, trainable: h, percent: i, module: j, params: k, memory: l, method: m, weights: "n", gradients: o, optimizer: p, quant: q, total: r, full: s, lora: t, qlora: u, chart: v, peft: w, dims: x}
  fields: {hidden: H, intermediate: I, layers: L, heads: A, kv_heads: K, head_dim: D, vocab: V, tied: T}
  assumptions: [one]
  presets:
    - name: Tiny
      hidden: 64
      intermediate: 128
      layers: 2
      heads: 4
      kv_heads: 2
      head_dim: 16
      vocab: 100
      tied: true
      qkv_bias: true
      norms_per_layer: 4
` + "```" + `
`

// The file line of "detail:" in small+deeperCalc.
var deeperLine = strings.Count(small, "\n") + strings.Count(deeperCalc[:strings.Index(deeperCalc, "detail:")], "\n") + 1

func TestDeeperCalc(t *testing.T) {
	l, err := Source("small.md", []byte(small+deeperCalc))
	if err != nil {
		t.Fatal(err)
	}
	c := l.Sections[len(l.Sections)-1].Blocks[0].Calculator
	if c == nil || c.Deeper == nil {
		t.Fatalf("last block = %+v, want a calculator with its 자세히 mode", l.Sections[len(l.Sections)-1].Blocks[0])
	}
	d := c.Deeper
	if d.DefaultRank != 8 || len(d.DefaultModules) != 2 || d.DefaultModules[0] != "q_proj" || d.DefaultModules[1] != "v_proj" {
		t.Errorf("default rank %d, modules %v; want 8, [q_proj v_proj]", d.DefaultRank, d.DefaultModules)
	}
	if d.Labels["peft"] != "w" || d.Fields["tied"] != "T" || len(d.Assumptions) != 1 {
		t.Errorf("labels %v, fields %v, assumptions %v; want them as written", d.Labels, d.Fields, d.Assumptions)
	}
	if len(d.Presets) != 1 {
		t.Fatalf("presets %+v, want one", d.Presets)
	}
	p := d.Presets[0]
	want := "Tiny {Hidden:64 Intermediate:128 Layers:2 Heads:4 KVHeads:2 HeadDim:16 Vocab:100 TiedEmbeddings:true QKVBias:true NormsPerLayer:4}"
	if got := fmt.Sprintf("%s %+v", p.Name, p.Config); got != want {
		t.Errorf("preset = %s, want %s", got, want)
	}
}

// invalidDeeper: the text replaced in deeperCalc, the line the error must
// name (counted from the line of "detail:") and words of its message.
var invalidDeeper = []struct {
	name, old, new string
	line           int
	msg            string
}{
	{"rank too small", "default_rank: 8", "default_rank: 0", 1, "default_rank 0 must be between 1 and 1024"},
	{"rank too large", "default_rank: 8", "default_rank: 1025", 1, "default_rank 1025 must be between 1 and 1024"},
	{"unknown module", "[q, v_proj]", "[q, w]", 2, `unknown module "w" (want q, k, v, o, gate, up or down)`},
	{"no modules", "  default_modules: [q, v_proj]\n", "", 1, `missing required field "default_modules"`},
	{"missing label", "toggle: a, ", "", 3, `missing required field "toggle" in detail.labels`},
	{"unknown label", "toggle: a,", "toggle: a, tooltip: z,", 3, `unknown field "tooltip" in detail.labels (want one of toggle, heading`},
	{"missing field label", "tied: T", "", 4, `missing required field "tied" in detail.fields`},
	{"unknown field label", "tied: T", "tied: T, bias: B", 4, `unknown field "bias" in detail.fields`},
	{"no presets", "  presets:\n", "  presetz:\n", 6, `unknown field "presetz"`},
	{"preset without name", "    - name: Tiny\n      hidden", "    - hidden", 7, `missing required field "name"`},
	{"preset out of bounds", "hidden: 64", "hidden: 70000", 8, `preset "Tiny": hidden must be between 1 and 65536, not 70000`},
	{"kv heads not dividing", "kv_heads: 2", "kv_heads: 3", 12, `preset "Tiny": kv_heads must divide heads (4), not 3`},
	{"unknown preset key", "      vocab: 100\n", "      vocab: 100\n      experts: 8\n", 15, `unknown field "experts"`},
	{"unknown detail key", "  assumptions: [one]\n", "  assumptions: [one]\n  notes: x\n", 6, `unknown field "notes"`},
	{"duplicate preset", "      norms_per_layer: 4\n", "      norms_per_layer: 4\n    - name: Tiny\n      hidden: 64\n      intermediate: 128\n      layers: 2\n      heads: 4\n      vocab: 100\n", 18, `duplicate preset "Tiny"`},
}

func TestInvalidDeeperCalc(t *testing.T) {
	for _, tc := range invalidDeeper {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(deeperCalc, tc.old) {
				t.Fatalf("test case: %q not in deeperCalc", tc.old)
			}
			src := small + strings.Replace(deeperCalc, tc.old, tc.new, 1)
			_, err := Source("small.md", []byte(src))
			wantErrorAt(t, err, "small.md", deeperLine+tc.line, tc.msg)
		})
	}
}
