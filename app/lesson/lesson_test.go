package lesson

import (
	"fmt"
	"testing"
)

var lora = CalcBlock{
	Factor: 2,
	Sliders: []Slider{
		{ID: "hidden", Min: 512, Max: 8192, Step: 256, Default: 4096},
		{ID: "rank", Min: 4, Max: 128, Step: 4, Default: 16},
		{ID: "layers", Min: 1, Max: 64, Step: 1, Default: 32},
	},
}

// The notebook's formula: params ≈ 2 × hidden × rank × layers.
func ExampleCalcBlock_Compute() {
	fmt.Println(FormatInt(lora.Compute(lora.Defaults())))
	fmt.Println(FormatInt(lora.Compute([]int64{4096, 32, 32})))
	fmt.Println(FormatInt(lora.Compute([]int64{8192, 128, 64})))
	// Output:
	// 4,194,304
	// 8,388,608
	// 134,217,728
}

func TestFormatInt(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		want string
	}{
		{0, "0"}, {7, "7"}, {999, "999"}, {1000, "1,000"}, {123456, "123,456"},
		{1234567, "1,234,567"}, {-1234, "-1,234"}, {9007199254740992, "9,007,199,254,740,992"},
	} {
		if got := FormatInt(tc.n); got != tc.want {
			t.Errorf("FormatInt(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestSnap(t *testing.T) {
	hidden := lora.Sliders[0]
	for _, tc := range []struct{ in, want int64 }{
		{4096, 4096}, {0, 512}, {-5, 512}, {9000, 8192}, {4100, 4096}, {4300, 4352}, {4223, 4096}, {4224, 4352},
	} {
		if got := hidden.Snap(tc.in); got != tc.want {
			t.Errorf("Snap(%d) = %d, want %d", tc.in, got, tc.want)
		}
	}
	// A range whose max is off the grid never snaps past max.
	odd := Slider{Min: 0, Max: 10, Step: 4}
	if got := odd.Snap(9); got != 8 {
		t.Errorf("Snap(9) on 0..10 step 4 = %d, want 8", got)
	}
}

func TestQuizCheck(t *testing.T) {
	q := Question{Options: []string{"a", "b", "c"}, Answer: 1, Explain: "because"}
	ui := UI{Correct: "✅ 정답! {explain}", Wrong: "❌ 다시 생각해보세요. Tip: {explain}"}
	for choice, want := range []string{"❌ 다시 생각해보세요. Tip: because", "✅ 정답! because", "❌ 다시 생각해보세요. Tip: because"} {
		ok := q.Correct(choice)
		if ok != (choice == 1) {
			t.Errorf("Correct(%d) = %v, want %v", choice, ok, choice == 1)
		}
		if got := ui.Feedback(q, ok); got != want {
			t.Errorf("Feedback for %d = %q, want %q", choice, got, want)
		}
	}
}
