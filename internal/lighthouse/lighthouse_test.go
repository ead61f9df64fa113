package lighthouse

import (
	"strings"
	"testing"
)

// A report cut down to the fields Parse reads, with the values
// Lighthouse 12.2.3 writes (score 0–1, metrics in ms).
const lhReport = `{"categories":{"performance":{"score":0.49}},"audits":{
"first-contentful-paint":{"numericValue":1662.1},"largest-contentful-paint":{"numericValue":7103},
"total-blocking-time":{"numericValue":2812},"cumulative-layout-shift":{"numericValue":0.002},
"speed-index":{"numericValue":3517},"max-potential-fid":{"numericValue":814}}}`

func TestParse(t *testing.T) {
	r, err := Parse([]byte(lhReport))
	if err != nil {
		t.Fatal(err)
	}
	want := Run{score: 49, fcp: 1662.1, lcp: 7103, tbt: 2812, cls: 0.002, si: 3517, max: 814}
	if r != want {
		t.Errorf("Parse = %+v, want %+v", r, want)
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct{ report, want string }{
		{`{"runtimeError":{"code":"NO_FCP","message":"The page did not paint"},"categories":{"performance":{"score":null}}}`, "NO_FCP"},
		{`{"categories":{"performance":{"score":null}}}`, "no performance score"},
		{`{`, "reading Lighthouse's report"},
	} {
		if _, err := Parse([]byte(c.report)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%s) = %v, want an error with %q", c.report, err, c.want)
		}
	}
}
