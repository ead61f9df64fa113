package ui

import (
	"strconv"

	"golesson/app/lesson"
)

// fill is lesson.Fill for the components, which mostly have numbers to put
// in: fill("{n} / {total}", "n", 2, "total", 3) is "2 / 3". pairs are names
// (without braces) and values, strings or ints.
func fill(tpl string, pairs ...any) string {
	s := make([]string, len(pairs))
	for i, p := range pairs {
		switch x := p.(type) {
		case string:
			s[i] = x
		case int:
			s[i] = strconv.Itoa(x)
		case int64:
			s[i] = strconv.FormatInt(x, 10)
		}
	}
	if len(s)%2 == 1 { // lesson.Fill panics on an odd count; a text is no reason to stop the page
		s = s[:len(s)-1]
	}
	return lesson.Fill(tpl, s...)
}
