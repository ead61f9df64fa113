package visit

import (
	"fmt"
	"os"
	"slices"
	"time"
)

// ColdRun is one cold run of a variant on the desktop profile: a fresh
// profile, a first visit, a repeat visit once the service worker is
// active, then the slider test.
type ColdRun struct {
	First, Repeat Visit
	Paint         []float64 // ms, each slider change's input → painted, at 4× CPU
	PaintFloor    []float64 // ms, the same measure for a change that costs the page nothing
}

// withTab runs f in a new Chromium with a fresh profile, killed after limit.
func withTab(limit time.Duration, f func(t *Tab) error) error {
	dir, err := os.MkdirTemp("", "lesson-bench-profile-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	t, err := NewTab(dir, limit)
	if err != nil {
		return err
	}
	defer t.Close()
	return f(t)
}

// Cold is a cold run on the desktop profile, with paints slider changes.
func Cold(srv *Server, paints int) (ColdRun, error) {
	var r ColdRun
	err := withTab(10*time.Minute, func(t *Tab) error {
		var err error
		if r.First, err = t.Load(srv, Desktop, true); err != nil {
			return fmt.Errorf("first visit: %w", err)
		}
		if err := t.Blank(); err != nil {
			return err
		}
		if r.Repeat, err = t.Load(srv, Desktop, false); err != nil {
			return fmt.Errorf("repeat visit: %w", err)
		}
		r.Paint, r.PaintFloor, err = t.SliderPaint(paints)
		return err
	})
	return r, err
}

// ColdMobile is a first visit on the mobile profile.
func ColdMobile(srv *Server) (Visit, error) {
	var v Visit
	err := withTab(15*time.Minute, func(t *Tab) error {
		if err := t.Emulate(Mobile); err != nil {
			return err
		}
		var err error
		if v, err = t.Load(srv, Mobile, false); err != nil {
			return fmt.Errorf("mobile first visit: %w", err)
		}
		return nil
	})
	return v, err
}

// ColdCPU4 is a cold first visit and a repeat visit (served by the service
// worker) at 4× CPU on loopback, each traced; with traceDir set, the traces
// are saved there too.
func ColdCPU4(srv *Server, traceDir string) (first, repeat Visit, err error) {
	err = withTab(10*time.Minute, func(t *Tab) error {
		if err := t.Emulate(CPU4); err != nil {
			return err
		}
		var err error
		if first, err = t.Traced(srv, CPU4, true, traceDir); err != nil {
			return fmt.Errorf("4× CPU first visit: %w", err)
		}
		if err := t.Blank(); err != nil {
			return err
		}
		if repeat, err = t.Traced(srv, CPU4, false, traceDir); err != nil {
			return fmt.Errorf("4× CPU repeat visit: %w", err)
		}
		return nil
	})
	return first, repeat, err
}

// BrowserVersion starts a throwaway Chromium to read its version.
func BrowserVersion() (string, error) {
	var v string
	err := withTab(time.Minute, func(t *Tab) error {
		var err error
		v, err = t.Version()
		return err
	})
	return v, err
}

// Controlled is "n/N": in how many of the runs a service worker controlled
// the repeat visit.
func Controlled(runs []ColdRun) string {
	return countOf(runs, func(r ColdRun) bool { return r.Repeat.Controlled })
}

// Refetched is "n/N": in how many of the runs the server sent wasm bytes
// for the repeat visit. A median hides such a bimodal result.
func Refetched(runs []ColdRun) string {
	return countOf(runs, func(r ColdRun) bool { return r.Repeat.WasmServer > 0 })
}

func countOf(runs []ColdRun, f func(ColdRun) bool) string {
	n := 0
	for _, r := range runs {
		if f(r) {
			n++
		}
	}
	return fmt.Sprintf("%d/%d", n, len(runs))
}

// Failures are the distinct failed loads of the runs' visits and of more
// visits, sorted.
func Failures(runs []ColdRun, more []Visit) []string {
	var out []string
	for _, r := range runs {
		out = append(append(out, r.First.Failed...), r.Repeat.Failed...)
	}
	for _, v := range more {
		out = append(out, v.Failed...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
