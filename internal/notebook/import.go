package notebook

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"strings"
	"unicode"

	"golesson/app/lesson"
	"golesson/app/parse"
)

// Result is an imported lesson file and what the author should look at.
type Result struct {
	Lesson   []byte
	Warnings []Warning
}

// Import converts the notebook file name holding data. ui, when not nil, is
// the content folder's interface words: a quiz whose button or feedback
// words differ from them gets a warning (a lesson shows ui.yaml's words).
func Import(name string, data []byte, ui *lesson.UI) (*Result, error) {
	cells, err := decode(name, data)
	if err != nil {
		return nil, err
	}
	im := &importer{file: name, ui: ui}
	for i, c := range cells {
		n := i + 1
		src := strings.ReplaceAll(string(c.Source), "\r\n", "\n")
		if strings.TrimSpace(src) == "" {
			continue // an empty cell holds nothing to keep
		}
		switch c.Type {
		case "markdown":
			im.markdown(n, src)
			if len(c.Attachments) > 0 {
				im.warn(n, fmt.Sprintf("%d attached file(s) not imported (images pasted into the cell); links to attachment: will not show", len(c.Attachments)))
			}
		case "raw":
			im.notConverted(n, "a raw cell", src)
		case "code":
			im.code(n, src)
		}
	}
	out := im.assemble()
	// The lesson must build as it is; when a Markdown cell holds something
	// the parser refuses, say so now, with the line in the output.
	if _, err := parse.Source("lesson.md", out); err != nil {
		var pe *parse.Error
		for _, e := range splitJoined(err) {
			if errors.As(e, &pe) {
				im.warn(0, fmt.Sprintf("the lesson will not build until this is fixed: output line %d: %s", pe.Line, pe.Msg))
			} else {
				im.warn(0, "the lesson will not build until this is fixed: "+e.Error())
			}
		}
	}
	return &Result{Lesson: out, Warnings: im.warnings}, nil
}

func splitJoined(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

type importer struct {
	file     string
	ui       *lesson.UI
	parts    []string // Markdown chunks, joined by blank lines
	warnings []Warning
	title    string // the first # heading
	desc     string // the first paragraph, as plain text
	text     strings.Builder
}

func (im *importer) warn(cell int, msg string) {
	im.warnings = append(im.warnings, Warning{File: im.file, Cell: cell, Msg: msg})
}

// notConverted keeps a cell as an author note and says so on stderr.
func (im *importer) notConverted(cell int, what, code string) {
	im.warn(cell, "not converted: "+what)
	im.parts = append(im.parts, note(fmt.Sprintf("import: cell %d not converted: %s. Its code:\n\n%s", cell, what, strings.TrimRight(code, "\n"))))
}

// note is an HTML comment holding text.
func note(text string) string {
	if strings.Contains(text, "\n") {
		return "<!-- " + escapeDashes(text) + "\n-->"
	}
	return "<!-- " + escapeDashes(text) + " -->"
}

// escapeDashes writes every second dash of a run as "\-": a "--" inside a
// note could end it early ("-->") or make it invalid HTML.
func escapeDashes(text string) string {
	var b strings.Builder
	prev := byte(0)
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == '-' && prev == '-' {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
		prev = c
	}
	return b.String()
}

var nonID = regexp.MustCompile(`[^a-z0-9]+`)

// lessonID makes the id from the notebook's file name: lowercase letters,
// digits and dashes, as the parser's id pattern requires.
func lessonID(file string) string {
	base := strings.TrimSuffix(path.Base(strings.ReplaceAll(file, `\`, "/")), path.Ext(file))
	return strings.Trim(nonID.ReplaceAllString(strings.ToLower(base), "-"), "-")
}

// detectLang names the script most of the text's letters are in, when it is
// not Latin and holds at least an eighth of them (a Korean notebook is full
// of English terms); otherwise English.
func detectLang(s string) (lang, why string) {
	var latin, hangul, kana, han, cyr int
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Hangul, r):
			hangul++
		case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
			kana++
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
		case unicode.Is(unicode.Latin, r):
			latin++
		}
	}
	total := latin + hangul + kana + han + cyr
	best, lang, why := 0, "en", "no other script"
	for _, c := range []struct {
		n          int
		lang, name string
	}{{hangul, "ko", "Hangul"}, {kana, "ja", "kana"}, {han, "zh", "Han"}, {cyr, "ru", "Cyrillic"}} {
		if c.n > best && c.n*8 >= total {
			best, lang, why = c.n, c.lang, c.name
		}
	}
	// Japanese mixes kanji with kana; kana alone decides.
	if lang == "zh" && kana > 0 {
		lang, why = "ja", "kana"
	}
	return lang, why
}

func (im *importer) assemble() []byte {
	var b strings.Builder
	id := lessonID(im.file)
	b.WriteString("---\n")
	if id == "" {
		id = "lesson"
		im.warn(0, `the file name gives no id (lowercase letters, digits, dashes): the lesson's id is "lesson"; change it`)
		b.WriteString("id: lesson  # import: the file name gave no id; choose one (it names storage keys)\n")
	} else {
		fmt.Fprintf(&b, "id: %s\n", id)
	}
	lang, why := detectLang(im.text.String())
	fmt.Fprintf(&b, "lang: %s  # import: detected from the text (%s); check\n", lang, why)
	title := im.title
	if title == "" {
		title = strings.TrimSuffix(path.Base(im.file), path.Ext(im.file))
		im.warn(0, fmt.Sprintf("the notebook has no # heading: the title %q is the file name; write a # heading", title))
		im.parts = append([]string{"# " + title + "\n" + note("import: the notebook has no # heading; this title is its file name")}, im.parts...)
	}
	if n := len([]rune(title)); n > 20 {
		short := title
		if i := strings.LastIndex(title, ": "); i >= 0 && len([]rune(title[i+2:])) <= 20 {
			short = title[i+2:]
		} else {
			short = strings.TrimSpace(string([]rune(title)[:20]))
		}
		fmt.Fprintf(&b, "# import: the title has %d characters, more than a home screen shows; check this shorter name\nshort_name: %s\n", n, yamlScalar(short))
	}
	if im.desc == "" {
		im.warn(0, "no paragraph to take a description from: add description: to the front matter")
	} else {
		b.WriteString("# import: the notebook's first paragraph, as the page description and install text; check it\n")
		fmt.Fprintf(&b, "description: %s\n", yamlScalar(im.desc))
	}
	b.WriteString("---\n")
	b.WriteString(strings.Join(im.parts, "\n\n"))
	b.WriteString("\n")
	return []byte(b.String())
}
