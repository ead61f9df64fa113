package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Chromium finds nothing that stops installing the lesson as an app, at
// the root and under a sub-path; the manifest's icons are the sizes they
// claim to be.
func TestInstallable(t *testing.T) {
	dir, l := seed(t)
	for _, base := range []string{"/", "/courses/ft/"} {
		t.Run(base, func(t *testing.T) {
			ts := startServer(t, dir, base)
			tb := newTab(t)
			tb.visitOnce(ts.url, dir)

			var errs []string
			deadline := time.Now().Add(20 * time.Second)
			for {
				res, err := chromedp.Call(tb.ctx, page.GetInstallabilityErrors, struct{}{})
				if err != nil {
					t.Fatal(err)
				}
				errs = errs[:0]
				for _, e := range res.InstallabilityErrors {
					errs = append(errs, e.ErrorID)
				}
				if len(errs) == 0 || time.Now().After(deadline) {
					break
				}
				time.Sleep(200 * time.Millisecond)
			}
			if len(errs) != 0 {
				t.Errorf("installability errors: %v", errs)
			}

			type icon struct {
				Src, Sizes, Purpose, Type string
				W, H                      int
			}
			type manifest struct {
				Name, ShortName, Lang, StartURL, Scope, Display, ThemeColor, BackgroundColor string
				Icons                                                                        []icon
			}
			m := eval[manifest](tb, `(async () => {
				const href = document.querySelector('link[rel=manifest]').href;
				const m = await (await fetch(href)).json();
				const icons = [];
				for (const ic of m.icons) {
					const img = new Image();
					img.src = new URL(ic.src, href).href;
					await img.decode();
					icons.push({Src: ic.src, Sizes: ic.sizes, Purpose: ic.purpose, Type: ic.type, W: img.naturalWidth, H: img.naturalHeight});
				}
				return {Name: m.name, ShortName: m.short_name, Lang: m.lang, StartURL: new URL(m.start_url, href).href,
					Scope: new URL(m.scope, href).href, Display: m.display, ThemeColor: m.theme_color,
					BackgroundColor: m.background_color, Icons: icons};
			})()`)
			if m.Name != l.Title || m.ShortName != "파인튜닝 핵심 개념" || m.Lang != "ko" || m.Display != "standalone" {
				t.Errorf("manifest = %+v", m)
			}
			if m.StartURL != ts.url || m.Scope != ts.url {
				t.Errorf("start_url %s and scope %s, want both %s", m.StartURL, m.Scope, ts.url)
			}
			if m.ThemeColor != "#1A237E" || m.BackgroundColor == "" {
				t.Errorf("colours %q %q", m.ThemeColor, m.BackgroundColor)
			}
			have := map[string]bool{}
			for _, ic := range m.Icons {
				if ic.Type == "image/png" {
					if want := fmt.Sprintf("%dx%d", ic.W, ic.H); ic.Sizes != want {
						t.Errorf("%s claims %s but is %s", ic.Src, ic.Sizes, want)
					}
				}
				have[ic.Sizes+" "+ic.Purpose] = true
			}
			for _, need := range []string{"192x192 any", "512x512 any", "512x512 maskable"} {
				if !have[need] {
					t.Errorf("no %s icon in %v", need, m.Icons)
				}
			}
			if n := eval[int](tb, `document.querySelectorAll('link[rel=apple-touch-icon]').length`); n != 1 {
				t.Errorf("%d apple-touch-icon links, want 1", n)
			}
			// Nothing the lesson needs lives on another host.
			remote := eval[[]string](tb, `performance.getEntriesByType("resource").map(e => e.name).filter(u => !u.startsWith(location.origin))`)
			if len(remote) != 0 {
				t.Errorf("fetched from other hosts: %s", strings.Join(remote, " "))
			}
			tb.noProblems()
		})
	}
}
