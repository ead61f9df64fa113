package lesson

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestConfigLimitsNameEveryNumber: each number of ModelConfig has one
// limit, named by its yaml tag (the content's name, which the parser and
// the custom fields' element ids use), and Field finds that very field.
func TestConfigLimitsNameEveryNumber(t *testing.T) {
	var c ModelConfig
	rv := reflect.ValueOf(&c).Elem()
	var tags []string
	for i := range rv.NumField() {
		sf := rv.Type().Field(i)
		tag, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		tags = append(tags, tag)
		if sf.Type.Kind() != reflect.Int64 {
			continue
		}
		n := 0
		for _, l := range ConfigLimits {
			if l.Field == tag {
				n++
			}
		}
		if n != 1 {
			t.Errorf("ModelConfig.%s (yaml %q) has %d limits in ConfigLimits, want 1", sf.Name, tag, n)
		}
		if got, want := c.Field(tag), rv.Field(i).Addr().Interface().(*int64); got != want {
			t.Errorf("Field(%q) = %p, want &c.%s (%p)", tag, got, sf.Name, want)
		}
	}
	if len(ConfigLimits) != 8 {
		t.Errorf("%d limits, want 8: one per number of ModelConfig", len(ConfigLimits))
	}
	if got := c.Field("tied"); got != nil {
		t.Errorf("Field(%q) = %p, want nil: not a number", "tied", got)
	}
	for _, f := range DeeperFields {
		if !slices.Contains(tags, f) {
			t.Errorf("DeeperFields has %q, want only yaml tags of ModelConfig (%s)", f, strings.Join(tags, ", "))
		}
	}
}
