package content

import (
	"io/fs"
	"strings"
	"testing"

	"golesson/app/parse"
)

// Content is tested like code: every lesson in the folder parses, and
// keeps the conventions the app relies on.
func TestEveryLesson(t *testing.T) {
	names, err := fs.Glob(FS(), "*.md")
	if err != nil || len(names) == 0 {
		t.Fatalf("no lessons found (%v)", err)
	}
	ids := map[string]string{}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			l, err := parse.Lesson(FS(), name)
			if err != nil {
				t.Fatal(err)
			}
			if other, dup := ids[l.ID]; dup {
				t.Errorf("id %q is also used by %s; ids name storage keys and packages", l.ID, other)
			}
			ids[l.ID] = name
			if l.Description == "" {
				t.Error("no description: it is the page's meta description and the app's install text")
			}
			if len([]rune(l.ShortName)) > 20 {
				t.Errorf("short_name %q is longer than a home screen shows", l.ShortName)
			}
			if len(l.Sections) == 0 {
				t.Error("no sections")
			}
		})
	}
}

// The seed's notebook wording is adapted only where it is false on a web
// page, and each adaptation says so in a comment.
func TestSeedAdaptationsAreMarked(t *testing.T) {
	src, err := fs.ReadFile(FS(), "day1-00-finetuning.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	for _, gone := range []string{"실행이 필수인 셀은 없습니다", "아래 카드를 실행해"} {
		for i := strings.Index(s, gone); i >= 0; i = next(s, gone, i) {
			if !insideComment(s[:i]) {
				t.Errorf("the notebook-only words %q are still shown", gone)
			}
		}
	}
	if n := strings.Count(s, "<!-- 웹 적응:"); n != 2 {
		t.Errorf("%d marked adaptations, want 2 (intro and cards)", n)
	}
}

func next(s, sub string, i int) int {
	j := strings.Index(s[i+1:], sub)
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

// insideComment reports whether the text before ends inside <!-- … -->.
func insideComment(before string) bool {
	open := strings.LastIndex(before, "<!--")
	return open >= 0 && !strings.Contains(before[open:], "-->")
}

// The deeper calculator's presets are the published configurations: each
// reproduces its model's published parameter count exactly.
func TestPresetsMatchPublishedTotals(t *testing.T) {
	l, err := parse.Lesson(FS(), "day1-00-finetuning.md")
	if err != nil {
		t.Fatal(err)
	}
	published := map[string]int64{
		"Llama-2-7B":      6_738_415_616,
		"Llama-3.1-8B":    8_030_261_248,
		"Mistral-7B-v0.3": 7_248_023_552,
		"Qwen2.5-7B":      7_615_616_512,
		"Gemma-2-9B":      9_241_705_984,
	}
	seen := 0
	for _, s := range l.Sections {
		for _, b := range s.Blocks {
			if b.Calculator == nil || b.Calculator.Deeper == nil {
				continue
			}
			for _, p := range b.Calculator.Deeper.Presets {
				want, ok := published[p.Name]
				if !ok {
					t.Errorf("preset %s has no published total in this test", p.Name)
					continue
				}
				seen++
				if got := p.Config.Params(); got != want {
					t.Errorf("%s: %d parameters from its config, published %d", p.Name, got, want)
				}
			}
		}
	}
	if seen != len(published) {
		t.Errorf("checked %d presets, want %d", seen, len(published))
	}
}

// The mini-lab's sample set is the size the lesson promises.
func TestMiniLabSampleSize(t *testing.T) {
	l, err := parse.Lesson(FS(), "day1-00-finetuning.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range l.Sections {
		for _, b := range s.Blocks {
			if b.MiniLab != nil {
				if n := len(b.MiniLab.Items); n < 12 || n > 20 {
					t.Errorf("%d mini-lab items, want 12 to 20", n)
				}
				return
			}
		}
	}
	t.Error("no mini-lab in the lesson")
}
