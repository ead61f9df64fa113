package content

import (
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golesson/app/lesson"
	"golesson/app/parse"
)

// The appendix lesson day1-01 uses only facts the project verifies: the
// Llama-2-7B preset of the seed's calculator (TestPresetsMatchPublishedTotals
// checks it against the published total), the LoRA and memory formulas of
// app/lesson (models_test.go checks them, and PEFT's printed line), and the
// memory assumptions the calculator states. Every number in its text is
// computed here, and a number the test does not know fails it.
func TestAppendixNumbers(t *testing.T) {
	const file = "day1-01-lora-numbers.md"
	raw, err := fs.ReadFile(FS(), file)
	if err != nil {
		t.Fatal(err)
	}
	c := presetConfig(t, "Llama-2-7B")
	base := c.Params()
	qv := c.LoRAParams(8, lesson.QProj, lesson.VProj)
	pct := lesson.TrainablePercent(qv, base)
	gb := func(m lesson.Memory) string { return fmt.Sprintf("%.1f", m.Total/1e9) }
	perModule := c.LoRAParams(8, lesson.QProj) / c.Layers
	in, out := c.Dims(lesson.QProj)
	vin, vout := c.Dims(lesson.VProj)
	if in != out || vin != in || vout != out {
		t.Fatalf("q_proj %d→%d, v_proj %d→%d: the lesson says both are square", in, out, vin, vout)
	}
	if pct >= 0.1 {
		t.Fatalf("trainable%% %v: the lesson says under 0.1%%", pct)
	}
	adapterBytes := float64(qv) * lesson.BytesAdapter

	// Each number as the lesson writes it, and the same number computed.
	known := map[string]string{
		"4096":           strconv.FormatInt(c.Hidden, 10),
		"65,536":         lesson.FormatInt(perModule),
		"32":             strconv.FormatInt(c.Layers, 10),
		"2,097,152":      lesson.FormatInt(c.LoRAParams(8, lesson.QProj)),
		"4,194,304":      lesson.FormatInt(qv),
		"19,988,480":     lesson.FormatInt(c.LoRAParams(8, lesson.AllModules[:]...)),
		"8,388,608":      lesson.FormatInt(c.LoRAParams(16, lesson.QProj, lesson.VProj)),
		"6,738,415,616":  lesson.FormatInt(base),
		"6,742,609,920":  lesson.FormatInt(base + qv),
		"0.0622":         fmt.Sprintf("%.4f", pct),
		"0.1":            "0.1", // an upper bound of trainable%, checked above
		"12":             fmt.Sprint(lesson.BytesFullFT),
		"80.9":           gb(lesson.FullFTMemory(base)),
		"13.5":           gb(lesson.LoRAMemory(base, qv)),
		"3.5":            gb(lesson.QLoRAMemory(base, qv)),
		"0.516":          fmt.Sprintf("%.3f", lesson.BytesNF4+lesson.BytesQuantConstDQ),
		"0.5":            fmt.Sprint(lesson.BytesNF4),
		"50,331,648":     lesson.FormatInt(int64(adapterBytes)),
		"0.05":           fmt.Sprintf("%.2f", adapterBytes/1e9),
		"0.015869140625": fmt.Sprint(lesson.BytesQuantConstDQ),
		"16":             fmt.Sprint(2 * 8), // rank 8 doubled; also 16-bit weights (2 bytes)
		"10":             "10",              // GB = 10⁹ bytes, the unit deepercalc.go divides by
		"100":            "100",             // trainable% = 100 × trainable / all (TrainablePercent)
	}
	if lesson.BytesFP16 != 2 || lesson.BytesAdam != 8 || lesson.BytesFullFT != 12 || lesson.BytesAdapter != 12 {
		t.Fatalf("the lesson states 2, 8 and 12 bytes; app/lesson has %v, %v, %v, %v", lesson.BytesFP16, lesson.BytesAdam, lesson.BytesFullFT, lesson.BytesAdapter)
	}
	if perModule != 2*c.Hidden*8 {
		t.Errorf("per module %d, the simple formula 2×4096×8 gives %d", perModule, 2*c.Hidden*8)
	}
	for lit, computed := range known {
		if lit != computed {
			t.Errorf("the lesson writes %s, computed %s", lit, computed)
		}
	}
	// TeX writes 65{,}536; comments are for authors.
	text := regexp.MustCompile(`(?s)<!--.*?-->`).ReplaceAllString(strings.ReplaceAll(string(raw), "{,}", ","), "")
	text = text[strings.Index(text, "\n# "):] // after the front matter
	for _, n := range regexp.MustCompile(`\d[\d,]*(\.\d+)?`).FindAllString(text, -1) {
		n = strings.TrimRight(n, ",")
		if v, err := strconv.Atoi(n); err == nil && v < 10 {
			continue // section and question numbers, ranks 8, bytes 2 and 8, "Llama-2-7B"
		}
		if n == "00" || n == "01" {
			continue // "Day 1-01"
		}
		if _, ok := known[n]; !ok {
			t.Errorf("%s writes %s, which this test does not compute", file, n)
		}
	}
}

// presetConfig is a model configuration of the seed's 자세히 presets.
func presetConfig(t *testing.T, name string) lesson.ModelConfig {
	t.Helper()
	l, err := parse.Lesson(FS(), "day1-00-finetuning.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range l.Sections {
		for _, b := range s.Blocks {
			if b.Calculator != nil && b.Calculator.Deeper != nil {
				for _, p := range b.Calculator.Deeper.Presets {
					if p.Name == name {
						return p.Config
					}
				}
			}
		}
	}
	t.Fatalf("no preset %s in the seed lesson", name)
	return lesson.ModelConfig{}
}

// The course lists every lesson of the folder, and builds.
func TestCourseListsEveryLesson(t *testing.T) {
	c, err := parse.CourseFS(FS(), parse.CourseFile)
	if err != nil {
		t.Fatal(err)
	}
	names, _ := fs.Glob(FS(), "*.md")
	if len(c.Lessons) != len(names) || len(names) < 2 {
		t.Errorf("the course has %d lessons, the folder %d .md files; want every one, and at least two", len(c.Lessons), len(names))
	}
}
