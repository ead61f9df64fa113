package lesson

// MetricIDs are the metrics the mini-lab knows, in display order.
var MetricIDs = []string{"em", "token_f1", "char_f1", "rouge_l"}

// Get returns the metric id of s, or 0 for an unknown id.
func (s Scores) Get(id string) float64 {
	switch id {
	case "em":
		return s.EM
	case "token_f1":
		return s.TokenF1
	case "char_f1":
		return s.CharF1
	case "rouge_l":
		return s.RougeL
	}
	return 0
}

// LabScores scores the included items of a mini-lab: per item, baseline
// and LoRA; and the means over the included items.
type LabScores struct {
	Baseline, LoRA         []Scores // per item, every item
	MeanBaseline, MeanLoRA Scores   // over the included items
	Included               int
}

// Score scores every item and averages those not excluded.
func (m *MiniLabBlock) Score(excluded map[int]bool) LabScores {
	var r LabScores
	var base, lora []Scores
	for i, it := range m.Items {
		b, l := Score(it.Baseline, it.Reference), Score(it.LoRA, it.Reference)
		r.Baseline = append(r.Baseline, b)
		r.LoRA = append(r.LoRA, l)
		if !excluded[i] {
			base = append(base, b)
			lora = append(lora, l)
		}
	}
	r.MeanBaseline, r.MeanLoRA, r.Included = Mean(base), Mean(lora), len(base)
	return r
}
