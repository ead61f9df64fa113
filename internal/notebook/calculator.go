package notebook

import (
	"fmt"
	"reflect"
	"strings"

	"golesson/app/lesson"
)

// calculatorShape recognises ipywidgets IntSliders whose output is a
// constant times their product, shown by an f-string: the {calculator}
// block (factor, sliders, and the result's label and unit from the
// f-string's text around the number). This file, a little over 300 lines,
// is the whole of that recognition: the sliders, the formula and the
// f-string, which only make sense together.
func calculatorShape(c *cellCode) (shape, bool) {
	n := 0
	for _, cl := range c.calls {
		if lastName(cl.name) == "IntSlider" {
			n++
		}
	}
	if n == 0 {
		return shape{}, false
	}
	s := shape{kind: "calculator"}
	miss := func(format string, args ...any) (shape, bool) {
		s.miss = fmt.Sprintf(format, args...)
		return s, true
	}
	for _, cl := range c.calls {
		parts := strings.Split(cl.name, ".")
		if (parts[0] == "widgets" || parts[0] == "ipywidgets") && !calcWidgets[lastName(cl.name)] {
			return miss("it also has a %s, which a {calculator} has no place for", lastName(cl.name))
		}
	}

	var vars []string
	calc := &lesson.CalcBlock{}
	isSlider := map[string]bool{}
	for _, a := range c.assigns {
		ce, ok := a.value.(callExpr)
		if !ok || lastName(dotted(ce.fn)) != "IntSlider" {
			continue
		}
		if strings.Contains(a.target, ".") || isSlider[a.target] {
			return miss("the IntSlider on line %d is not one plain variable", a.line)
		}
		sl, why := slider(a.target, ce)
		if why != "" {
			return miss("slider %s %s", a.target, why)
		}
		isSlider[a.target] = true
		vars = append(vars, a.target)
		calc.Sliders = append(calc.Sliders, sl)
	}
	if len(calc.Sliders) != n {
		return miss("an IntSlider is not assigned to a variable, or its arguments are not literal")
	}

	// The output: one f-string with one placeholder, assigned to a widget.
	var outs []strLit
	for _, a := range c.assigns {
		if f, ok := a.value.(strLit); ok && f.f && strings.HasSuffix(a.target, ".value") && strings.Contains(f.val, "{") {
			outs = append(outs, f)
		}
	}
	if len(outs) != 1 {
		return miss("%d f-strings show a result; a {calculator} shows one", len(outs))
	}
	before, ph, after, ok := onePlaceholder(outs[0].val)
	if !ok {
		return miss("the output f-string does not show exactly one number")
	}
	result, err := placeholderExpr(ph)
	if err != nil {
		return miss("the output's {%s} is not a literal expression", ph)
	}
	if name, ok := result.(nameExpr); ok {
		var found []expr
		for _, a := range c.assigns {
			if a.target == name.id {
				found = append(found, a.value)
			}
		}
		if len(found) != 1 || found[0] == nil {
			return miss("%s is not assigned once, from literal code", name.id)
		}
		result = found[0]
	}
	used := map[string]int{}
	factor, why := product(result, isSlider, used)
	if why != "" {
		return miss("the result is not a constant times the sliders' product: %s", why)
	}
	for _, v := range vars {
		if used[v] != 1 {
			return miss("the result uses slider %s %d times; a {calculator} multiplies each slider once", v, used[v])
		}
	}
	calc.Factor = factor
	calc.Result = strings.Join(strings.Fields(stripTags(before)), " ")
	calc.Unit = strings.Join(strings.Fields(stripTags(after)), " ")
	if calc.Result == "" {
		return miss("the output has no words before the number")
	}
	calc.Title = calcTitle(c)
	if calc.Title == "" {
		return miss("no title (a widgets.HTML or widgets.Label naming the calculator)")
	}

	var b strings.Builder
	fmt.Fprintf(&b, "title: %s\nresult: %s\n", yamlScalar(calc.Title), yamlScalar(calc.Result))
	if calc.Unit != "" {
		fmt.Fprintf(&b, "unit: %s\n", yamlScalar(calc.Unit))
	}
	fmt.Fprintf(&b, "factor: %d\nsliders:\n", calc.Factor)
	for _, sl := range calc.Sliders {
		fmt.Fprintf(&b, "  - id: %s\n    label: %s\n    min: %d\n    max: %d\n    step: %d\n    default: %d\n",
			yamlScalar(sl.ID), yamlScalar(sl.Label), sl.Min, sl.Max, sl.Step, sl.Default)
	}
	s.yaml = b.String()
	s.check = func(b lesson.Block) bool { return reflect.DeepEqual(b.Calculator, calc) }
	return s, true
}

// calcWidgets are the ipywidgets a calculator cell may use: inputs, the
// output, its title and layout.
var calcWidgets = map[string]bool{"IntSlider": true, "HTML": true, "Label": true, "VBox": true, "HBox": true, "Layout": true}

// sliderOptions change how a slider looks, not what it computes.
var sliderOptions = map[string]bool{"continuous_update": true, "layout": true, "style": true, "readout": true, "readout_format": true}

func slider(v string, ce callExpr) (lesson.Slider, string) {
	sl := lesson.Slider{}
	if len(ce.args) > 0 {
		return sl, "has positional arguments; write value=, min=, max=, step=, description="
	}
	for _, k := range ce.kwargs {
		if !sliderOptions[k.name] && k.name != "value" && k.name != "min" && k.name != "max" && k.name != "step" && k.name != "description" {
			return sl, fmt.Sprintf("has %s=, which a {calculator} has no place for", k.name)
		}
	}
	for _, f := range []struct {
		name string
		dst  *int64
	}{{"value", &sl.Default}, {"min", &sl.Min}, {"max", &sl.Max}, {"step", &sl.Step}} {
		e, ok := ce.kw(f.name)
		if !ok {
			return sl, fmt.Sprintf("has no %s=", f.name)
		}
		if *f.dst, ok = intValue(e); !ok {
			return sl, fmt.Sprintf("has a %s= that is not a whole number", f.name)
		}
	}
	e, ok := ce.kw("description")
	if !ok {
		return sl, "has no description="
	}
	if sl.Label, ok = plainStr(e); !ok || strings.TrimSpace(sl.Label) == "" {
		return sl, "has a description= that is not a plain string"
	}
	sl.Label = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(sl.Label), ":"))
	// The id names saved progress: from the label ("Hidden" → hidden), or
	// the variable when the label has no Latin letters.
	sl.ID = strings.Trim(nonID.ReplaceAllString(strings.ToLower(sl.Label), "-"), "-")
	if sl.ID == "" {
		sl.ID = strings.Trim(nonID.ReplaceAllString(strings.ToLower(v), "-"), "-")
	}
	if sl.ID == "" {
		sl.ID = "slider"
	}
	return sl, ""
}

// product reads e as integer constants times slider values, each slider
// counted in used.
func product(e expr, isSlider map[string]bool, used map[string]int) (int64, string) {
	switch e := e.(type) {
	case binExpr:
		if e.op != "*" {
			return 0, fmt.Sprintf("it uses %q", e.op)
		}
		x, why := product(e.x, isSlider, used)
		if why != "" {
			return 0, why
		}
		y, why := product(e.y, isSlider, used)
		if why != "" {
			return 0, why
		}
		if x != 0 && y > (1<<53)/x {
			return 0, "its constant is too large"
		}
		return x * y, ""
	case numLit:
		if !e.isInt || e.i < 1 {
			return 0, fmt.Sprintf("its constant %s is not a positive whole number", e.text)
		}
		return e.i, ""
	case attrExpr:
		if n, ok := e.x.(nameExpr); ok && e.name == "value" && isSlider[n.id] {
			used[n.id]++
			return 1, ""
		}
	case unaryExpr:
		return 0, fmt.Sprintf("it uses %q", e.op)
	case nil:
		return 0, "it is not literal code"
	}
	return 0, "it uses something other than sliders and constants"
}

// onePlaceholder splits an f-string's text around its only {placeholder};
// "{{" and "}}" are literal braces.
func onePlaceholder(f string) (before, ph, after string, ok bool) {
	var parts []string
	var cur strings.Builder
	var phs []string
	for i := 0; i < len(f); i++ {
		switch {
		case strings.HasPrefix(f[i:], "{{"):
			cur.WriteByte('{')
			i++
		case strings.HasPrefix(f[i:], "}}"):
			cur.WriteByte('}')
			i++
		case f[i] == '{':
			depth, j := 0, i
			for ; j < len(f); j++ {
				if f[j] == '{' {
					depth++
				} else if f[j] == '}' {
					depth--
					if depth == 0 {
						break
					}
				}
			}
			if j >= len(f) {
				return "", "", "", false
			}
			phs = append(phs, f[i+1:j])
			parts = append(parts, cur.String())
			cur.Reset()
			i = j
		case f[i] == '}':
			return "", "", "", false
		default:
			cur.WriteByte(f[i])
		}
	}
	parts = append(parts, cur.String())
	if len(phs) != 1 {
		return "", "", "", false
	}
	return parts[0], phs[0], parts[1], true
}

// placeholderExpr parses a placeholder's expression, without its
// conversion (!r) and format spec (:,.0f).
func placeholderExpr(ph string) (expr, error) {
	depth := 0
	for i := 0; i < len(ph); i++ {
		switch ph[i] {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case ':', '!':
			if depth == 0 && !(ph[i] == '!' && i+1 < len(ph) && ph[i+1] == '=') {
				ph = ph[:i]
			}
		}
	}
	lines, err := tokenize(strings.ReplaceAll(ph, "\n", " "))
	if err != nil {
		return nil, err
	}
	if len(lines) != 1 {
		return nil, fmt.Errorf("not one expression")
	}
	return parseExpr(lines[0].toks)
}

// calcTitle is the text of the first ipywidgets HTML or Label that has
// literal text.
func calcTitle(c *cellCode) string {
	for _, cl := range c.calls {
		last := lastName(cl.name)
		if (last != "HTML" && last != "Label") || !strings.Contains(cl.name, "widgets") || cl.expr == nil {
			continue
		}
		v, ok := cl.expr.kw("value")
		if !ok && len(cl.expr.args) == 1 {
			v, ok = cl.expr.args[0], true
		}
		if !ok {
			continue
		}
		if s, ok := plainStr(v); ok {
			if t := strings.Join(strings.Fields(stripTags(s)), " "); t != "" {
				return t
			}
		}
	}
	return ""
}
