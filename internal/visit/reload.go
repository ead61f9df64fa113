package visit

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// shownAt records, in every new document, the wall-clock time at which the
// page was parsed (its prerendered text is then on screen).
const shownAt = `addEventListener("DOMContentLoaded", () => { window.benchShownAt = Date.now(); });`

// Reloads times make dev's loop as an author lives it: with the course home
// at url open in a new Chromium (profile in profileDir), it saves course
// (a course.yaml make dev watches) saves times with a new description, and
// measures, with the clock the browser shares with us, from just before
// each write to the open tab showing the reloaded page with the new text.
func Reloads(url, profileDir, course string, saves int) ([]float64, error) {
	t, err := NewTab(profileDir, 5*time.Minute)
	if err != nil {
		return nil, err
	}
	defer t.Close()
	if err := t.OnNewDocument(shownAt); err != nil {
		return nil, err
	}
	if err := t.Navigate(url, 30*time.Second); err != nil {
		return nil, err
	}
	if err := t.Poll("waiting for the course home", 30*time.Second, `document.querySelector(".course-progress-text") !== null`); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(course)
	if err != nil {
		return nil, err
	}
	var out []float64
	for i := range saves {
		marker := fmt.Sprintf("저장 %d ", i+1)
		changed, err := describe(string(b), marker)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", course, err)
		}
		// Let the watcher settle: saves seconds apart, as an author's.
		time.Sleep(300 * time.Millisecond)
		before := time.Now().UnixMilli()
		if err := os.WriteFile(course, []byte(changed), 0o644); err != nil {
			return nil, err
		}
		cond := fmt.Sprintf(`document.querySelector(".course-description") !== null && document.querySelector(".course-description").textContent.startsWith(%q) && window.benchShownAt > %d`, marker, before)
		if err := t.Poll(fmt.Sprintf("save %d: waiting for the reloaded page", i+1), 30*time.Second, cond); err != nil {
			return nil, err
		}
		var shown float64
		if err := t.Call("reading the time", 10*time.Second, func(ctx context.Context) error {
			var err error
			shown, err = chromedp.Run(ctx, chromedp.Evaluate[float64](`window.benchShownAt`))
			return err
		}); err != nil {
			return nil, err
		}
		out = append(out, shown-float64(before))
	}
	return out, nil
}

// describe puts marker at the start of the course's description: the
// first "description: " line of course.yaml.
func describe(course, marker string) (string, error) {
	const line = "description: "
	at := strings.Index(course, line)
	if at < 0 {
		return "", fmt.Errorf("no %q line", line)
	}
	return course[:at+len(line)] + marker + course[at+len(line):], nil
}
