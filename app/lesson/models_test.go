package lesson

import (
	"fmt"
	"math"
	"testing"
)

// Presets from each model's config.json.
var (
	llama2_7B  = ModelConfig{Hidden: 4096, Intermediate: 11008, Layers: 32, Heads: 32, KVHeads: 32, HeadDim: 128, Vocab: 32000}
	llama31_8B = ModelConfig{Hidden: 4096, Intermediate: 14336, Layers: 32, Heads: 32, KVHeads: 8, HeadDim: 128, Vocab: 128256}
	mistral7B  = ModelConfig{Hidden: 4096, Intermediate: 14336, Layers: 32, Heads: 32, KVHeads: 8, HeadDim: 128, Vocab: 32768}
	qwen25_7B  = ModelConfig{Hidden: 3584, Intermediate: 18944, Layers: 28, Heads: 28, KVHeads: 4, HeadDim: 128, Vocab: 152064, QKVBias: true}
	gemma2_9B  = ModelConfig{Hidden: 3584, Intermediate: 14336, Layers: 42, Heads: 16, KVHeads: 8, HeadDim: 256, Vocab: 256000, TiedEmbeddings: true, NormsPerLayer: 4}
)

func TestParams(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    ModelConfig
		want int64
	}{
		// Llama-2-7B by hand: embedding and head 2 × 32000·4096 = 262,144,000;
		// per layer attention 4·4096² = 67,108,864, MLP 3·4096·11008 =
		// 135,266,304, norms 2·4096 = 8,192 → 202,383,360, × 32 =
		// 6,476,267,520; final norm 4,096. Sum 6,738,415,616.
		{"Llama-2-7B", llama2_7B, 6738415616},
		{"Llama-3.1-8B", llama31_8B, 8030261248},
		{"Mistral-7B-v0.3", mistral7B, 7248023552},
		{"Qwen2.5-7B", qwen25_7B, 7615616512},
		{"Gemma-2-9B", gemma2_9B, 9241705984},
	} {
		if got := tc.c.Params(); got != tc.want {
			t.Errorf("%s: Params() = %s, want %s", tc.name, FormatInt(got), FormatInt(tc.want))
		}
	}
}

// Each config field changes the count by exactly the parameters it stands
// for, so none of them is a fudge factor.
func TestParamsArchitecturalDetails(t *testing.T) {
	noBias := qwen25_7B
	noBias.QKVBias = false
	twoNorms := gemma2_9B
	twoNorms.NormsPerLayer = 0 // the default, 2
	untied := gemma2_9B
	untied.TiedEmbeddings = false
	mha := llama31_8B
	mha.KVHeads = 0 // the default, Heads
	noHeadDim := llama2_7B
	noHeadDim.HeadDim = 0 // the default, 4096/32 = 128

	for _, tc := range []struct {
		name       string
		with, less ModelConfig
		diff       int64
	}{
		// 28 layers × (3584 + 512 + 512) bias values = 129,024.
		{"Qwen2.5 q/k/v biases", qwen25_7B, noBias, 129024},
		// 42 layers × 2 extra norms × 3584 = 301,056.
		{"Gemma-2 4 norms per layer", gemma2_9B, twoNorms, 301056},
		// An untied head would add 256000 × 3584 = 917,504,000.
		{"Gemma-2 tied embeddings", untied, gemma2_9B, 917504000},
		// Without GQA k and v grow from 1024 to 4096 wide:
		// 32 layers × 2 × 4096 × 3072 = 805,306,368.
		{"Llama-3.1 grouped-query attention", mha, llama31_8B, 805306368},
		{"HeadDim default", llama2_7B, noHeadDim, 0},
	} {
		if got := tc.with.Params() - tc.less.Params(); got != tc.diff {
			t.Errorf("%s: Params() difference = %s, want %s", tc.name, FormatInt(got), FormatInt(tc.diff))
		}
	}
}

func TestDims(t *testing.T) {
	for _, tc := range []struct {
		name    string
		c       ModelConfig
		m       Module
		in, out int64
	}{
		{"Llama-3.1-8B", llama31_8B, QProj, 4096, 4096},
		{"Llama-3.1-8B", llama31_8B, KProj, 4096, 1024}, // 8 KV heads × 128
		{"Llama-3.1-8B", llama31_8B, VProj, 4096, 1024},
		{"Llama-3.1-8B", llama31_8B, OProj, 4096, 4096},
		{"Llama-3.1-8B", llama31_8B, GateProj, 4096, 14336},
		{"Llama-3.1-8B", llama31_8B, UpProj, 4096, 14336},
		{"Llama-3.1-8B", llama31_8B, DownProj, 14336, 4096},
		{"Llama-2-7B", llama2_7B, VProj, 4096, 4096}, // no GQA
		{"Gemma-2-9B", gemma2_9B, QProj, 3584, 4096}, // 16 heads × 256 ≠ hidden
		{"Gemma-2-9B", gemma2_9B, KProj, 3584, 2048},
		{"Gemma-2-9B", gemma2_9B, OProj, 4096, 3584},
		{"Llama-2-7B", llama2_7B, Module("lm_head"), 0, 0},
	} {
		if in, out := tc.c.Dims(tc.m); in != tc.in || out != tc.out {
			t.Errorf("%s: Dims(%q) = %d, %d, want %d, %d", tc.name, tc.m, in, out, tc.in, tc.out)
		}
	}
}

func TestLoRAParams(t *testing.T) {
	for _, tc := range []struct {
		name    string
		c       ModelConfig
		r       int64
		modules []Module
		want    int64
	}{
		// PEFT's print for Llama-2-7B, q and v, r = 8:
		// 32 × 8 × ((4096+4096) + (4096+4096)) = 4,194,304.
		{"Llama-2-7B q,v r8", llama2_7B, 8, []Module{QProj, VProj}, 4194304},
		// v is 4096 → 1024 under GQA: 32 × 8 × (8192 + 5120) = 3,407,872.
		{"Llama-3.1-8B q,v r8", llama31_8B, 8, []Module{QProj, VProj}, 3407872},
		// One square module is the simple 2 × hidden × r × layers:
		// 32 × 16 × (4096+4096) = 4,194,304.
		{"Llama-2-7B q r16", llama2_7B, 16, []Module{QProj}, 4194304},
		// All seven, r = 8: 32 × 8 × (4·8192 + 3·(4096+11008)) = 19,988,480.
		{"Llama-2-7B all r8", llama2_7B, 8, AllModules[:], 19988480},
		// All seven, r = 16: 32 × 16 × (8192 + 2·5120 + 8192 + 3·18432)
		// = 41,943,040.
		{"Llama-3.1-8B all r16", llama31_8B, 16, AllModules[:], 41943040},
		// Gemma-2 q is 3584 → 4096: 42 × 8 × (7680 + 5632) = 4,472,832.
		{"Gemma-2-9B q,v r8", gemma2_9B, 8, []Module{QProj, VProj}, 4472832},
		{"duplicates count once", llama2_7B, 8, []Module{QProj, VProj, QProj}, 4194304},
		{"unknown module adds 0", llama2_7B, 8, []Module{QProj, VProj, "lm_head"}, 4194304},
		{"no modules", llama2_7B, 8, nil, 0},
		{"rank 0", llama2_7B, 0, []Module{QProj}, 0},
	} {
		if got := tc.c.LoRAParams(tc.r, tc.modules...); got != tc.want {
			t.Errorf("%s: LoRAParams(%d, %v) = %s, want %s", tc.name, tc.r, tc.modules, FormatInt(got), FormatInt(tc.want))
		}
	}
}

// The old calculator's formula, 2 × hidden × rank × layers, is LoRAParams
// for one square module.
func TestSimpleFormulaIsOneSquareModule(t *testing.T) {
	for _, tc := range []struct{ hidden, heads, rank, layers int64 }{
		{4096, 32, 16, 32}, {4096, 32, 8, 32}, {512, 8, 4, 1}, {8192, 64, 128, 64}, {5120, 40, 64, 40},
	} {
		c := ModelConfig{Hidden: tc.hidden, Heads: tc.heads, Layers: tc.layers}
		want := 2 * tc.hidden * tc.rank * tc.layers
		for _, m := range []Module{QProj, OProj} {
			if got := c.LoRAParams(tc.rank, m); got != want {
				t.Errorf("LoRAParams(%d, %s) on hidden %d, %d layers = %d, want %d", tc.rank, m, tc.hidden, tc.layers, got, want)
			}
		}
	}
}

func TestTrainablePercent(t *testing.T) {
	for _, tc := range []struct {
		trainable, base int64
		want            float64
	}{
		{0, 0, 0},
		{0, 100, 0},
		{1, 99, 1},
		{100, 0, 100},
		// PEFT: trainable%: 0.06220594176090199 = 100 × 4194304 / 6742609920.
		{4194304, 6738415616, 0.06220594176090199},
	} {
		if got := TrainablePercent(tc.trainable, tc.base); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("TrainablePercent(%d, %d) = %v, want %v", tc.trainable, tc.base, got, tc.want)
		}
	}
}

// The numbers PEFT's print_trainable_parameters shows for Llama-2-7B with
// q and v at r = 8.
func TestPEFTSummaryLlama2(t *testing.T) {
	base := llama2_7B.Params()
	trainable := llama2_7B.LoRAParams(8, QProj, VProj)
	if all := base + trainable; all != 6742609920 {
		t.Errorf("all params = %s, want 6,742,609,920", FormatInt(all))
	}
	pct := TrainablePercent(trainable, base)
	if got := math.Round(pct*1e4) / 1e4; got != 0.0622 {
		t.Errorf("TrainablePercent(%d, %d) = %v, want 0.0622 to 4 decimals", trainable, base, pct)
	}
}

func TestMemoryConstants(t *testing.T) {
	for _, tc := range []struct {
		name      string
		got, want float64
	}{
		{"BytesAdam", BytesAdam, 8},
		{"BytesFullFT", BytesFullFT, 12},
		{"BytesAdapter", BytesAdapter, 12},
		{"BytesQuantConst", BytesQuantConst, 0.0625},                         // 4/64
		{"BytesQuantConstDQ", BytesQuantConstDQ, 260.0 / 16384},              // 256/16384 + 4/16384
		{"NF4 + DQ constants", BytesNF4 + BytesQuantConstDQ, 0.515869140625}, // ≈ 4.127 bits
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

// Llama-2-7B, base B = 6,738,415,616, adapters A = 4,194,304 (q, v, r = 8).
// Every value below is a whole number of bytes, exact in float64.
func TestMemoryLlama2(t *testing.T) {
	base := llama2_7B.Params()
	adapters := llama2_7B.LoRAParams(8, QProj, VProj)
	for _, tc := range []struct {
		name      string
		got, want Memory
	}{
		{
			// B × (2 + 2 + 8) = 80,860,987,392 B ≈ 80.9 GB.
			"FullFTMemory", FullFTMemory(base),
			Memory{Weights: 13476831232, Gradients: 13476831232, Optimizer: 53907324928, Total: 80860987392},
		},
		{
			// B × 2 + A × 12: weights 13,476,831,232 + 8,388,608; gradients
			// A × 2 = 8,388,608; Adam A × 8 = 33,554,432.
			// Total 13,476,831,232 + 50,331,648 = 13,527,162,880 B ≈ 13.5 GB.
			"LoRAMemory", LoRAMemory(base, adapters),
			Memory{Weights: 13485219840, Gradients: 8388608, Optimizer: 33554432, Total: 13527162880},
		},
		{
			// Weights B × 0.5 = 3,369,207,808 (+ A × 2); constants
			// B/64 + B·4/16384 = 105,287,744 + 1,645,121 = 106,932,865.
			// Total 3,476,140,673 + 50,331,648 = 3,526,472,321 B ≈ 3.5 GB.
			"QLoRAMemory", QLoRAMemory(base, adapters),
			Memory{Weights: 3377596416, Gradients: 8388608, Optimizer: 33554432, QuantConsts: 106932865, Total: 3526472321},
		},
		{
			// Constants B × 4/64 = 421,150,976;
			// total 3,369,207,808 + 421,150,976 + 50,331,648 = 3,840,690,432.
			"QLoRAMemoryNoDoubleQuant", QLoRAMemoryNoDoubleQuant(base, adapters),
			Memory{Weights: 3377596416, Gradients: 8388608, Optimizer: 33554432, QuantConsts: 421150976, Total: 3840690432},
		},
	} {
		if tc.got != tc.want {
			t.Errorf("%s(%d, %d) = %+v, want %+v", tc.name, base, adapters, tc.got, tc.want)
		}
	}
}

func TestMemoryZero(t *testing.T) {
	for _, tc := range []struct {
		name string
		got  Memory
	}{
		{"FullFTMemory", FullFTMemory(0)},
		{"LoRAMemory", LoRAMemory(0, 0)},
		{"QLoRAMemory", QLoRAMemory(0, 0)},
		{"QLoRAMemoryNoDoubleQuant", QLoRAMemoryNoDoubleQuant(0, 0)},
	} {
		if tc.got != (Memory{}) {
			t.Errorf("%s(0...) = %+v, want zero", tc.name, tc.got)
		}
	}
}

func TestParseModule(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Module
		ok   bool
	}{
		{"q", QProj, true},
		{"q_proj", QProj, true},
		{"v", VProj, true},
		{"gate", GateProj, true},
		{"down_proj", DownProj, true},
		{"lm_head", "", false},
		{"Q", "", false},
		{"", "", false},
		{"_proj", "", false},
	} {
		if got, ok := ParseModule(tc.in); got != tc.want || ok != tc.ok {
			t.Errorf("ParseModule(%q) = %q, %v, want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// The line PEFT's print_trainable_parameters prints for Llama-2-7B with
// LoRA on q_proj and v_proj at r = 8.
func ExampleModelConfig_LoRAParams() {
	c := ModelConfig{Hidden: 4096, Intermediate: 11008, Layers: 32, Heads: 32, KVHeads: 32, HeadDim: 128, Vocab: 32000}
	base := c.Params()
	trainable := c.LoRAParams(8, QProj, VProj)
	fmt.Printf("trainable params: %s || all params: %s || trainable%%: %.4f\n",
		FormatInt(trainable), FormatInt(base+trainable), TrainablePercent(trainable, base))
	// Output:
	// trainable params: 4,194,304 || all params: 6,742,609,920 || trainable%: 0.0622
}

// Full fine-tuning, LoRA and QLoRA side by side for Llama-2-7B, q and v at
// r = 8, in GB (10⁹ bytes).
func ExampleQLoRAMemory() {
	base := llama2_7B.Params()
	adapters := llama2_7B.LoRAParams(8, QProj, VProj)
	for _, m := range []struct {
		name string
		mem  Memory
	}{
		{"full FT", FullFTMemory(base)},
		{"LoRA", LoRAMemory(base, adapters)},
		{"QLoRA", QLoRAMemory(base, adapters)},
	} {
		fmt.Printf("%-7s %5.1f GB\n", m.name, m.mem.Total/1e9)
	}
	// Output:
	// full FT  80.9 GB
	// LoRA     13.5 GB
	// QLoRA     3.5 GB
}
