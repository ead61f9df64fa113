package main

import (
	"maps"
	"slices"
	"testing"
)

// module is a small wasm module written by hand: one imported function
// (index 0), two function bodies of 3 and 5 bytes (indexes 1 and 2), a data
// section of 4 bytes, and a name section naming all three unless
// withNames is false.
func module(withNames bool) []byte {
	name := func(s string) []byte { return append([]byte{byte(len(s))}, s...) }
	section := func(id byte, body ...byte) []byte { return append([]byte{id, byte(len(body))}, body...) }
	var imports []byte
	imports = append(imports, 1) // one import
	imports = append(imports, name("go")...)
	imports = append(imports, name("debug")...)
	imports = append(imports, 0, 0) // a function of type 0
	code := []byte{2, 3, 0, 0x01, 0x0b, 5, 0, 0x01, 0x01, 0x01, 0x0b}
	var names []byte
	names = append(names, 3)
	for i, n := range []string{"go.debug", "runtime.main", "golesson_app_ui.__quiz_.Render"} {
		names = append(names, byte(i))
		names = append(names, name(n)...)
	}
	custom := append(name("name"), section(1, names...)...)
	b := []byte("\x00asm\x01\x00\x00\x00")
	b = append(b, section(2, imports...)...)
	b = append(b, section(10, code...)...)
	b = append(b, section(11, 1, 2, 3, 4)...)
	if withNames {
		b = append(b, section(0, custom...)...)
	}
	return b
}

func TestParse(t *testing.T) {
	sizes, names, imported, sections, err := parse(module(true))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sizes, []int{3, 5}) || imported != 1 {
		t.Errorf("sizes %v, imported %d; want [3 5], 1", sizes, imported)
	}
	want := map[int]string{0: "go.debug", 1: "runtime.main", 2: "golesson_app_ui.__quiz_.Render"}
	if !maps.Equal(names, want) {
		t.Errorf("names = %v, want %v", names, want)
	}
	if sections[11] != 4 || sections[10] != 11 {
		t.Errorf("sections = %v, want data 4 bytes and code 11", sections)
	}
}

func TestParseBadInput(t *testing.T) {
	m := module(true)
	for name, b := range map[string][]byte{
		"empty":     nil,
		"not wasm":  []byte("\x7fELF\x02\x01\x01\x00"),
		"truncated": slices.Clip(m[:len(m)-6]),
		"no names":  module(false),
	} {
		if _, _, _, _, err := parse(b); err == nil {
			t.Errorf("parse(%s): no error", name)
		}
	}
}
