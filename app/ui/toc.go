package ui

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
)

// toc is the table of contents: a link to every section (#id, so a section
// can be shared), marked once the learner has seen it. Marks are saved with
// the progress.
type toc struct {
	app.Compo

	Lesson *lesson.Lesson
	Store  *store

	visited map[string]bool
	observe app.Func
	synced  int
}

func newTOC(l *lesson.Lesson, st *store) *toc {
	c := &toc{Lesson: l, Store: st}
	c.load()
	return c
}

func (c *toc) load() {
	c.visited = map[string]bool{}
	for _, id := range c.Store.visited() {
		c.visited[id] = true
	}
}

// OnMount watches the sections not yet seen: one counts as seen once a
// third of it, or all of a short one, has been on screen. A seen section is
// no longer watched, so scrolling back and forth costs nothing.
func (c *toc) OnMount(ctx app.Context) {
	ctx.ObserveState(progressSynced, &c.synced).OnChange(c.load)
	io := app.Window().Get("IntersectionObserver")
	if io == nil || !io.Truthy() {
		return
	}
	c.observe = app.FuncOf(func(this app.Value, args []app.Value) any {
		entries, obs := args[0], args[1]
		for i := 0; i < entries.Length(); i++ {
			en := entries.Index(i)
			if !en.Get("isIntersecting").Bool() {
				continue
			}
			target := en.Get("target")
			obs.Call("unobserve", target)
			id := target.Get("id").String()
			ctx.Dispatch(func(app.Context) {
				c.Store.visit(id)
				c.visited[id] = true
			})
		}
		return nil
	})
	obs := io.New(c.observe, map[string]any{"threshold": 0.3})
	for _, s := range c.Lesson.Sections {
		if c.visited[s.ID] {
			continue
		}
		if el := app.Window().GetElementByID(s.ID); el != nil && el.Truthy() {
			obs.Call("observe", el)
		}
	}
}

func (c *toc) Render() app.UI {
	ui := &c.Lesson.UI
	return app.Nav().Class("toc").Aria("labelledby", lesson.TOCTitleID).Body(
		app.H2().ID(lesson.TOCTitleID).Class("toc-title").Text(ui.Contents),
		app.Ol().Class("toc-list").Body(app.Range(c.Lesson.Sections).Slice(func(i int) app.UI {
			s := c.Lesson.Sections[i]
			li := app.Li().Class("toc-item", "level-"+strconv.Itoa(s.Level))
			mark := app.Span().Class("toc-mark")
			if c.visited[s.ID] {
				li = li.Class("is-visited")
				mark = mark.Text(ui.Visited)
			}
			return li.Body(app.A().Href("#"+s.ID).Text(s.Title), mark)
		})),
	)
}
