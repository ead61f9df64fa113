// Package stats holds the order statistics make bench reports (the median
// and nearest-rank quantiles of times, sizes and rates, ratios) and how its
// tables write numbers.
package stats

import (
	"fmt"
	"math"
	"slices"
)

// Number is what can be ranked and averaged: float64 and time.Duration.
type Number interface{ ~int64 | ~float64 }

// Quantile is the nearest-rank p-quantile of xs (0 for none); the median
// (p = 0.5) of an even count is the mean of the two middle values. xs is
// left as it was.
func Quantile[T Number](xs []T, p float64) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	if p == 0.5 && len(s)%2 == 0 {
		return (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return s[Rank(len(s), p)]
}

// Median is Quantile(xs, 0.5).
func Median[T Number](xs []T) T { return Quantile(xs, 0.5) }

// Rank is the index of the nearest-rank p-quantile in a sorted slice of
// n values: the smallest index at or under which a share p of them lies.
func Rank(n int, p float64) int {
	i := int(math.Ceil(p*float64(n))) - 1
	return min(max(i, 0), n-1)
}

// Ratio is a/b with two decimals, or "—" when b is 0 (no ratio to give).
func Ratio(a, b float64) string {
	if b == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f", a/b)
}

// Size writes a byte count as the report does: "812 B", "3.8 kB", "1.49 MB".
func Size(x float64) string {
	switch {
	case x < 1000:
		return fmt.Sprintf("%.0f B", x)
	case x < 1e6:
		return fmt.Sprintf("%.1f kB", x/1e3)
	default:
		return fmt.Sprintf("%.2f MB", x/1e6)
	}
}

// Millis writes milliseconds rounded to whole ones: "552 ms".
func Millis(x float64) string { return fmt.Sprintf("%.0f ms", x) }

// Count writes a count (or a median of counts) rounded: "21".
func Count(x float64) string { return fmt.Sprintf("%.0f", x) }
