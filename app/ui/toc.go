package ui

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
	"golesson/app/progress"
)

// wideQuery is where the contents become a sticky column beside the lesson
// (lesson.css uses the same width).
const wideQuery = "(min-width: 1200px)"

// toc is the table of contents: a link to every section (#id, so a section
// can be shared), the section on screen marked, and a mark on each section
// read, saved with the progress. It is a <details>: closed at first, so a
// phone's first screen is the lesson, and it opens and closes without the
// app; on wide screens it is open beside the lesson.
type toc struct {
	app.Compo

	Lesson *lesson.Lesson

	progress lesson.Progress
	visited  map[string]bool
	current  string // the section at the reading line, for aria-current
	open     bool

	wide    app.Value // matchMedia(wideQuery)
	onWide  app.Func
	onRead  app.Func
	onWatch app.Func
}

func newTOC(l *lesson.Lesson, p lesson.Progress) *toc {
	c := &toc{Lesson: l, progress: p}
	c.load()
	return c
}

func (c *toc) load() {
	c.visited = map[string]bool{}
	for _, id := range c.progress.Visited {
		c.visited[id] = true
	}
}

func (c *toc) OnMount(ctx app.Context) {
	observeProgress(ctx, &c.progress, c.load)
	if mm := app.Window().Get("matchMedia"); mm != nil && mm.Truthy() {
		c.wide = app.Window().Call("matchMedia", wideQuery)
		c.open = c.wide.Get("matches").Bool()
		c.onWide = app.FuncOf(func(this app.Value, args []app.Value) any {
			open := args[0].Get("matches").Bool()
			ctx.Dispatch(func(app.Context) { c.open = open })
			return nil
		})
		c.wide.Call("addEventListener", "change", c.onWide)
	}
	io := app.Window().Get("IntersectionObserver")
	if io == nil || !io.Truthy() {
		return
	}
	c.watchReading(ctx, io)
	c.watchCurrent(ctx, io)
}

// watchReading marks a section read once the learner has scrolled to its
// end: the end coming into view, or, when it was already in view on load,
// leaving it upwards. What is on screen at load is not yet read (the
// observer reports every target once at the start: that report is skipped).
// A read section is no longer watched.
func (c *toc) watchReading(ctx app.Context, io app.Value) {
	started := map[string]bool{}
	c.onRead = app.FuncOf(func(this app.Value, args []app.Value) any {
		entries, obs := args[0], args[1]
		for i := 0; i < entries.Length(); i++ {
			en := entries.Index(i)
			target := en.Get("target")
			id := target.Get("dataset").Get("section").String()
			if !started[id] {
				started[id] = true
				continue
			}
			in := en.Get("isIntersecting").Bool()
			above := en.Get("boundingClientRect").Get("bottom").Float() <= 0
			if !in && !above {
				continue
			}
			obs.Call("unobserve", target)
			ctx.Dispatch(func(ctx app.Context) {
				changeProgress(ctx, func(t *progress.Tracker) { t.Visit(id) })
			})
		}
		return nil
	})
	obs := io.New(c.onRead)
	for _, s := range c.Lesson.Sections {
		if c.visited[s.ID] {
			continue
		}
		if el := app.Window().Get("document").Call("querySelector", "#"+s.ID+" > .section-end"); el.Truthy() {
			obs.Call("observe", el)
		}
	}
}

// watchCurrent follows the section that crosses a line a quarter down the
// screen (a band 1% high), without reading layout on scroll.
func (c *toc) watchCurrent(ctx app.Context, io app.Value) {
	c.onWatch = app.FuncOf(func(this app.Value, args []app.Value) any {
		entries := args[0]
		cur, left := "", ""
		for i := 0; i < entries.Length(); i++ {
			en := entries.Index(i)
			id := en.Get("target").Get("id").String()
			if en.Get("isIntersecting").Bool() {
				cur = id
			} else {
				left = id
			}
		}
		ctx.Dispatch(func(app.Context) {
			switch {
			case cur != "":
				c.current = cur
			case left == c.current:
				c.current = "" // above the first section, or past the last
			}
		})
		return nil
	})
	obs := io.New(c.onWatch, map[string]any{"rootMargin": "-25% 0px -74% 0px"})
	for _, s := range c.Lesson.Sections {
		if el := app.Window().GetElementByID(s.ID); el != nil && el.Truthy() {
			obs.Call("observe", el)
		}
	}
}

func (c *toc) onToggle(ctx app.Context, e app.Event) {
	c.open = ctx.JSSrc().Get("open").Bool()
}

// onLink goes to section id and puts the focus on its heading, so the next
// Tab continues from there and a screen reader reads it. The URL gets the
// fragment without a history entry (an LMS page's Back stays its own). A
// click with a modifier key is the browser's (a new tab or window).
func (c *toc) onLink(id string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		if e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool() || e.Get("shiftKey").Bool() {
			e.Call("stopPropagation")
			return
		}
		e.PreventDefault()
		e.Call("stopPropagation") // keep go-app's link handler out
		if c.wide == nil || !c.wide.Get("matches").Bool() {
			// On a phone the open list sits above the lesson: close it
			// first, so the scroll lands where the heading ends up.
			ctx.JSSrc().Call("closest", "details").Set("open", false)
			c.open = false
		}
		sec, h := app.Window().GetElementByID(id), app.Window().GetElementByID(id+"-title")
		if sec == nil || !sec.Truthy() || h == nil || !h.Truthy() {
			return
		}
		sec.Call("scrollIntoView")
		h.Call("focus", map[string]any{"preventScroll": true})
		app.Window().Get("history").Call("replaceState", app.Window().Get("history").Get("state"), "", "#"+id)
		c.current = id
	}
}

func (c *toc) Render() app.UI {
	ui := &c.Lesson.UI
	details := app.Details().Class("toc-details").OnToggle(c.onToggle)
	if c.open {
		details = details.Open(true) // only ever true: see the pitfalls of boolean attributes
	}
	return app.Nav().Class("toc").Aria("labelledby", lesson.TOCTitleID).Body(
		details.Body(
			app.Summary().Class("toc-summary").Body(
				app.H2().ID(lesson.TOCTitleID).Class("toc-title").Text(ui.Contents),
			),
			app.Ol().Class("toc-list").Body(c.items(tocTree(c.Lesson.Sections))...),
		),
	)
}

func (c *toc) items(nodes []tocNode) []app.UI {
	out := make([]app.UI, 0, len(nodes))
	for _, n := range nodes {
		li := app.Li().Class("toc-item", "level-"+strconv.Itoa(n.Level))
		if c.visited[n.ID] {
			li = li.Class("is-visited")
		}
		var sub app.UI
		if len(n.children) > 0 {
			sub = app.Ol().Class("toc-list", "toc-sub").Body(c.items(n.children)...)
		}
		out = append(out, li.Body(c.link(n.Section), sub))
	}
	return out
}

// link shows the content's own number (a heading "1. 파인튜닝이란?" keeps
// its "1.") in a column of its own, so a wrapped title lines up after it;
// the list adds no number. The read mark takes no room until it is there.
func (c *toc) link(s *lesson.Section) app.UI {
	num, text := headingNumber(s.Title)
	a := app.A().Class("toc-link").Href("#"+s.ID).OnClick(c.onLink(s.ID), app.EventScope(s.ID))
	if c.current == s.ID {
		a = a.Aria("current", "location")
	}
	return a.Body(
		app.If(num != "", func() app.UI { return app.Span().Class("toc-num").Text(num) }),
		app.Span().Class("toc-text").Text(text),
		app.If(c.visited[s.ID], func() app.UI {
			return app.Span().Class("toc-mark").Body(
				app.Span().Aria("hidden", "true").Text("✓"),
				app.Span().Class("sr-only").Text(" "+c.Lesson.UI.Visited),
			)
		}),
	)
}

// tocNode is a section with the level-3 sections that follow it.
type tocNode struct {
	*lesson.Section
	children []tocNode
}

func tocTree(ss []lesson.Section) []tocNode {
	var out []tocNode
	for i := range ss {
		s := &ss[i]
		if s.Level > 2 && len(out) > 0 {
			last := &out[len(out)-1]
			last.children = append(last.children, tocNode{Section: s})
			continue
		}
		out = append(out, tocNode{Section: s})
	}
	return out
}

// headingNumber splits a title's leading number ("1.", "2.3.") from its
// text. A title that starts with a digit but is not numbered ("4bit
// 양자화") has none.
func headingNumber(title string) (num, text string) {
	i, digits := 0, false
	for i < len(title) && (title[i] >= '0' && title[i] <= '9' || title[i] == '.') {
		digits = digits || title[i] != '.'
		i++
	}
	if !digits || i == 0 || title[i-1] != '.' || title[0] == '.' || i >= len(title) || title[i] != ' ' {
		return "", title
	}
	return title[:i], title[i+1:]
}
