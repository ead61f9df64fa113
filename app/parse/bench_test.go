package parse

import (
	"testing"

	"golesson/content"
)

// BenchmarkSeedLesson is the content half of a build: read, parse and
// validate the seed lesson, math to MathML included.
func BenchmarkSeedLesson(b *testing.B) {
	fsys := content.FS()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Lesson(fsys, "day1-00-finetuning.md"); err != nil {
			b.Fatal(err)
		}
	}
}
