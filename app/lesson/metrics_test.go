package lesson

import (
	"fmt"
	"math"
	"testing"
)

const metricTol = 1e-9

func metricNear(a, b float64) bool { return math.Abs(a-b) <= metricTol }

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{" \t\n ", ""},
		{"  Hello,\tWORLD!!  ", "hello world"},
		{"LoRA는   어댑터만\n학습한다.", "lora는 어댑터만 학습한다"},
		{"「저랭크」 행렬。", "저랭크 행렬"},
		{"a\u3000b", "a b"},                      // ideographic space is whitespace
		{"a ... b", "a b"},                       // punctuation-only token is dropped
		{"(q_proj), [v_proj];", "q_proj v_proj"}, // '_' inside a token stays
		{`don't 3.5 "quoted"`, "don't 3.5 quoted"},
		{"「LoRA」는", "lora」는"}, // only a token's edges are trimmed
		{"모델、데이터", "모델、데이터"},  // so interior CJK marks stay
		{"ÄBC Ωmega", "äbc ωmega"},
		{"학습합니다", "학습합니다"}, // Hangul untouched, not decomposed
	} {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// metricCases are worked by hand. Runes are counted after Normalize with
// spaces removed.
var metricCases = []struct {
	name, pred, ref string
	want            Scores
}{
	{
		// Tokens {lora는, 어댑터만, 학습합니다} vs {lora는, 어댑터만, 학습한다}:
		// overlap 2, P = R = 2/3, F1 = 2/3.
		// Runes "lora는어댑터만학습합니다" (14) vs "lora는어댑터만학습한다" (13):
		// every ref rune but 한 is in pred, overlap 12,
		// CharF1 = 2·12/(14+13) = 24/27 = 8/9.
		// LCS "lora는어댑터만학습다" = 12, so ROUGE-L is also 8/9.
		name: "korean ending",
		pred: "LoRA는 어댑터만 학습합니다", ref: "LoRA는 어댑터만 학습한다",
		want: Scores{EM: 0, TokenF1: 2.0 / 3, CharF1: 8.0 / 9, RougeL: 8.0 / 9},
	},
	{
		// No whole token shared; runes 모,델 shared: P = R = 2/3.
		// LCS "모델" = 2 → ROUGE-L 2/3.
		name: "korean particle",
		pred: "모델이", ref: "모델은",
		want: Scores{EM: 0, TokenF1: 0, CharF1: 2.0 / 3, RougeL: 2.0 / 3},
	},
	{
		// Same bags of tokens and runes, so both F1s are 1; but the LCS of
		// "학습모델" and "모델학습" is 2 ("학습" or "모델"): P = R = 1/2.
		name: "word order",
		pred: "학습 모델", ref: "모델 학습",
		want: Scores{EM: 0, TokenF1: 1, CharF1: 1, RougeL: 0.5},
	},
	{
		// Tokens {어댑터를, 저랭크로, 학습} vs {저랭크, 어댑터를, 학습}: overlap 2,
		// F1 = 2/3. Runes "어댑터를저랭크로학습" (10) vs "저랭크어댑터를학습" (9):
		// all 9 ref runes occur in pred, CharF1 = 2·9/19 = 18/19.
		// LCS: "어댑터를학습" (6) beats "저랭크학습" (5); ROUGE-L = 2·6/19 = 12/19.
		name: "korean reordered",
		pred: "어댑터를 저랭크로 학습", ref: "저랭크 어댑터를 학습",
		want: Scores{EM: 0, TokenF1: 2.0 / 3, CharF1: 18.0 / 19, RougeL: 12.0 / 19},
	},
	{
		// Bag semantics: "a" matches once. P = 1/3, R = 1/2,
		// F1 = 2·(1/6)/(5/6) = 0.4. Runes "aaa" vs "ab" give the same, and
		// the LCS "a" = 1 too.
		name: "repeated token",
		pred: "a a a", ref: "a b",
		want: Scores{EM: 0, TokenF1: 0.4, CharF1: 0.4, RougeL: 0.4},
	},
	{
		// Textbook LCS: "abcbdab" vs "bdcaba" → "bcba" = 4.
		// P = 4/7, R = 4/6: F = (16/21)/(26/21) = 8/13.
		// Rune bags: a2 b3 c1 d1 vs a2 b2 c1 d1 → overlap 6, CharF1 = 12/13.
		name: "textbook lcs",
		pred: "ABCBDAB", ref: "BDCABA",
		want: Scores{EM: 0, TokenF1: 0, CharF1: 12.0 / 13, RougeL: 8.0 / 13},
	},
	{
		name: "spacing punctuation case",
		pred: "  LoRA는,   어댑터만 학습한다! ", ref: "lora는 어댑터만 학습한다.",
		want: Scores{EM: 1, TokenF1: 1, CharF1: 1, RougeL: 1},
	},
	{
		name: "cjk punctuation",
		pred: "「저랭크」 행렬。", ref: "저랭크 행렬",
		want: Scores{EM: 1, TokenF1: 1, CharF1: 1, RougeL: 1},
	},
	{
		name: "both empty",
		pred: "", ref: "",
		want: Scores{EM: 1, TokenF1: 1, CharF1: 1, RougeL: 1},
	},
	{
		// Punctuation only normalizes to "", so this is "both empty" too.
		name: "both punctuation only",
		pred: "?!", ref: "…",
		want: Scores{EM: 1, TokenF1: 1, CharF1: 1, RougeL: 1},
	},
	{
		name: "empty prediction",
		pred: "", ref: "답",
		want: Scores{},
	},
	{
		name: "empty reference",
		pred: "답", ref: "  ",
		want: Scores{},
	},
}

func TestMetrics(t *testing.T) {
	for _, tc := range metricCases {
		for _, m := range []struct {
			name string
			fn   func(pred, ref string) float64
			want float64
		}{
			{"ExactMatch", ExactMatch, tc.want.EM},
			{"TokenF1", TokenF1, tc.want.TokenF1},
			{"CharF1", CharF1, tc.want.CharF1},
			{"RougeL", RougeL, tc.want.RougeL},
		} {
			if got := m.fn(tc.pred, tc.ref); !metricNear(got, m.want) {
				t.Errorf("%s: %s(%q, %q) = %v, want %v", tc.name, m.name, tc.pred, tc.ref, got, m.want)
			}
			// Every metric here is symmetric: F1 and F-measure with β = 1
			// swap P and R.
			if got := m.fn(tc.ref, tc.pred); !metricNear(got, m.want) {
				t.Errorf("%s: %s(%q, %q) = %v, want %v (swapped)", tc.name, m.name, tc.ref, tc.pred, got, m.want)
			}
		}
	}
}

func TestScore(t *testing.T) {
	for _, tc := range metricCases {
		got := Score(tc.pred, tc.ref)
		if !metricNear(got.EM, tc.want.EM) || !metricNear(got.TokenF1, tc.want.TokenF1) ||
			!metricNear(got.CharF1, tc.want.CharF1) || !metricNear(got.RougeL, tc.want.RougeL) {
			t.Errorf("%s: Score(%q, %q) = %+v, want %+v", tc.name, tc.pred, tc.ref, got, tc.want)
		}
	}
}

func TestLCS(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"abc", "", 0},
		{"", "abc", 0},
		{"abc", "abc", 3},
		{"abc", "def", 0},
		{"abcbdab", "bdcaba", 4},
		{"agcat", "gac", 2},
		{"저랭크어댑터", "어댑터저랭크", 3},
	} {
		if got := lcs([]rune(tc.a), []rune(tc.b)); got != tc.want {
			t.Errorf("lcs(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestMean(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []Scores
		want Scores
	}{
		{"nil", nil, Scores{}},
		{"empty", []Scores{}, Scores{}},
		{"one", []Scores{{1, 0.5, 0.25, 0.125}}, Scores{1, 0.5, 0.25, 0.125}},
		{
			// (1 + 0)/2 = 1/2; (1 + 2/3)/2 = 5/6; (1 + 8/9)/2 = 17/18.
			"two",
			[]Scores{{1, 1, 1, 1}, {0, 2.0 / 3, 8.0 / 9, 8.0 / 9}},
			Scores{0.5, 5.0 / 6, 17.0 / 18, 17.0 / 18},
		},
	} {
		got := Mean(tc.in)
		if !metricNear(got.EM, tc.want.EM) || !metricNear(got.TokenF1, tc.want.TokenF1) ||
			!metricNear(got.CharF1, tc.want.CharF1) || !metricNear(got.RougeL, tc.want.RougeL) {
			t.Errorf("%s: Mean(%v) = %+v, want %+v", tc.name, tc.in, got, tc.want)
		}
	}
}

// A near miss in Korean: one verb ending differs, so exact match fails,
// token F1 loses a whole token, and the character metrics lose one rune.
func ExampleScore() {
	s := Score("LoRA는 어댑터만 학습합니다", "LoRA는 어댑터만 학습한다")
	fmt.Printf("EM %.0f  token F1 %.4f  char F1 %.4f  ROUGE-L %.4f\n", s.EM, s.TokenF1, s.CharF1, s.RougeL)
	// Output:
	// EM 0  token F1 0.6667  char F1 0.8889  ROUGE-L 0.8889
}

// Baseline and LoRA outputs for the same two references, averaged.
func ExampleMean() {
	refs := []string{"모델은 어댑터만 학습한다", "랭크는 8이다"}
	base := []string{"모델이 전부 학습된다", "랭크 8"}
	tuned := []string{"모델은 어댑터만 학습한다.", "랭크는 8이다"}
	var b, l []Scores
	for i, r := range refs {
		b = append(b, Score(base[i], r))
		l = append(l, Score(tuned[i], r))
	}
	mb, ml := Mean(b), Mean(l)
	fmt.Printf("baseline EM %.2f  char F1 %.4f\n", mb.EM, mb.CharF1)
	fmt.Printf("LoRA     EM %.2f  char F1 %.4f\n", ml.EM, ml.CharF1)
	// Output:
	// baseline EM 0.00  char F1 0.5833
	// LoRA     EM 1.00  char F1 1.0000
}
