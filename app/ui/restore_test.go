package ui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
)

// restoreSeeds are stored progress values a page may find: good, old,
// broken and hostile. The last ones once stopped the app (a custom model
// with kv_heads 0 divided by zero; fields of 1<<20 overflowed the counts).
var restoreSeeds = []string{
	`{"v":2,"a":{"quiz-2-q1":{"c":1,"k":true}},"s":{"calculator-2.rank":32},"x":{"mini-lab-2":[0,3]},"seen":["peft"]}`,
	`{"v":2,"d":{"calculator-2":{"o":true,"p":-1,"r":8,"m":["q_proj","v_proj"],"c":{"hidden":4096,"intermediate":11008,"layers":32,"heads":32,"kvHeads":0,"headDim":0,"vocab":32000}}}}`,
	`{"v":1,"d":{"calculator-2":"{\"o\":true,\"p\":-1,\"r\":8,\"m\":[\"q_proj\"],\"c\":{\"hidden\":4096,\"heads\":0,\"kvHeads\":0,\"layers\":32,\"vocab\":32000}}"}}`,
	`{"v":2,"d":{"calculator-2":{"o":true,"p":-1,"r":1024,"m":["q_proj","k_proj","v_proj","o_proj","gate_proj","up_proj","down_proj"],"c":{"hidden":1048576,"intermediate":1048576,"layers":1048576,"heads":1048576,"kvHeads":1048576,"headDim":1048576,"vocab":1048576}}}}`,
	`{"v":2,"d":{"calculator-2":{"o":true,"p":99,"r":-5,"m":["evil"]}}}`,
	`{"v":2,"a":{"quiz-2-q1":{"c":-1,"k":true},"quiz-2-q9":{"c":0}},"s":{"calculator-2.rank":-7,"calculator-2.hidden":4097},"x":{"mini-lab-2":[-1,99,3,3]}}`,
	`{"v":2,"seen":["nope","peft","peft"]}`,
	`{"v":1}`, `{}`, `null`, `[]`, `"x"`,
}

// FuzzRestore feeds the page any stored progress: whatever was saved, the
// lesson renders, and what it shows stays within what the lesson defines.
func FuzzRestore(f *testing.F) {
	for _, s := range restoreSeeds {
		f.Add(s)
	}
	l := seedLesson(f)
	f.Fuzz(func(t *testing.T, raw string) {
		st := restored(l, raw) // discarded when unreadable: the page starts fresh
		e := app.NewTestEngine()
		if err := e.Load(newPage(l, st, false)); err != nil {
			t.Fatalf("restoring %q: %v", raw, err)
		}
		e.ConsumeAll()
		html := app.HTMLString(newPage(l, st, false))
		if !strings.Contains(html, l.Title) {
			t.Fatalf("restoring %q: the page lacks its title", raw)
		}
		if strings.Contains(html, `-detail-trainable">-`) || strings.Contains(html, `-detail-base">-`) {
			t.Fatalf("restoring %q: a negative parameter count (an overflow)", raw)
		}
	})
}

func TestRestoreSeeds(t *testing.T) {
	l := seedLesson(t)
	for _, raw := range restoreSeeds {
		html := app.HTMLString(newPage(l, restored(l, raw), false))
		if !strings.Contains(html, l.Title) {
			t.Errorf("restoring %q: the page lacks its title", raw)
		}
	}
	// The custom model with kv_heads 0 ("as many as heads") is kept and
	// counted: Llama-2-7B's shape, so PEFT's 4,194,304 for q,v at r=8.
	html := app.HTMLString(newPage(l, restored(l, restoreSeeds[1]), false))
	// Attributes come in map order: match the element, not their order.
	if !regexp.MustCompile(`<dd [^>]*id="calculator-2-detail-trainable"[^>]*>4,194,304<`).MatchString(html) {
		t.Errorf("a restored custom Llama-2-7B shape does not show 4,194,304 trainable parameters in the open 자세히 panel")
	}
	// The overflowing one is dropped: the panel starts closed, as by default.
	p, _ := lesson.DecodeProgress(restoreSeeds[3])
	if d := l.Sanitize(p).Deeper; len(d) != 0 {
		t.Errorf("a custom model with fields of 1<<20 was kept: %+v", d)
	}
}
