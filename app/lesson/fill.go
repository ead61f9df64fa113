package lesson

import "strings"

// Fill returns template with each {name} of pairs (name, value, name,
// value, …) replaced by its value, in one pass: a value that itself
// contains {name} is not filled again, and a placeholder not in pairs
// stays as written. The interface words and the content's labels are such
// templates ("Score {correct} / {total}"). Like strings.NewReplacer, it
// panics when pairs has an odd count.
func Fill(template string, pairs ...string) string {
	if len(pairs)%2 == 1 {
		panic("lesson.Fill: odd number of name, value arguments")
	}
	oldnew := make([]string, len(pairs))
	for i := 0; i < len(pairs); i += 2 {
		oldnew[i], oldnew[i+1] = "{"+pairs[i]+"}", pairs[i+1]
	}
	return strings.NewReplacer(oldnew...).Replace(template)
}
