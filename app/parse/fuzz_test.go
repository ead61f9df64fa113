package parse

import (
	"bytes"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golesson/content"
)

// FuzzLesson feeds the parser mangled lessons. Whatever the input, it must
// not panic, and it must either return a lesson with a title and an id or
// errors that each name the file and a line of it, as authors rely on.
func FuzzLesson(f *testing.F) {
	f.Add([]byte(small))
	for _, tc := range invalid {
		if tc.old != "" {
			f.Add([]byte(strings.Replace(small, tc.old, tc.new, 1)))
		}
	}
	f.Add([]byte(small + deeperCalc + miniLab))
	for _, tc := range invalidDeeper {
		f.Add([]byte(small + strings.Replace(deeperCalc, tc.old, tc.new, 1)))
	}
	seed, err := fs.ReadFile(content.FS(), "day1-00-finetuning.md")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	// Shapes the table does not cover: edge cases of the front matter and
	// fences, and line ends other than \n.
	for _, s := range []string{
		"",
		"---",
		"---\n---\n",
		"---\nid: x\nlang: en\n---\n",
		"---\nid: x\nlang: en\n---\n# T\n```{quiz}\n",
		"---\nid: x\nlang: en\n---\n# T\n```{cards}\n```\n",
		"---\nid: x\nlang: en\n---\n# T\n\n$a\nb$\n",
		strings.ReplaceAll(small, "\n", "\r\n"),
		strings.ReplaceAll(small, "\n", "\r"),
	} {
		f.Add([]byte(s))
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Source("f.md", data)
		if err != nil {
			checkErrorLines(t, err, "f.md", data)
			return
		}
		if l.Title == "" || l.ID == "" {
			t.Fatalf("Source(%q) = lesson with title %q, id %q and no error, want both set", data, l.Title, l.ID)
		}
	})
}

// FuzzUI does the same for the interface words file.
func FuzzUI(f *testing.F) {
	f.Add([]byte(uiYAML))
	for _, tc := range invalid {
		if tc.uiOld != "" {
			f.Add([]byte(strings.Replace(uiYAML, tc.uiOld, tc.uiNew, 1)))
		}
	}
	seed, err := fs.ReadFile(content.FS(), UIFile)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	for _, s := range []string{"", "check: [", "check: Check\ncheck: Again\n", "- a\n- b\n", "unknown: x\n", "\t", "check: !!binary x\n"} {
		f.Add([]byte(s))
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := UI("ui.yaml", data); err != nil {
			checkErrorLines(t, err, "ui.yaml", data)
		}
	})
}

// errorLine is one joined *Error: "file:line: message".
var errorLine = regexp.MustCompile(`^([^:]+):([0-9]+): \S`)

// checkErrorLines fails unless every line of err reads "file:N: message"
// with N a line of src, or the one after its last (the end of the file).
func checkErrorLines(t *testing.T, err error, file string, src []byte) {
	t.Helper()
	// Lines as an editor shows them: CRLF, LF and a lone CR each end one.
	lines := bytes.Count(unifyNewlines(src), []byte("\n"))
	if len(src) > 0 && !bytes.HasSuffix(src, []byte("\n")) {
		lines++
	}
	for _, line := range strings.Split(err.Error(), "\n") {
		m := errorLine.FindStringSubmatch(line)
		if m == nil || m[1] != file {
			t.Fatalf("input %q: error line %q, want %s:LINE: message\nwhole error:\n%v", src, line, file, err)
		}
		n, convErr := strconv.Atoi(m[2])
		if convErr != nil || n < 1 || n > lines+1 {
			t.Fatalf("input %q: error line %q names line %s, want 1 to %d\nwhole error:\n%v", src, line, m[2], lines+1, err)
		}
	}
}

// FuzzCourse does the same for the course manifest (its lessons are the
// valid small lesson twice): no panic, and every error names the manifest
// and one of its lines.
func FuzzCourse(f *testing.F) {
	f.Add([]byte(courseYAML))
	for _, tc := range invalidCourses {
		if tc.old != "" {
			f.Add([]byte(strings.Replace(courseYAML, tc.old, tc.new, 1)))
		}
	}
	seed, err := fs.ReadFile(content.FS(), CourseFile)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	for _, s := range []string{"", "lessons: one.md\n", "lessons:\n  - one.md\n  - one.md\n", "lessons: [ui.yaml]\n", "lessons:\n  - /etc/passwd.md\n", "id: x\nlang: en\ntitle: t\ndescription: d\nlessons: [one.md]\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := courseFS(string(data))
		c, err := CourseFS(fsys, "c/course.yaml")
		if err != nil {
			checkErrorLines(t, err, "c/course.yaml", data)
			return
		}
		if c.ID == "" || c.Title == "" || len(c.Lessons) == 0 {
			t.Fatalf("CourseFS(%q) = course %+v and no error", data, c)
		}
	})
}
