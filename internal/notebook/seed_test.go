package notebook

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"golesson/app/lesson"
	"golesson/app/parse"
	"golesson/content"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

const seedNotebook = "testdata/day1-00.ipynb"

// seedUI is the content folder's interface words, as cmd/import reads them.
func seedUI(t *testing.T) *lesson.UI {
	t.Helper()
	src, err := fs.ReadFile(content.FS(), parse.UIFile)
	if err != nil {
		t.Fatal(err)
	}
	ui, err := parse.UI(parse.UIFile, src)
	if err != nil {
		t.Fatal(err)
	}
	return &ui
}

func importSeed(t *testing.T) *Result {
	t.Helper()
	data, err := os.ReadFile(seedNotebook)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Import(seedNotebook, data, seedUI(t))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// The seed notebook imports with nothing left over: its Markdown, its cards,
// its quiz and its calculator all have a place in a lesson, and its quiz
// words are ui.yaml's. The output is kept as a golden file (go test
// -update rewrites it) so any change to the importer shows as a diff.
func TestSeedGolden(t *testing.T) {
	res := importSeed(t)
	for _, w := range res.Warnings {
		t.Errorf("warning on the seed: %s", w)
	}
	golden := filepath.Join("testdata", "day1-00.golden.md")
	if *update {
		if err := os.WriteFile(golden, res.Lesson, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/notebook -update to create it)", err)
	}
	if !bytes.Equal(res.Lesson, want) {
		t.Errorf("imported seed differs from %s; if the change is intended, run go test ./internal/notebook -update and review the diff", golden)
	}
}

// The imported seed builds as it is: the parser, with the real ui.yaml
// beside it, reports nothing.
func TestSeedBuilds(t *testing.T) {
	res := importSeed(t)
	ui, err := fs.ReadFile(content.FS(), parse.UIFile)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{"day1-00.md": {Data: res.Lesson}, parse.UIFile: {Data: ui}}
	l, err := parse.Lesson(fsys, "day1-00.md")
	if err != nil {
		t.Fatalf("the imported seed does not build:\n%v", err)
	}
	// What a lesson needs beyond parsing (content_test's conventions).
	if l.Description == "" || len([]rune(l.ShortName)) > 20 || len(l.Sections) == 0 {
		t.Errorf("description %q, short name %q, %d sections: want a description, a short name of at most 20 characters and sections", l.Description, l.ShortName, len(l.Sections))
	}
}

// adaptation marks in the hand-made lesson: an author note starting with
// one of these words. "확장" (new material the notebook does not have) runs
// to the next heading; the others (changed wording, heading level or form)
// cover the block right after the note, up to the next blank line.
var adaptation = regexp.MustCompile(`^<!-- (웹 적응|제목 수준|형식|확장):`)

// The imported seed says what the hand-made lesson says: the same headings,
// sentences, list items, table rows, cards, quiz and calculator, in the
// same order, except where content/day1-00-finetuning.md marks an
// adaptation. Compared as parsed values (rendered HTML read back as text,
// typed blocks as data), not as bytes.
func TestSeedMatchesHandMadeLesson(t *testing.T) {
	res := importSeed(t)
	imported, err := parse.Source("imported.md", res.Lesson)
	if err != nil {
		t.Fatal(err)
	}
	handSrc, err := fs.ReadFile(content.FS(), "day1-00-finetuning.md")
	if err != nil {
		t.Fatal(err)
	}
	// items leaves the calculator's "자세히" detail out; that exception
	// stands on the lesson's own mark.
	if !regexp.MustCompile(`<!-- 확장: "자세히" 모드`).Match(handSrc) {
		t.Error(`the hand-made lesson no longer marks the calculator's "자세히" detail as an extension (<!-- 확장: "자세히" 모드…)`)
	}
	reduced, kinds := cutAdaptations(string(handSrc))
	if len(kinds) != 5 {
		// Two web rewordings, a heading level, a table for a text block and
		// two extensions, the second reword nested in the heading's block.
		t.Errorf("found %d adaptation blocks (%v), want 5", len(kinds), kinds)
	}
	hand, err := parse.Source("hand.md", []byte(reduced))
	if err != nil {
		t.Fatalf("the hand-made lesson without its adaptations does not parse: %v", err)
	}
	if imported.ID != hand.ID || imported.Lang != hand.Lang || imported.Title != hand.Title {
		t.Errorf("imported id, lang, title = %q %q %q, hand-made %q %q %q", imported.ID, imported.Lang, imported.Title, hand.ID, hand.Lang, hand.Title)
	}
	got, want := items(t, imported), items(t, hand)

	// want is segments between placeholders; got must hold each segment in
	// order, anything at all standing where a placeholder stands.
	var segs [][]string   // segs[0], then one after each run of placeholders
	var groups [][]string // groups[i]: the kinds of the run before segs[i+1]
	cur, inRun := []string{}, false
	for _, w := range want {
		if k, ok := strings.CutPrefix(w, "p: ⟦"); ok {
			if !inRun {
				segs, cur, inRun = append(segs, cur), []string{}, true
				groups = append(groups, nil)
			}
			groups[len(groups)-1] = append(groups[len(groups)-1], strings.TrimSuffix(k, "⟧"))
			continue
		}
		inRun = false
		cur = append(cur, w)
	}
	segs = append(segs, cur)

	pos := 0
	matched := map[string]int{}
	for i, seg := range segs {
		at := pos
		if i > 0 {
			at = find(got, seg, pos)
			if len(seg) == 0 && i == len(segs)-1 {
				at = len(got) // the lesson ends with an adaptation
			}
			if at < 0 {
				t.Fatalf("after adaptation %v, the hand-made lesson's\n  %s\nis not in the imported lesson (from item %d):\n  %s", groups[i-1], strings.Join(seg, "\n  "), pos, strings.Join(got[pos:], "\n  "))
			}
			gap := got[pos:at]
			onlyAdded := true
			for _, k := range groups[i-1] {
				onlyAdded = onlyAdded && k == "확장"
			}
			switch {
			case onlyAdded && len(gap) > 0:
				t.Errorf("adaptation %v marks new material, but the notebook has in its place:\n  %s", groups[i-1], strings.Join(gap, "\n  "))
			case !onlyAdded && len(gap) == 0:
				t.Errorf("adaptation %v marks changed notebook text, but the imported lesson has nothing in its place", groups[i-1])
			}
			t.Logf("adaptation %v; the notebook has: %q", groups[i-1], gap)
		} else if !hasPrefix(got, seg) {
			t.Fatalf("the imported lesson does not start like the hand-made one:\n got %q\nwant %q", got[:min(len(got), len(seg))], seg)
		}
		pos = at + len(seg)
		for _, it := range seg {
			matched[strings.SplitN(it, ":", 2)[0]]++
		}
	}
	if pos != len(got) {
		t.Errorf("the imported lesson has more at its end:\n  %s", strings.Join(got[pos:], "\n  "))
	}
	// The comparison covered what the issue names, not just headings.
	for _, k := range []string{"p", "li", "tr", "cards", "quiz", "calculator"} {
		if matched[k] == 0 {
			t.Errorf("no %s compared equal; want every kind compared", k)
		}
	}
	t.Logf("compared equal: %v", matched)
}

// cutAdaptations replaces each marked block of a lesson's source with a
// placeholder paragraph "⟦kind⟧", returning the kinds found.
func cutAdaptations(src string) (string, []string) {
	lines := strings.Split(src, "\n")
	var out, kinds []string
	for i := 0; i < len(lines); i++ {
		m := adaptation.FindStringSubmatch(lines[i])
		if m == nil {
			out = append(out, lines[i])
			continue
		}
		for i < len(lines) && !strings.Contains(lines[i], "-->") {
			i++
		}
		end := i + 1
		fence := ""
		for ; end < len(lines); end++ {
			l := lines[end]
			if strings.HasPrefix(l, "```") {
				if fence == "" {
					fence = "```"
				} else {
					fence = ""
				}
				continue
			}
			if fence != "" {
				continue
			}
			if m[1] == "확장" && strings.HasPrefix(l, "#") {
				break
			}
			if m[1] != "확장" && strings.TrimSpace(l) == "" {
				break
			}
		}
		kinds = append(kinds, m[1])
		out = append(out, "", "⟦"+m[1]+"⟧", "")
		i = end - 1
	}
	return strings.Join(out, "\n"), kinds
}

// items lists a parsed lesson's content in reading order: headings, then
// per prose block its paragraphs, list items, table rows and code, and
// typed blocks as JSON (the calculator without its "자세히" detail, which
// the hand-made lesson marks as an extension).
func items(t *testing.T, l *lesson.Lesson) []string {
	t.Helper()
	var out []string
	blocks := func(bs []lesson.Block) {
		for _, b := range bs {
			switch b.Kind {
			case lesson.Prose:
				out = append(out, proseItems(t, b.HTML)...)
			case lesson.Calculator:
				c := *b.Calculator
				c.Deeper = nil
				out = append(out, "calculator: "+jsonString(t, c))
			case lesson.Cards:
				out = append(out, "cards: "+jsonString(t, b.Cards))
			case lesson.Quiz:
				out = append(out, "quiz: "+jsonString(t, b.Quiz))
			default:
				out = append(out, string(b.Kind)+": "+jsonString(t, b))
			}
		}
	}
	blocks(l.Intro)
	for _, s := range l.Sections {
		out = append(out, fmt.Sprintf("h%d: %s", s.Level, s.Title))
		blocks(s.Blocks)
	}
	return out
}

func proseItems(t *testing.T, h string) []string {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(h), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		switch n.DataAtom {
		case atom.P, atom.Pre, atom.H4, atom.H5, atom.H6:
			out = append(out, n.Data+": "+nodeText(n, false))
			return
		case atom.Li:
			out = append(out, "li: "+nodeText(n, true))
		case atom.Tr:
			var cells []string
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode {
					cells = append(cells, nodeText(c, false))
				}
			}
			out = append(out, "tr: "+strings.Join(cells, " | "))
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return out
}

// nodeText is the text in n, spacing collapsed; skipLists leaves out nested
// lists (their items are items of their own).
func nodeText(n *html.Node, skipLists bool) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if skipLists && (c.DataAtom == atom.Ul || c.DataAtom == atom.Ol) {
				continue
			}
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func jsonString(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func find(got, seg []string, from int) int {
	for i := from; i+len(seg) <= len(got); i++ {
		if hasPrefix(got[i:], seg) {
			return i
		}
	}
	return -1
}

func hasPrefix(got, seg []string) bool {
	if len(seg) > len(got) {
		return false
	}
	for i := range seg {
		if got[i] != seg[i] {
			return false
		}
	}
	return true
}
