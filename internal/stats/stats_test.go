package stats

import (
	"fmt"
	"testing"
	"time"
)

var quantiles = []struct {
	xs   []float64
	p    float64
	want float64
}{
	{nil, 0.5, 0},
	{[]float64{7}, 0.5, 7},
	{[]float64{3, 1, 2}, 0.5, 2},
	{[]float64{4, 1, 3, 2}, 0.5, 2.5}, // even count: the mean of the middle two
	{[]float64{4, 1, 3, 2}, 1, 4},
	{[]float64{4, 1, 3, 2}, 0, 1},
	// Nearest rank: the 95th of 20 values is the 19th smallest.
	{[]float64{20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 0.95, 19},
	{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.99, 10},
}

func TestQuantile(t *testing.T) {
	for _, c := range quantiles {
		in := fmt.Sprint(c.xs)
		if got := Quantile(c.xs, c.p); got != c.want {
			t.Errorf("Quantile(%v, %v) = %v, want %v", c.xs, c.p, got, c.want)
		}
		if fmt.Sprint(c.xs) != in {
			t.Errorf("Quantile(%v, %v) reordered its input to %v", in, c.p, c.xs)
		}
	}
}

func TestMedianDuration(t *testing.T) {
	d := []time.Duration{3 * time.Millisecond, time.Millisecond}
	if got, want := Median(d), 2*time.Millisecond; got != want {
		t.Errorf("Median(%v) = %v, want %v", d, got, want)
	}
}

func TestRank(t *testing.T) {
	for _, c := range []struct {
		n    int
		p    float64
		want int
	}{{1, 0.99, 0}, {100, 0.5, 49}, {100, 0.99, 98}, {101, 0.99, 99}, {10, 0, 0}, {10, 1, 9}} {
		if got := Rank(c.n, c.p); got != c.want {
			t.Errorf("Rank(%d, %v) = %d, want %d", c.n, c.p, got, c.want)
		}
	}
}

func TestRatio(t *testing.T) {
	for _, c := range []struct {
		a, b float64
		want string
	}{{1, 2, "0.50"}, {3, 1, "3.00"}, {1, 0, "—"}, {0, 0, "—"}} {
		if got := Ratio(c.a, c.b); got != c.want {
			t.Errorf("Ratio(%v, %v) = %q, want %q", c.a, c.b, got, c.want)
		}
	}
}

func TestFormats(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{Size(812), "812 B"},
		{Size(3800), "3.8 kB"},
		{Size(1.49e6), "1.49 MB"},
		{Size(0), "0 B"},
		{Millis(551.6), "552 ms"},
		{Count(20.5), "20"}, // %.0f rounds half to even
		{Count(21.4), "21"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
