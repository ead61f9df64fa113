package notebook

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The importer reads a code cell's literals with this small Python
// tokenizer: names, numbers, strings (every prefix and quote style, f-strings
// kept as text), operators, and the logical lines they form. Nothing is
// evaluated; a cell it cannot read is simply not converted.

type tokKind int

const (
	tName tokKind = iota
	tNumber
	tString
	tOp
	tMagic // an IPython line: !shell or %magic
)

type token struct {
	kind   tokKind
	text   string // source text; for strings, the decoded value
	prefix string // string prefix, lowercased: "", "f", "b", "r", "rb", "fr", …
	line   int    // 1-based line in the cell
}

// logicalLine is one Python statement line: tokens up to a newline outside
// brackets, with the indentation of its first line.
type logicalLine struct {
	indent int
	line   int
	toks   []token
}

const maxDepth = 100 // bracket and expression nesting the importer follows

// tokenize splits a cell's source into logical lines, or says where it
// cannot read it.
func tokenize(src string) ([]logicalLine, error) {
	var (
		lines  []logicalLine
		cur    logicalLine
		depth  int
		line   = 1
		i      int
		bol    = true // at the beginning of a physical line, outside brackets
		indent int
	)
	end := func() {
		if len(cur.toks) > 0 {
			lines = append(lines, cur)
		}
		cur = logicalLine{}
	}
	for i < len(src) {
		c := src[i]
		if bol {
			indent = 0
			for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
				indent++
				i++
			}
			bol = false
			if i < len(src) && (src[i] == '!' || src[i] == '%') {
				j := strings.IndexByte(src[i:], '\n')
				if j < 0 {
					j = len(src) - i
				}
				cur = logicalLine{indent: indent, line: line, toks: []token{{kind: tMagic, text: src[i : i+j], line: line}}}
				end()
				i += j
			}
			continue
		}
		switch {
		case c == '\n':
			line++
			i++
			if depth == 0 {
				end()
				bol = true
			}
		case c == ' ' || c == '\t' || c == '\r' || c == '\f':
			i++
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '\\' && i+1 < len(src) && src[i+1] == '\n':
			i += 2
			line++
		case c == '\\' && i+2 < len(src) && src[i+1] == '\r' && src[i+2] == '\n':
			i += 3
			line++
		case isDigit(c) || (c == '.' && i+1 < len(src) && isDigit(src[i+1])):
			j := i
			for j < len(src) && (isAlnum(src[j]) || src[j] == '.' ||
				((src[j] == '+' || src[j] == '-') && (src[j-1] == 'e' || src[j-1] == 'E') && !strings.HasPrefix(strings.ToLower(src[i:j]), "0x"))) {
				j++
			}
			cur.add(token{kind: tNumber, text: src[i:j], line: line}, indent)
			i = j
		case isNameStart(src[i:]):
			j := i
			for j < len(src) {
				r, n := utf8.DecodeRuneInString(src[j:])
				if !(r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
					break
				}
				j += n
			}
			word := src[i:j]
			if j < len(src) && (src[j] == '"' || src[j] == '\'') && isStringPrefix(word) {
				s, n, lines, err := readString(src[j:], strings.ToLower(word))
				if err != nil {
					return nil, fmt.Errorf("line %d: %v", line, err)
				}
				cur.add(token{kind: tString, text: s, prefix: strings.ToLower(word), line: line}, indent)
				line += lines
				i = j + n
				continue
			}
			cur.add(token{kind: tName, text: word, line: line}, indent)
			i = j
		case c == '"' || c == '\'':
			s, n, lines, err := readString(src[i:], "")
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", line, err)
			}
			cur.add(token{kind: tString, text: s, line: line}, indent)
			line += lines
			i += n
		default:
			op := ""
			for _, o := range operators {
				if strings.HasPrefix(src[i:], o) {
					op = o
					break
				}
			}
			if op == "" {
				r, _ := utf8.DecodeRuneInString(src[i:])
				return nil, fmt.Errorf("line %d: unexpected character %q", line, r)
			}
			switch op {
			case "(", "[", "{":
				depth++
				if depth > maxDepth {
					return nil, fmt.Errorf("line %d: brackets nested deeper than %d", line, maxDepth)
				}
			case ")", "]", "}":
				if depth == 0 {
					return nil, fmt.Errorf("line %d: unmatched %q", line, op)
				}
				depth--
			}
			cur.add(token{kind: tOp, text: op, line: line}, indent)
			i += len(op)
		}
	}
	if depth > 0 {
		return nil, fmt.Errorf("line %d: unclosed bracket", line)
	}
	end()
	return lines, nil
}

func (l *logicalLine) add(t token, indent int) {
	if len(l.toks) == 0 {
		l.indent = indent
		l.line = t.line
	}
	l.toks = append(l.toks, t)
}

// operators, longest first so that "**=" wins over "**" and "*".
var operators = []string{
	"**=", "//=", ">>=", "<<=", "...",
	"->", "**", "//", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", ":=", "<<", ">>",
	"(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "=", "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">",
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isAlnum(c byte) bool {
	return isDigit(c) || c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z')
}

func isNameStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r == '_' || unicode.IsLetter(r)
}

func isStringPrefix(w string) bool {
	switch strings.ToLower(w) {
	case "r", "u", "b", "f", "br", "rb", "fr", "rf":
		return true
	}
	return false
}

// readString reads one string literal at the start of s (which begins with
// its quote), returning its value, the bytes it spans and the newlines in it.
// Escapes are decoded unless the prefix has r; f-strings keep their
// {placeholders} as text.
func readString(s, prefix string) (val string, n, newlines int, err error) {
	q := s[:1]
	if strings.HasPrefix(s, strings.Repeat(q, 3)) {
		q = s[:3]
	}
	raw := strings.Contains(prefix, "r")
	var b strings.Builder
	i := len(q)
	for {
		if i >= len(s) {
			return "", 0, 0, fmt.Errorf("string not closed")
		}
		if strings.HasPrefix(s[i:], q) {
			return b.String(), i + len(q), newlines, nil
		}
		c := s[i]
		if c == '\n' {
			if len(q) == 1 {
				return "", 0, 0, fmt.Errorf("string not closed on its line")
			}
			newlines++
		}
		if c != '\\' {
			b.WriteByte(c)
			i++
			continue
		}
		if i+1 >= len(s) {
			return "", 0, 0, fmt.Errorf("string not closed")
		}
		e := s[i+1]
		if e == '\n' {
			newlines++
		}
		if raw {
			b.WriteByte('\\')
			b.WriteByte(e)
			i += 2
			continue
		}
		i += 2
		switch e {
		case '\n':
		case '\\', '\'', '"':
			b.WriteByte(e)
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'v':
			b.WriteByte('\v')
		case '0', '1', '2', '3', '4', '5', '6', '7':
			j := i - 1
			for j < len(s) && j < i+2 && s[j] >= '0' && s[j] <= '7' {
				j++
			}
			v, _ := strconv.ParseUint(s[i-1:j], 8, 32)
			b.WriteRune(rune(v))
			i = j
		case 'x', 'u', 'U':
			w := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
			if i+w > len(s) {
				return "", 0, 0, fmt.Errorf(`bad \%c escape`, e)
			}
			v, perr := strconv.ParseUint(s[i:i+w], 16, 32)
			if perr != nil || v > unicode.MaxRune {
				return "", 0, 0, fmt.Errorf(`bad \%c escape`, e)
			}
			b.WriteRune(rune(v))
			i += w
		default:
			// Python keeps unknown escapes (and \N{…}) as written.
			b.WriteByte('\\')
			b.WriteByte(e)
		}
	}
}
