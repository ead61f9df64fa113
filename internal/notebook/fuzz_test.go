package notebook

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"golesson/app/lesson"
	"golesson/app/parse"
)

// FuzzImport feeds the importer mangled notebooks and, when the input is
// not JSON, mangled cell sources inside a valid notebook (so the fuzzer
// reaches the Python and Markdown readers, not only the JSON decoder).
// Whatever the input, the importer must not panic; it returns either an
// *Error naming the file, or a lesson with front matter whose typed blocks
// all build, and warnings naming the file.
func FuzzImport(f *testing.F) {
	seed, err := os.ReadFile(seedNotebook)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	for _, tc := range badNotebooks {
		if len(tc.data) < 1<<16 {
			f.Add([]byte(tc.data))
		}
	}
	for _, tc := range shapeCases {
		f.Add(notebookJSON(tc.cell))
		f.Add([]byte(tc.cell.src))
	}
	for _, s := range []string{quizCode, calcCode, cardsHTML, "<div>\n\n```\n", "x = '''", "[[[[[[", "-->--!>"} {
		f.Add([]byte(s))
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		inputs := [][]byte{data}
		if !json.Valid(data) {
			src := string(data)
			inputs = append(inputs, notebookJSON(tcell{"code", src}), notebookJSON(tcell{"markdown", src}, tcell{"raw", src}))
		}
		for _, in := range inputs {
			res, err := Import("f.ipynb", in, &lesson.UI{Check: "c", Correct: "r", Wrong: "w"})
			if err != nil {
				var e *Error
				if !errors.As(err, &e) || e.File != "f.ipynb" || !strings.HasPrefix(err.Error(), "f.ipynb:") {
					t.Fatalf("error %q (%T), want an *Error naming f.ipynb", err, err)
				}
				continue
			}
			if !strings.HasPrefix(string(res.Lesson), "---\nid: ") {
				t.Fatalf("lesson without front matter:\n%s", res.Lesson)
			}
			for _, w := range res.Warnings {
				if w.File != "f.ipynb" || strings.Contains(w.Msg, "a bug in the importer") {
					t.Fatalf("warning %q", w)
				}
			}
			// Raw HTML never reaches the lesson: the parser, which refuses
			// it, finds none.
			if _, err := parse.Source("f.md", res.Lesson); err != nil && strings.Contains(err.Error(), "raw HTML") {
				t.Fatalf("raw HTML passed through: %v\n%s", err, res.Lesson)
			}
		}
	})
}
