package trace

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// testdata/visit.json is a trace written by hand: a navigation to
// http://127.0.0.1:5000/ on pid 1 tid 1 at 1 s, first paint 100 ms later,
// the answer at 300 ms and painted from 310 to 315 ms; events before the
// navigation, after the paint, on another thread or in another process
// (an iframe) must not count.
func readFixture(t *testing.T) []Event {
	t.Helper()
	b, err := os.ReadFile("testdata/visit.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		TraceEvents []Event `json:"traceEvents"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	return f.TraceEvents
}

func TestAnalyse(t *testing.T) {
	got, err := Analyse(readFixture(t), "http://127.0.0.1:5000/", 100, 300, 250) // the app ran before the answer
	if err != nil {
		t.Fatal(err)
	}
	want := Breakdown{
		Layout:          30,  // 10 + 20 ms; the "B" event is not a complete one
		LayoutObjects:   150, // 100 + 50
		Layouts:         2,
		Style:           7,
		Script:          130, // FunctionCall 100 (v8.callFunction nests in it) + EvaluateScript's 20 ms past it + TimerFire 10
		WasmCompile:     100, // 40 + 60
		Paint:           7,   // 2 + 5; the iframe's and the later paint do not count
		Worker:          70,  // the iframe's worker and the worker's later task do not count
		Longest:         250,
		LongAfterFCP:    1,   // the 250 ms task
		LongestAfter:    250, // the 80 ms task ended before first paint
		Blocking:        200, // 250 − 50; the 30 ms task that ends after first paint is under 50
		Tasks:           []float64{80, 30, 250},
		Painted:         315,
		Ready:           315,
		LongestToAnswer: 250,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Analyse =\n%+v\nwant\n%+v", got, want)
	}

	// The app runs after the answer (an early script answered): the window
	// goes on to the first paint after it, 1 ms at 400 ms.
	got, err = Analyse(readFixture(t), "http://127.0.0.1:5000/", 100, 300, 390)
	if err != nil {
		t.Fatal(err)
	}
	want.Ready, want.Paint = 401, 8
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Analyse, the app after the answer =\n%+v\nwant\n%+v", got, want)
	}
}

func TestAnalyseNoNavigation(t *testing.T) {
	if _, err := Analyse(readFixture(t), "http://127.0.0.1:6000/", 100, 300, 300); err == nil {
		t.Error("Analyse of a trace without a navigation to the URL: no error")
	}
}

func TestOutermost(t *testing.T) {
	for _, c := range []struct {
		name   string
		events []Event
		want   float64
	}{
		{"none", nil, 0},
		{"nested", []Event{{Ts: 0, Dur: 10}, {Ts: 2, Dur: 3}}, 10},
		{"same start, shorter first", []Event{{Ts: 0, Dur: 3}, {Ts: 0, Dur: 10}}, 10},
		{"overlapping", []Event{{Ts: 0, Dur: 10}, {Ts: 5, Dur: 10}}, 15},
		{"apart", []Event{{Ts: 20, Dur: 5}, {Ts: 0, Dur: 5}}, 10},
		{"fractional starts", []Event{{Ts: 0.25, Dur: 1}, {Ts: 0.5, Dur: 1}}, 1.25},
	} {
		if got := outermost(c.events); got != c.want {
			t.Errorf("%s: outermost = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestSave(t *testing.T) {
	events := readFixture(t)
	prefix := filepath.Join(t.TempDir(), "visit")
	for range 2 {
		if err := Save(prefix, events); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"visit-1.json", "visit-2.json"} {
		b, err := os.ReadFile(filepath.Join(filepath.Dir(prefix), name))
		if err != nil {
			t.Fatalf("Save twice: %v", err)
		}
		var f struct {
			TraceEvents []Event `json:"traceEvents"`
		}
		if err := json.Unmarshal(b, &f); err != nil || len(f.TraceEvents) != len(events) {
			t.Errorf("%s: %d events (%v), want %d", name, len(f.TraceEvents), err, len(events))
		}
	}
}
