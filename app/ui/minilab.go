package ui

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
	"golesson/app/progress"
)

// minilab is the mini-lab: the sample items with their outputs, the
// metrics of the baseline and the LoRA model averaged over the items the
// learner includes, and a chart of both.
type minilab struct {
	app.Compo

	ID  string
	Lab *lesson.MiniLabBlock

	progress lesson.Progress
	excluded map[int]bool
	mounted  bool
}

func newMiniLab(id string, lab *lesson.MiniLabBlock, p lesson.Progress) *minilab {
	c := &minilab{ID: id, Lab: lab, progress: p}
	c.load()
	return c
}

// load takes the items left out from the progress (which keeps only items
// that exist).
func (c *minilab) load() {
	c.excluded = map[int]bool{}
	for _, i := range c.progress.Excluded[c.ID] {
		c.excluded[i] = true
	}
}

func (c *minilab) OnMount(ctx app.Context) {
	observeProgress(ctx, &c.progress, c.load)
	ctx.Dispatch(func(app.Context) { c.mounted = true })
}

func (c *minilab) toggle(i int) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		id, on := c.ID, ctx.JSSrc().Get("checked").Bool()
		c.excluded[i] = !on // shown at once; the progress follows
		changeProgress(ctx, func(t *progress.Tracker) { t.Include(id, i, on) })
	}
}

func (c *minilab) Render() app.UI {
	lab, lb := c.Lab, c.Lab.Labels
	sc := lab.Score(c.excluded)
	count := fill(lb["included"], "n", sc.Included, "total", len(lab.Items))

	var names []string
	var base, lora []float64
	for _, m := range lab.Metrics {
		names = append(names, m.Name)
		base = append(base, sc.MeanBaseline.Get(m.ID))
		lora = append(lora, sc.MeanLoRA.Get(m.ID))
	}
	return app.Div().ID(c.ID).Class("minilab").Body(
		app.P().Class("minilab-caption").Text(lab.Caption),
		app.P().ID(c.ID+"-count").Class("minilab-count").Aria("live", "polite").Text(count),
		app.Div().Class("table-scroll").TabIndex(0).Body(
			app.Table().Class("minilab-summary").Body(
				app.Caption().Text(lb["average"]),
				app.THead().Body(app.Tr().Body(
					app.Th().Scope("col").Text(lb["metric"]),
					app.Th().Scope("col").Text(lb["baseline"]),
					app.Th().Scope("col").Text(lb["lora"]),
					app.Th().Scope("col").Text(lb["difference"]),
				)),
				app.TBody().Body(app.Range(lab.Metrics).Slice(func(i int) app.UI {
					return app.Tr().Body(
						app.Th().Scope("row").Text(names[i]),
						app.Td().Class("num").Text(fixed2(base[i])),
						app.Td().Class("num").Text(fixed2(lora[i])),
						app.Td().Class("num").Text(signed2(lora[i]-base[i])),
					)
				})),
			),
		),
		barChart(c.ID+"-chart", lb["chart"], names, []series{
			{name: lb["baseline"], class: "bar-baseline", values: base},
			{name: lb["lora"], class: "bar-lora", values: lora},
		}, 1, fixed2),
		app.Div().Class("table-scroll", "minilab-items-box").TabIndex(0).Body(
			app.Table().Class("minilab-items").Body(
				app.THead().Body(app.Tr().Body(
					app.Th().Scope("col").Text(lb["include"]),
					app.Th().Scope("col").Text("#"),
					app.Th().Scope("col").Text(lb["input"]),
					app.Th().Scope("col").Text(lb["reference"]),
					app.Th().Scope("col").Text(lb["baseline"]),
					app.Th().Scope("col").Text(lb["lora"]),
				)),
				app.TBody().Body(app.Range(lab.Items).Slice(func(i int) app.UI {
					it := lab.Items[i]
					n := strconv.Itoa(i + 1)
					box := app.Input().Type("checkbox").ID(c.ID+"-item-"+n).Class("minilab-include").
						Aria("label", lb["include"]+" "+n).
						OnChange(c.toggle(i), app.EventScope(c.ID, i))
					if !c.excluded[i] {
						box = box.Checked(true) // only ever true: go-app prerenders Checked(false) as checked
					}
					if !c.mounted {
						box = box.Disabled(true)
					}
					row := app.Tr()
					if c.excluded[i] {
						row = row.Class("is-excluded")
					}
					// data-label: on a phone each row is a card, and each
					// cell shows its column's name (lesson.css).
					return row.Body(
						app.Td().Class("item-include").DataSet("label", lb["include"]).Body(
							app.Label().Class("item-include-target").Body(box),
						),
						app.Td().Class("num", "item-n").DataSet("label", "#").Text(n),
						app.Td().DataSet("label", lb["input"]).Text(it.Input),
						app.Td().DataSet("label", lb["reference"]).Text(it.Reference),
						app.Td().DataSet("label", lb["baseline"]).Body(app.Span().Text(it.Baseline), c.itemScores(sc.Baseline[i])),
						app.Td().DataSet("label", lb["lora"]).Body(app.Span().Text(it.LoRA), c.itemScores(sc.LoRA[i])),
					)
				})),
			),
		),
	)
}

// itemScores lists one output's metrics under it.
func (c *minilab) itemScores(s lesson.Scores) app.UI {
	return app.Ul().Class("item-scores").Body(app.Range(c.Lab.Metrics).Slice(func(i int) app.UI {
		m := c.Lab.Metrics[i]
		return app.Li().Text(m.Name + " " + fixed2(s.Get(m.ID)))
	}))
}

func fixed2(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// signed2 writes a difference with its sign, minus as U+2212.
func signed2(v float64) string {
	s := fixed2(v)
	switch {
	case s == "0.00" || s == "-0.00":
		return "0.00"
	case v > 0:
		return "+" + s
	default:
		return "−" + strings.TrimPrefix(s, "-")
	}
}
