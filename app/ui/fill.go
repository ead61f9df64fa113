package ui

import (
	"strconv"
	"strings"
)

// fill puts values into an interface text of ui.yaml: fill("{n} / {total}",
// "n", 2, "total", 3) is "2 / 3". pairs are names (without braces) and
// values, strings or ints; a name the text lacks is no error, as content
// may leave a number out.
func fill(tpl string, pairs ...any) string {
	old := make([]string, 0, len(pairs))
	for i := 0; i+1 < len(pairs); i += 2 {
		name, _ := pairs[i].(string)
		var v string
		switch x := pairs[i+1].(type) {
		case string:
			v = x
		case int:
			v = strconv.Itoa(x)
		case int64:
			v = strconv.FormatInt(x, 10)
		}
		old = append(old, "{"+name+"}", v)
	}
	return strings.NewReplacer(old...).Replace(tpl)
}
