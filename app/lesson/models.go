package lesson

// ModelConfig is the shape of a Llama-style decoder-only transformer: what
// the deeper calculator needs to count parameters exactly. The presets are
// data in the lesson content; the field names follow the Hugging Face
// config.json fields they come from, and the yaml tags are the content's
// (shortened) names for them, also used by ConfigLimits.
type ModelConfig struct {
	Hidden       int64 `json:"hidden" yaml:"hidden"`             // hidden_size
	Intermediate int64 `json:"intermediate" yaml:"intermediate"` // intermediate_size (MLP width)
	Layers       int64 `json:"layers" yaml:"layers"`             // num_hidden_layers
	Heads        int64 `json:"heads" yaml:"heads"`               // num_attention_heads
	KVHeads      int64 `json:"kvHeads" yaml:"kv_heads"`          // num_key_value_heads; 0 means Heads (no GQA)
	HeadDim      int64 `json:"headDim" yaml:"head_dim"`          // head_dim; 0 means Hidden/Heads
	Vocab        int64 `json:"vocab" yaml:"vocab"`               // vocab_size

	// TiedEmbeddings: the output head shares the input embedding matrix
	// (Gemma), so it adds no parameters.
	TiedEmbeddings bool `json:"tiedEmbeddings,omitempty" yaml:"tied"`
	// QKVBias: the q, k and v projections have biases (Qwen2); o and the
	// MLP have none.
	QKVBias bool `json:"qkvBias,omitempty" yaml:"qkv_bias"`
	// NormsPerLayer is the number of RMSNorm weight vectors per decoder
	// layer; 0 means the usual 2 (before attention, before the MLP).
	// Gemma-2 has 4: it also normalizes after attention and after the MLP.
	NormsPerLayer int64 `json:"normsPerLayer,omitempty" yaml:"norms_per_layer"`
}

// Module names a linear layer of a decoder layer that LoRA can target. The
// values are the Hugging Face module names that PEFT's target_modules uses.
type Module string

// The seven linear layers of a Llama-style decoder layer.
const (
	QProj    Module = "q_proj"    // Hidden → Heads·HeadDim
	KProj    Module = "k_proj"    // Hidden → KVHeads·HeadDim
	VProj    Module = "v_proj"    // Hidden → KVHeads·HeadDim
	OProj    Module = "o_proj"    // Heads·HeadDim → Hidden
	GateProj Module = "gate_proj" // Hidden → Intermediate
	UpProj   Module = "up_proj"   // Hidden → Intermediate
	DownProj Module = "down_proj" // Intermediate → Hidden
)

// AllModules lists the seven modules in layer order. It is an array so a
// caller gets a copy and cannot change it for everyone.
var AllModules = [...]Module{QProj, KProj, VProj, OProj, GateProj, UpProj, DownProj}

// ParseModule accepts a module's full name ("q_proj") or its short form
// ("q"), as content authors write either.
func ParseModule(s string) (Module, bool) {
	for _, m := range AllModules {
		if s == string(m) || s+"_proj" == string(m) {
			return m, true
		}
	}
	return "", false
}

// kvHeads and headDim apply the Hugging Face defaults for missing fields.
func (c ModelConfig) kvHeads() int64 {
	if c.KVHeads == 0 {
		return c.Heads
	}
	return c.KVHeads
}

func (c ModelConfig) headDim() int64 {
	if c.HeadDim == 0 && c.Heads != 0 {
		return c.Hidden / c.Heads
	}
	return c.HeadDim
}

func (c ModelConfig) normsPerLayer() int64 {
	if c.NormsPerLayer == 0 {
		return 2
	}
	return c.NormsPerLayer
}

// Dims returns the input and output width of module m. With grouped-query
// attention k and v project to KVHeads·HeadDim, narrower than Hidden; and
// Heads·HeadDim need not equal Hidden (Gemma-2-9B: 16·256 = 4096 ≠ 3584), so
// q and o are not always square. An unknown module gives 0, 0.
func (c ModelConfig) Dims(m Module) (in, out int64) {
	q := c.Heads * c.headDim()
	kv := c.kvHeads() * c.headDim()
	switch m {
	case QProj:
		return c.Hidden, q
	case KProj, VProj:
		return c.Hidden, kv
	case OProj:
		return q, c.Hidden
	case GateProj, UpProj:
		return c.Hidden, c.Intermediate
	case DownProj:
		return c.Intermediate, c.Hidden
	}
	return 0, 0
}

// Params returns the total parameter count: the input embedding
// (Vocab × Hidden); per layer the seven projection matrices, the q/k/v
// biases if QKVBias, and NormsPerLayer RMSNorm vectors of Hidden; the final
// RMSNorm (Hidden); and the LM head (Vocab × Hidden) unless TiedEmbeddings.
// Rotary embeddings have no parameters, and none of these models has
// biases elsewhere.
func (c ModelConfig) Params() int64 {
	var layer int64
	for _, m := range AllModules {
		in, out := c.Dims(m)
		layer += in * out
	}
	if c.QKVBias {
		_, q := c.Dims(QProj)
		_, kv := c.Dims(KProj)
		layer += q + 2*kv
	}
	layer += c.normsPerLayer() * c.Hidden

	emb := c.Vocab * c.Hidden
	total := emb + c.Layers*layer + c.Hidden
	if !c.TiedEmbeddings {
		total += emb
	}
	return total
}

// LoRAParams returns the trainable parameters of rank-r LoRA adapters on
// the given modules of every layer: Layers × Σ r·(in+out), since an adapter
// on an in→out layer is A (r×in) plus B (out×r). A module listed twice
// counts once, as PEFT's target_modules is a set; unknown modules add 0.
// For one square module this is the simple 2 × hidden × r × layers.
func (c ModelConfig) LoRAParams(r int64, modules ...Module) int64 {
	var sum int64
	for i, m := range modules {
		if containsModule(modules[:i], m) {
			continue
		}
		in, out := c.Dims(m)
		sum += r * (in + out)
	}
	return c.Layers * sum
}

func containsModule(ms []Module, m Module) bool {
	for _, x := range ms {
		if x == m {
			return true
		}
	}
	return false
}

// TrainablePercent returns 100 × trainable / (base + trainable), the
// "trainable%" that PEFT's print_trainable_parameters shows: its "all
// params" counts the adapters on top of the frozen base. Zero total gives 0.
func TrainablePercent(trainable, base int64) float64 {
	all := trainable + base
	if all == 0 {
		return 0
	}
	return 100 * float64(trainable) / float64(all)
}

// Bytes per parameter assumed by the memory estimates, exported so that the
// page can state them next to the numbers.
//
// The estimates count weights, gradients, optimizer states and quantization
// constants only. Activations (which grow with batch size and sequence
// length), the KV cache, temporary buffers and the CUDA context are NOT
// included, so a real run needs more.
const (
	BytesFP16 float64 = 2   // a bf16/fp16 weight or gradient
	BytesFP32 float64 = 4   // an fp32 value
	BytesInt8 float64 = 1   // an 8-bit value
	BytesNF4  float64 = 0.5 // a 4-bit NormalFloat weight (QLoRA)

	// BytesAdam is Adam's two fp32 moments, m and v, per trainable
	// parameter.
	BytesAdam = 2 * BytesFP32

	// BytesFullFT is full fine-tuning per parameter: 16-bit weight, 16-bit
	// gradient, fp32 Adam m and v = 12 B. Mixed-precision trainers often
	// also keep an fp32 master copy of the weights, 4 B/param more; that is
	// left out here.
	BytesFullFT = BytesFP16 + BytesFP16 + BytesAdam

	// BytesAdapter is one LoRA adapter parameter: 16-bit weight, 16-bit
	// gradient, fp32 Adam m and v = 12 B. Adapters are so few that keeping
	// them in fp32 instead would change the total very little.
	BytesAdapter = BytesFP16 + BytesFP16 + BytesAdam

	// QuantBlockSize is how many NF4 weights share one absmax scale.
	QuantBlockSize = 64
	// DoubleQuantBlockSize is how many 8-bit absmax scales share one fp32
	// constant under double quantization.
	DoubleQuantBlockSize = 256

	// BytesQuantConst is the quantization constants per weight without
	// double quantization: one fp32 absmax per block, 4/64 = 0.0625 B.
	BytesQuantConst = BytesFP32 / QuantBlockSize
	// BytesQuantConstDQ is the same with the QLoRA paper's double
	// quantization: an 8-bit absmax per block plus an fp32 constant per 256
	// blocks, 1/64 + 4/(64·256) = 0.015869140625 B.
	BytesQuantConstDQ = BytesInt8/QuantBlockSize + BytesFP32/(QuantBlockSize*DoubleQuantBlockSize)
)

// Memory is an estimate of training memory in bytes, broken down. Bytes are
// float64 because 4-bit weights and quantization constants cost fractions of
// a byte per parameter; float64 holds every whole byte count up to 2^53
// (8 PiB) exactly, far beyond any model here.
type Memory struct {
	Weights     float64 `json:"weights"`     // frozen base and trainable weights
	Gradients   float64 `json:"gradients"`   // of trainable parameters only
	Optimizer   float64 `json:"optimizer"`   // Adam states of trainable parameters
	QuantConsts float64 `json:"quantConsts"` // QLoRA's absmax scales; 0 otherwise
	Total       float64 `json:"total"`       // the sum of the above
}

func (m Memory) withTotal() Memory {
	m.Total = m.Weights + m.Gradients + m.Optimizer + m.QuantConsts
	return m
}

// FullFTMemory estimates full fine-tuning of params parameters: every
// parameter is trainable, so each costs BytesFullFT.
func FullFTMemory(params int64) Memory {
	p := float64(params)
	return Memory{
		Weights:   p * BytesFP16,
		Gradients: p * BytesFP16,
		Optimizer: p * BytesAdam,
	}.withTotal()
}

// LoRAMemory estimates LoRA: a frozen 16-bit base of base parameters (no
// gradients, no optimizer state) plus adapters trainable parameters at
// BytesAdapter each.
func LoRAMemory(base, adapters int64) Memory {
	return adapterMemory(adapters, float64(base)*BytesFP16, 0)
}

// QLoRAMemory estimates QLoRA as in the paper: a frozen NF4 base with double
// quantization, plus adapters as in LoRAMemory. Every base parameter is
// counted at 4 bits; in practice bitsandbytes quantizes only the linear
// layers and keeps the embeddings, norms and LM head in 16-bit, which adds
// about 0.4 GB for Llama-2-7B.
func QLoRAMemory(base, adapters int64) Memory {
	b := float64(base)
	return adapterMemory(adapters, b*BytesNF4, b*BytesQuantConstDQ)
}

// QLoRAMemoryNoDoubleQuant is QLoRAMemory with one fp32 absmax per block of
// 64 instead of double quantization, to show what the latter saves.
func QLoRAMemoryNoDoubleQuant(base, adapters int64) Memory {
	b := float64(base)
	return adapterMemory(adapters, b*BytesNF4, b*BytesQuantConst)
}

// adapterMemory adds LoRA adapters to a frozen base costing baseWeights
// bytes plus quantConsts bytes of quantization constants.
func adapterMemory(adapters int64, baseWeights, quantConsts float64) Memory {
	a := float64(adapters)
	return Memory{
		Weights:     baseWeights + a*BytesFP16,
		Gradients:   a * BytesFP16,
		Optimizer:   a * BytesAdam,
		QuantConsts: quantConsts,
	}.withTotal()
}
