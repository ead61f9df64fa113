package lesson

import (
	"strings"
	"unicode"
)

// Normalize puts an answer in the canonical form that every metric compares,
// so that spacing, case and stray punctuation never count as errors:
//
//   - runs of Unicode whitespace (including the ideographic space U+3000)
//     split the text into tokens, which are joined again by one ASCII space,
//     so leading and trailing whitespace disappears;
//   - letters are lower-cased (Hangul has no case and is left as is; it is
//     not decomposed into jamo);
//   - Unicode punctuation (. , ! ? ; : " ' ( ) [ ] and CJK marks such as
//     。 、 「 」) is stripped from the start and end of each token only, so
//     "don't", "3.5" and "q_proj" keep theirs;
//   - a token that was punctuation only is dropped.
//
// For example "  「LoRA」는,\tGOOD! " becomes "lora」는 good": only the
// token's edges are trimmed.
func Normalize(s string) string {
	var b strings.Builder
	for _, f := range strings.Fields(s) {
		f = strings.TrimFunc(strings.ToLower(f), unicode.IsPunct)
		if f == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f)
	}
	return b.String()
}

// ExactMatch is 1 if pred and ref are equal after Normalize, else 0. It is a
// float so that its mean over items reads as a rate.
func ExactMatch(pred, ref string) float64 {
	if Normalize(pred) == Normalize(ref) {
		return 1
	}
	return 0
}

// TokenF1 is the SQuAD-style F1 over the whitespace tokens of the normalized
// strings. Tokens are compared as bags: a token repeated in pred matches at
// most as many times as it occurs in ref. Both empty gives 1; one empty, 0.
func TokenF1(pred, ref string) float64 {
	return bagF1(strings.Fields(Normalize(pred)), strings.Fields(Normalize(ref)))
}

// CharF1 is TokenF1 over characters (runes) instead of tokens, with spaces
// removed. Korean attaches particles to words ("모델이" vs "모델은"), so a
// nearly right answer shares most characters but few whole tokens.
func CharF1(pred, ref string) float64 {
	return bagF1(normRunes(pred), normRunes(ref))
}

// RougeL is the character-level ROUGE-L F-measure with β = 1: the length of
// the longest common subsequence of the normalized runes (spaces removed),
// P = LCS/len(pred), R = LCS/len(ref), F = 2PR/(P+R). Unlike CharF1 it
// rewards keeping the reference's order. Both empty gives 1; one empty, 0.
func RougeL(pred, ref string) float64 {
	p, r := normRunes(pred), normRunes(ref)
	if len(p) == 0 && len(r) == 0 {
		return 1
	}
	return f1(lcs(p, r), len(p), len(r))
}

// Scores holds every metric of one item, or their means over many.
type Scores struct {
	EM      float64 `json:"em"`
	TokenF1 float64 `json:"tokenF1"`
	CharF1  float64 `json:"charF1"`
	RougeL  float64 `json:"rougeL"`
}

// Score computes every metric of pred against ref.
func Score(pred, ref string) Scores {
	return Scores{
		EM:      ExactMatch(pred, ref),
		TokenF1: TokenF1(pred, ref),
		CharF1:  CharF1(pred, ref),
		RougeL:  RougeL(pred, ref),
	}
}

// Mean is the mean of each field over s (macro average: every item weighs
// the same). An empty s gives the zero Scores rather than NaN.
func Mean(s []Scores) Scores {
	var m Scores
	if len(s) == 0 {
		return m
	}
	for _, x := range s {
		m.EM += x.EM
		m.TokenF1 += x.TokenF1
		m.CharF1 += x.CharF1
		m.RougeL += x.RougeL
	}
	n := float64(len(s))
	m.EM /= n
	m.TokenF1 /= n
	m.CharF1 /= n
	m.RougeL /= n
	return m
}

// normRunes returns the runes of Normalize(s) without its spaces.
func normRunes(s string) []rune {
	return []rune(strings.ReplaceAll(Normalize(s), " ", ""))
}

// bagF1 is the F1 of the multiset intersection of pred and ref.
func bagF1[T comparable](pred, ref []T) float64 {
	if len(pred) == 0 && len(ref) == 0 {
		return 1
	}
	count := make(map[T]int, len(ref))
	for _, x := range ref {
		count[x]++
	}
	overlap := 0
	for _, x := range pred {
		if count[x] > 0 {
			count[x]--
			overlap++
		}
	}
	return f1(overlap, len(pred), len(ref))
}

// f1 is the harmonic mean of precision match/np and recall match/nr; no
// match (which covers one side being empty) gives 0, not 0/0.
func f1(match, np, nr int) float64 {
	if match == 0 {
		return 0
	}
	p := float64(match) / float64(np)
	r := float64(match) / float64(nr)
	return 2 * p * r / (p + r)
}

// lcs is the length of the longest common subsequence of a and b, by the
// usual dynamic programme kept to two rows: O(len(a)·len(b)) time,
// O(len(b)) memory.
func lcs(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			switch {
			case a[i] == b[j]:
				cur[j+1] = prev[j] + 1
			case prev[j+1] >= cur[j]:
				cur[j+1] = prev[j+1]
			default:
				cur[j+1] = cur[j]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
