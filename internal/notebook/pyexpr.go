package notebook

import (
	"fmt"
	"strconv"
	"strings"
)

// The expressions the importer understands: literals (strings, numbers,
// True/False/None, lists, tuples, dicts), names, attributes, subscripts,
// calls with positional and keyword arguments, and arithmetic. Anything
// else (comprehensions, lambdas, comparisons, …) is "not a literal shape".
//
// The file is over 300 lines because it is one recursive-descent parser:
// its node types and the functions for each precedence level read best
// side by side.

type expr interface{ isExpr() }

type (
	strLit struct {
		val string
		f   bool // an f-string: val keeps its {placeholders}
		b   bool // bytes
	}
	numLit struct {
		text  string
		isInt bool
		i     int64
	}
	nameExpr struct{ id string } // also True, False, None
	attrExpr struct {
		x    expr
		name string
	}
	indexExpr struct{ x, index expr }
	callExpr  struct {
		fn     expr
		args   []expr
		kwargs []kwarg
	}
	kwarg struct {
		name string
		val  expr
	}
	listExpr  struct{ elts []expr }
	tupleExpr struct{ elts []expr }
	dictExpr  struct {
		keys, vals []expr
	}
	binExpr struct {
		op   string
		x, y expr
	}
	unaryExpr struct {
		op string
		x  expr
	}
)

func (strLit) isExpr()    {}
func (numLit) isExpr()    {}
func (nameExpr) isExpr()  {}
func (attrExpr) isExpr()  {}
func (indexExpr) isExpr() {}
func (callExpr) isExpr()  {}
func (listExpr) isExpr()  {}
func (tupleExpr) isExpr() {}
func (dictExpr) isExpr()  {}
func (binExpr) isExpr()   {}
func (unaryExpr) isExpr() {}

type exprParser struct {
	toks  []token
	pos   int
	depth int
}

// parseExpr parses toks as exactly one expression (a bare tuple included).
func parseExpr(toks []token) (expr, error) {
	p := &exprParser{toks: toks}
	e, err := p.tuple(func() bool { return p.pos >= len(p.toks) })
	if err != nil {
		return nil, err
	}
	if p.pos != len(p.toks) {
		return nil, fmt.Errorf("unexpected %q", p.toks[p.pos].text)
	}
	return e, nil
}

func (p *exprParser) peekOp(op string) bool {
	return p.pos < len(p.toks) && p.toks[p.pos].kind == tOp && p.toks[p.pos].text == op
}

func (p *exprParser) expectOp(op string) error {
	if !p.peekOp(op) {
		if p.pos < len(p.toks) {
			return fmt.Errorf("want %q, found %q", op, p.toks[p.pos].text)
		}
		return fmt.Errorf("want %q at the end", op)
	}
	p.pos++
	return nil
}

// tuple parses "a" or "a, b, …" up to a token for which stop is true.
func (p *exprParser) tuple(stop func() bool) (expr, error) {
	first, err := p.binary(0)
	if err != nil {
		return nil, err
	}
	if !p.peekOp(",") {
		return first, nil
	}
	elts := []expr{first}
	for p.peekOp(",") {
		p.pos++
		if stop() {
			break
		}
		e, err := p.binary(0)
		if err != nil {
			return nil, err
		}
		elts = append(elts, e)
	}
	return tupleExpr{elts}, nil
}

var precedence = map[string]int{"+": 1, "-": 1, "*": 2, "/": 2, "//": 2, "%": 2, "@": 2}

func (p *exprParser) binary(min int) (expr, error) {
	x, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.pos < len(p.toks) && p.toks[p.pos].kind == tOp {
		op := p.toks[p.pos].text
		prec, ok := precedence[op]
		if !ok || prec <= min {
			break
		}
		p.pos++
		y, err := p.binary(prec)
		if err != nil {
			return nil, err
		}
		x = binExpr{op, x, y}
	}
	return x, nil
}

func (p *exprParser) unary() (expr, error) {
	if p.peekOp("-") || p.peekOp("+") || p.peekOp("~") {
		op := p.toks[p.pos].text
		p.pos++
		if err := p.enter(); err != nil {
			return nil, err
		}
		defer p.leave()
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return unaryExpr{op, x}, nil
	}
	x, err := p.postfix()
	if err != nil {
		return nil, err
	}
	if p.peekOp("**") {
		p.pos++
		if err := p.enter(); err != nil {
			return nil, err
		}
		defer p.leave()
		y, err := p.unary()
		if err != nil {
			return nil, err
		}
		return binExpr{"**", x, y}, nil
	}
	return x, nil
}

func (p *exprParser) enter() error {
	p.depth++
	if p.depth > maxDepth {
		return fmt.Errorf("expression nested deeper than %d", maxDepth)
	}
	return nil
}

func (p *exprParser) leave() { p.depth-- }

func (p *exprParser) postfix() (expr, error) {
	x, err := p.atom()
	if err != nil {
		return nil, err
	}
	for p.pos < len(p.toks) && p.toks[p.pos].kind == tOp {
		switch p.toks[p.pos].text {
		case ".":
			p.pos++
			if p.pos >= len(p.toks) || p.toks[p.pos].kind != tName {
				return nil, fmt.Errorf("want a name after '.'")
			}
			x = attrExpr{x, p.toks[p.pos].text}
			p.pos++
		case "(":
			p.pos++
			c, err := p.call(x)
			if err != nil {
				return nil, err
			}
			x = c
		case "[":
			p.pos++
			if err := p.enter(); err != nil {
				return nil, err
			}
			i, err := p.tuple(func() bool { return p.peekOp("]") })
			p.leave()
			if err != nil {
				return nil, err
			}
			if err := p.expectOp("]"); err != nil {
				return nil, err
			}
			x = indexExpr{x, i}
		default:
			return x, nil
		}
	}
	return x, nil
}

func (p *exprParser) call(fn expr) (expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	c := callExpr{fn: fn}
	for !p.peekOp(")") {
		if p.peekOp("*") || p.peekOp("**") {
			return nil, fmt.Errorf("*args and **kwargs are not literal")
		}
		if p.pos+1 < len(p.toks) && p.toks[p.pos].kind == tName && p.toks[p.pos+1].kind == tOp && p.toks[p.pos+1].text == "=" {
			name := p.toks[p.pos].text
			p.pos += 2
			v, err := p.binary(0)
			if err != nil {
				return nil, err
			}
			c.kwargs = append(c.kwargs, kwarg{name, v})
		} else {
			if len(c.kwargs) > 0 {
				return nil, fmt.Errorf("positional argument after a keyword argument")
			}
			v, err := p.binary(0)
			if err != nil {
				return nil, err
			}
			c.args = append(c.args, v)
		}
		if !p.peekOp(",") {
			break
		}
		p.pos++
	}
	if err := p.expectOp(")"); err != nil {
		return nil, err
	}
	return c, nil
}

func (p *exprParser) atom() (expr, error) {
	if p.pos >= len(p.toks) {
		return nil, fmt.Errorf("expression ends early")
	}
	t := p.toks[p.pos]
	switch t.kind {
	case tName:
		switch t.text {
		case "lambda", "not", "yield", "await", "for", "if", "in", "and", "or", "is", "else":
			return nil, fmt.Errorf("%q is not literal", t.text)
		}
		p.pos++
		return nameExpr{t.text}, nil
	case tNumber:
		p.pos++
		return number(t.text)
	case tString:
		s := strLit{}
		for p.pos < len(p.toks) && p.toks[p.pos].kind == tString {
			t := p.toks[p.pos]
			b := strings.Contains(t.prefix, "b")
			if s.val != "" || s.f || s.b {
				if b != s.b {
					return nil, fmt.Errorf("bytes and text strings joined")
				}
			}
			s.b = b
			s.f = s.f || strings.Contains(t.prefix, "f")
			s.val += t.text
			p.pos++
		}
		return s, nil
	case tOp:
		closer := map[string]string{"(": ")", "[": "]", "{": "}"}[t.text]
		if closer == "" {
			return nil, fmt.Errorf("unexpected %q", t.text)
		}
		p.pos++
		if err := p.enter(); err != nil {
			return nil, err
		}
		defer p.leave()
		var e expr
		var err error
		switch t.text {
		case "(":
			if p.peekOp(")") {
				e = tupleExpr{}
			} else {
				e, err = p.tuple(func() bool { return p.peekOp(")") })
			}
		case "[":
			elts, lerr := p.list("]")
			e, err = listExpr{elts}, lerr
		case "{":
			e, err = p.dict()
		}
		if err != nil {
			return nil, err
		}
		if err := p.expectOp(closer); err != nil {
			return nil, err
		}
		return e, nil
	}
	return nil, fmt.Errorf("unexpected %q", t.text)
}

func (p *exprParser) list(closer string) ([]expr, error) {
	var elts []expr
	for !p.peekOp(closer) {
		e, err := p.binary(0)
		if err != nil {
			return nil, err
		}
		elts = append(elts, e)
		if !p.peekOp(",") {
			break
		}
		p.pos++
	}
	return elts, nil
}

func (p *exprParser) dict() (expr, error) {
	d := dictExpr{}
	for !p.peekOp("}") {
		k, err := p.binary(0)
		if err != nil {
			return nil, err
		}
		if err := p.expectOp(":"); err != nil {
			return nil, fmt.Errorf("sets are not supported: %v", err)
		}
		v, err := p.binary(0)
		if err != nil {
			return nil, err
		}
		d.keys = append(d.keys, k)
		d.vals = append(d.vals, v)
		if !p.peekOp(",") {
			break
		}
		p.pos++
	}
	return d, nil
}

func number(text string) (expr, error) {
	clean := strings.ReplaceAll(text, "_", "")
	if i, err := strconv.ParseInt(clean, 0, 64); err == nil {
		return numLit{text: text, isInt: true, i: i}, nil
	}
	if _, err := strconv.ParseFloat(clean, 64); err == nil && !strings.ContainsAny(clean, "xXoObB") {
		return numLit{text: text}, nil
	}
	return nil, fmt.Errorf("number %q is not literal", text)
}

// dotted returns "a.b.c" for a name or attribute chain, "" otherwise.
func dotted(e expr) string {
	switch e := e.(type) {
	case nameExpr:
		return e.id
	case attrExpr:
		if x := dotted(e.x); x != "" {
			return x + "." + e.name
		}
	}
	return ""
}

// lastName is the final part of a dotted name: "widgets.IntSlider" → "IntSlider".
func lastName(d string) string { return d[strings.LastIndexByte(d, '.')+1:] }

// kw returns a call's keyword argument by name.
func (c callExpr) kw(name string) (expr, bool) {
	for _, k := range c.kwargs {
		if k.name == name {
			return k.val, true
		}
	}
	return nil, false
}

// plainStr returns a plain (not f-, not bytes) string literal's value.
func plainStr(e expr) (string, bool) {
	s, ok := e.(strLit)
	if !ok || s.f || s.b {
		return "", false
	}
	return s.val, true
}

// intValue returns an integer literal, negative ones included.
func intValue(e expr) (int64, bool) {
	switch e := e.(type) {
	case numLit:
		return e.i, e.isInt
	case unaryExpr:
		if v, ok := intValue(e.x); ok && e.op == "-" {
			return -v, true
		}
	}
	return 0, false
}
