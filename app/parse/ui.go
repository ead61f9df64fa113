package parse

import (
	"reflect"
	"strings"

	"golesson/app/lesson"
)

// UI parses the interface words file. Its keys are the yaml tags of
// lesson.UI: an unknown key is an error, and so is a missing or empty one.
func UI(name string, src []byte) (lesson.UI, error) {
	src = unifyNewlines(src)
	e := &errs{file: name}
	var ui lesson.UI
	d, ok := decodeYAML(e, 0, src, &ui)
	if !ok {
		return lesson.UI{}, e.err()
	}
	for _, f := range stringFields(&ui) {
		if strings.TrimSpace(*f.val) == "" {
			e.add(d.line("$."+f.key), "missing required field %q", f.key)
		}
	}
	// A control's accessible name must contain its visible label (WCAG
	// 2.5.3) and tell the questions apart.
	for _, f := range []struct{ key, val, label, labelKey string }{
		{"select_name", ui.SelectName, ui.Select, "select"},
		{"check_name", ui.CheckName, ui.Check, "check"},
	} {
		if f.val == "" || f.label == "" {
			continue
		}
		if !strings.Contains(f.val, "{n}") {
			e.add(d.line("$."+f.key), "%s %q must contain {n}, the question's number", f.key, f.val)
		}
		if !strings.Contains(f.val, f.label) {
			e.add(d.line("$."+f.key), "%s %q must contain the visible label %s %q", f.key, f.val, f.labelKey, f.label)
		}
	}
	return ui, e.err()
}

// stringField is one string field of a struct and its YAML key.
type stringField struct {
	key string
	val *string
}

// stringFields lists the string fields of the struct v points to that
// have a yaml tag, in field order. Reflection is fine here: the parser
// runs at build time and is never linked into the wasm.
func stringFields(v any) []stringField {
	rv := reflect.ValueOf(v).Elem()
	var fs []stringField
	for i := range rv.NumField() {
		sf := rv.Type().Field(i)
		key, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		if key == "" || key == "-" || sf.Type != reflect.TypeFor[string]() {
			continue
		}
		fs = append(fs, stringField{key: key, val: rv.Field(i).Addr().Interface().(*string)})
	}
	return fs
}
