package lesson

import (
	"fmt"
	"reflect"
	"testing"
)

func TestProgressRoundTrip(t *testing.T) {
	p := Progress{
		Answers: map[string]Answer{"quiz-2-q1": {Choice: 1, Checked: true}, "quiz-2-q3": {Choice: 2}},
		Sliders: map[string]int64{"calculator-2.rank": 32},
	}
	s := p.Encode()
	// The stored keys never change: browsers and LMSs hold data in this form.
	const want = `{"v":2,"a":{"quiz-2-q1":{"c":1,"k":true},"quiz-2-q3":{"c":2}},"s":{"calculator-2.rank":32}}`
	if s != want {
		t.Errorf("Encode = %s, want %s", s, want)
	}
	got, err := DecodeProgress(s)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, p) {
		t.Errorf("DecodeProgress(%s) = %+v, want %+v", s, got, p)
	}
}

func TestDecodeProgressRejectsBadData(t *testing.T) {
	for _, s := range []string{"", "{", "null", "[]", `{"v":0,"a":{}}`, `{"v":3}`, `{"v":1,"a":{"x":"y"}}`, `{"v":2,"d":{"c":"{}"}}`, "\x00\xff"} {
		if _, err := DecodeProgress(s); err == nil {
			t.Errorf("DecodeProgress(%q) gave no error, want one", s)
		}
	}
}

func TestProgressKey(t *testing.T) {
	if got := ProgressKey("day1-00"); got != "golesson:day1-00:progress:v1" {
		t.Errorf("ProgressKey(%q) = %q, want %q", "day1-00", got, "golesson:day1-00:progress:v1")
	}
}

// Every field survives the stored form (a JSON key clash once dropped one).
func TestProgressEveryField(t *testing.T) {
	p := Progress{
		Answers:  map[string]Answer{"q": {Choice: 2, Checked: true, Shown: true}},
		Sliders:  map[string]int64{"c.r": 8},
		Excluded: map[string][]int{"lab": {1, 3}},
		Visited:  []string{"intro", "peft"},
		Deeper:   map[string]DeeperSettings{"c": {Open: true, Preset: -1, Rank: 8, Modules: []Module{QProj}, Custom: &ModelConfig{Hidden: 64, Heads: 2}}},
	}
	got, err := DecodeProgress(p.Encode())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, p) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, p)
	}
}

// Version 1 kept the 자세히 settings as JSON inside the JSON; they are read
// into the typed state, and an unreadable one is dropped alone.
func TestDecodeProgressUpgradesVersion1(t *testing.T) {
	v1 := `{"v":1,"a":{"q":{"c":1,"k":true}},"d":{"calc-2":"{\"o\":true,\"p\":1,\"r\":16,\"m\":[\"q_proj\"]}","calc-3":"not json"}}`
	got, err := DecodeProgress(v1)
	if err != nil {
		t.Fatal(err)
	}
	want := DeeperSettings{Open: true, Preset: 1, Rank: 16, Modules: []Module{QProj}}
	if fmt.Sprint(got.Deeper) != fmt.Sprint(map[string]DeeperSettings{"calc-2": want}) || got.Answers["q"] != (Answer{Choice: 1, Checked: true}) {
		t.Errorf("DecodeProgress(v1) = %+v, want the answer and calc-2's settings %+v", got, want)
	}
}
