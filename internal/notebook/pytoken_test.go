package notebook

import (
	"encoding/json"
	"reflect"
	"testing"
)

// literals: Python source of one expression and the value the importer
// reads from it, as JSON of the expr tree's literal values ("" when it must
// not read it).
var literals = []struct {
	src  string
	want any // string, int64, []any, map[string]any; nil: not literal
}{
	{`"a"`, "a"},
	{`'a' "b" '''c'''`, "abc"},
	{`"""line 1
line 2"""`, "line 1\nline 2"},
	{`'it\'s \"x\" \\ \n\t\x41\u00e9\U0001F600\101'`, "it's \"x\" \\ \n\tAé😀A"},
	{`r'\n\d'`, `\n\d`},
	{`'\q'`, `\q`}, // Python keeps unknown escapes
	{`"a\
b"`, "ab"},
	{`f"{x:,} {{y}}"`, "f:{x:,} {{y}}"},
	{`rb'x'`, "b:x"},
	{`42`, int64(42)},
	{`1_000`, int64(1000)},
	{`0x1F`, int64(31)},
	{`-7`, int64(-7)},
	{`[1, 'a', (2, 3), {"k": [4]},]`, []any{int64(1), "a", []any{int64(2), int64(3)}, map[string]any{"k": []any{int64(4)}}}},
	{`f(1, b=2)`, map[string]any{"call f": []any{int64(1), map[string]any{"b": int64(2)}}}},
	{`[x for x in y]`, nil},
	{`{1, 2}`, nil},
	{`lambda: 1`, nil},
	{`f(*a)`, nil},
	{`"open`, nil},
	{`[1, 2`, nil},
	{`)`, nil},
}

func TestLiterals(t *testing.T) {
	for _, tc := range literals {
		lines, err := tokenize(tc.src)
		var e expr
		if err == nil && len(lines) == 1 {
			e, err = parseExpr(lines[0].toks)
		}
		if tc.want == nil {
			if err == nil && len(lines) == 1 {
				t.Errorf("%s: read as %#v, want it refused", tc.src, e)
			}
			continue
		}
		if err != nil || len(lines) != 1 {
			t.Errorf("%s: %v (%d lines)", tc.src, err, len(lines))
			continue
		}
		got := value(e)
		if !reflect.DeepEqual(got, tc.want) {
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(tc.want)
			t.Errorf("%s: read %s, want %s", tc.src, g, w)
		}
	}
}

// value turns an expr into plain Go values for comparison.
func value(e expr) any {
	switch e := e.(type) {
	case strLit:
		switch {
		case e.f:
			return "f:" + e.val
		case e.b:
			return "b:" + e.val
		}
		return e.val
	case numLit:
		return e.i
	case unaryExpr:
		v, _ := intValue(e)
		return v
	case listExpr:
		return values(e.elts)
	case tupleExpr:
		return values(e.elts)
	case dictExpr:
		m := map[string]any{}
		for i, k := range e.keys {
			ks, _ := plainStr(k)
			m[ks] = value(e.vals[i])
		}
		return m
	case callExpr:
		args := values(e.args)
		kw := map[string]any{}
		for _, k := range e.kwargs {
			kw[k.name] = value(k.val)
		}
		return map[string]any{"call " + dotted(e.fn): append(args, kw)}
	}
	return e
}

func values(es []expr) []any {
	out := []any{}
	for _, e := range es {
		out = append(out, value(e))
	}
	return out
}

// Logical lines: brackets and backslashes join physical lines; comments,
// blank lines and magics are handled; indentation is kept.
func TestLogicalLines(t *testing.T) {
	src := "import x  # comment\n\nq = [\n  1,  # one\n  2]\nif a:\n    b = 1 + \\\n        2\n!pip install y\n%time f()\n"
	lines, err := tokenize(src)
	if err != nil {
		t.Fatal(err)
	}
	var got [][2]int // indent, first line
	for _, l := range lines {
		got = append(got, [2]int{l.indent, l.line})
	}
	want := [][2]int{{0, 1}, {0, 3}, {0, 6}, {4, 7}, {0, 9}, {0, 10}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("logical lines (indent, line) = %v, want %v", got, want)
	}
	if lines[4].toks[0].kind != tMagic || lines[4].toks[0].text != "!pip install y" {
		t.Errorf("magic line = %+v, want a magic token \"!pip install y\"", lines[4].toks)
	}
}
