package lesson

import (
	"fmt"
	"testing"
)

func ExampleFill() {
	fmt.Println(Fill("Score {correct} / {total}", "correct", "2", "total", "3"))
	// Output: Score 2 / 3
}

func TestFill(t *testing.T) {
	for _, tc := range []struct {
		template string
		pairs    []string
		want     string
	}{
		{"{n}", []string{"n", "1"}, "1"},
		{"{n} and {n}", []string{"n", "1"}, "1 and 1"},
		{"no placeholder", []string{"n", "1"}, "no placeholder"},
		{"{unknown} {n}", []string{"n", "1"}, "{unknown} 1"},
		{"{a}{b}", []string{"a", "{b}", "b", "x"}, "{b}x"}, // a value is not filled again
		{"{n", []string{"n", "1"}, "{n"},
		{"", []string{"n", "1"}, ""},
		{"{n}", nil, "{n}"},
		{"맞습니다! {explain}", []string{"explain", "설명"}, "맞습니다! 설명"},
	} {
		if got := Fill(tc.template, tc.pairs...); got != tc.want {
			t.Errorf("Fill(%q, %q) = %q, want %q", tc.template, tc.pairs, got, tc.want)
		}
	}
}

func TestFillOddPairsPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Errorf("Fill(%q, %q) did not panic, want a panic for an odd count", "{n}", "n")
		}
	}()
	Fill("{n}", "n")
}
