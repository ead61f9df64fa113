package parse

import (
	"strings"
	"testing"

	"golesson/app/lesson"
)

// TestUIKeysAreTheTags: the keys of ui.yaml are the yaml tags of
// lesson.UI. Each one left out is reported on its own, and uiYAML (which
// TestSmallLesson reads) has every one, so a field added to lesson.UI
// without its word fails here.
func TestUIKeysAreTheTags(t *testing.T) {
	fields := stringFields(&lesson.UI{})
	if n := strings.Count(uiYAML, "\n"); len(fields) != n {
		t.Errorf("lesson.UI has %d tagged string fields, uiYAML %d lines; want the same", len(fields), n)
	}
	for _, f := range fields {
		var kept []string
		for _, line := range strings.SplitAfter(uiYAML, "\n") {
			if !strings.HasPrefix(line, f.key+":") {
				kept = append(kept, line)
			}
		}
		if len(kept) == len(strings.SplitAfter(uiYAML, "\n")) {
			t.Errorf("uiYAML has no line %q, want every key of lesson.UI", f.key+":")
			continue
		}
		_, err := UI("ui.yaml", []byte(strings.Join(kept, "")))
		want := `ui.yaml:1: missing required field "` + f.key + `"`
		if err == nil || err.Error() != want {
			t.Errorf("ui.yaml without %s: error %v, want %q", f.key, err, want)
		}
	}
}

func TestUIUnknownAndEmptyWords(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"unknown key", uiYAML + "checks: Check\n", `ui.yaml:37: YAML: unknown field "checks"`},
		{"empty word", strings.Replace(uiYAML, "retry: Retry", `retry: " "`, 1), `ui.yaml:12: missing required field "retry"`},
	} {
		_, err := UI("ui.yaml", []byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	ui, err := UI("ui.yaml", []byte(uiYAML))
	if err != nil || ui.Retry != "Retry" || ui.Done != "Done" {
		t.Errorf("UI(uiYAML) = retry %q, done %q, error %v; want Retry, Done, nil", ui.Retry, ui.Done, err)
	}
}
