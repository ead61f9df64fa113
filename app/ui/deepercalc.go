package ui

import (
	"slices"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
	"golesson/app/progress"
)

// deeperCalc is the calculator's "자세히" mode: pick a published model (or
// type a configuration), a rank and the modules LoRA targets, and see the
// exact counts as PEFT prints them, and the training memory of full
// fine-tuning, LoRA and QLoRA side by side.
type deeperCalc struct {
	app.Compo

	CalcID string // the calculator's block id: its settings' key in the progress
	Level  int
	Detail *lesson.DeeperCalc

	ID       string // element id of the panel; its controls' ids start with it
	progress lesson.Progress
	settings progress.Deeper
	mounted  bool
}

func newDeeperCalc(calcID string, level int, d *lesson.DeeperCalc, p lesson.Progress) *deeperCalc {
	c := &deeperCalc{CalcID: calcID, Level: level, Detail: d, ID: lesson.DeeperID(calcID), progress: p}
	c.load()
	return c
}

// load takes the saved settings (the progress keeps only valid ones), or
// the content's defaults.
func (c *deeperCalc) load() {
	c.settings = progress.NewDeeper(c.Detail, c.CalcID, c.progress)
}

func (c *deeperCalc) OnMount(ctx app.Context) {
	observeProgress(ctx, &c.progress, c.load)
	ctx.Dispatch(func(app.Context) { c.mounted = true })
}

// edit applies one control's change to the settings shown, and asks the
// page to keep them when they changed.
func (c *deeperCalc) edit(ctx app.Context, change func(*progress.Deeper) bool) {
	if !change(&c.settings) {
		return
	}
	id, s := c.CalcID, c.settings.State
	changeProgress(ctx, func(t *progress.Tracker) { t.SetDeeper(id, s) })
}

func (c *deeperCalc) onToggle(ctx app.Context, e app.Event) {
	c.edit(ctx, (*progress.Deeper).Toggle)
}

func (c *deeperCalc) onPreset(ctx app.Context, e app.Event) {
	v := ctx.JSSrc().Get("value").String()
	c.edit(ctx, func(d *progress.Deeper) bool { return d.Choose(v) })
}

func (c *deeperCalc) onRank(ctx app.Context, e app.Event) {
	v := ctx.JSSrc().Get("value").String()
	c.edit(ctx, func(d *progress.Deeper) bool { return d.SetRank(v) })
}

func (c *deeperCalc) onModule(m lesson.Module) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		on := ctx.JSSrc().Get("checked").Bool()
		c.edit(ctx, func(d *progress.Deeper) bool { return d.Target(m, on) })
	}
}

// onField edits one field of the custom configuration.
func (c *deeperCalc) onField(name string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		v, checked := ctx.JSSrc().Get("value").String(), ctx.JSSrc().Get("checked").Bool()
		c.edit(ctx, func(d *progress.Deeper) bool { return d.SetField(name, v, checked) })
	}
}

func (c *deeperCalc) Render() app.UI {
	lb := c.Detail.Labels
	panelID := c.ID
	toggle := app.Button().Type("button").Class("detail-toggle").
		Aria("expanded", strconv.FormatBool(c.settings.State.Open)).Aria("controls", panelID).
		Text(lb["toggle"]).OnClick(c.onToggle)
	if !c.mounted {
		toggle = toggle.Disabled(true)
	}
	if !c.settings.State.Open {
		return app.Div().Class("calc-detail").Body(toggle, app.Div().ID(panelID).Class("detail-panel"))
	}

	cfg := c.settings.Config()
	base := cfg.Params()
	trainable := cfg.LoRAParams(c.settings.State.Rank, c.settings.State.Modules...)
	pct := strconv.FormatFloat(lesson.TrainablePercent(trainable, base), 'f', 4, 64)
	peft := fill(lb["peft"], "trainable", lesson.FormatInt(trainable), "all", lesson.FormatInt(base+trainable), "percent", pct)
	mems := []lesson.Memory{lesson.FullFTMemory(base), lesson.LoRAMemory(base, trainable), lesson.QLoRAMemory(base, trainable)}
	methods := []string{lb["full"], lb["lora"], lb["qlora"]}
	var totals []float64
	max := 0.0
	for _, m := range mems {
		totals = append(totals, m.Total/1e9)
		if m.Total/1e9 > max {
			max = m.Total / 1e9
		}
	}
	sel := app.Select().ID(c.ID + "-model").Class("detail-select").OnChange(c.onPreset)
	rank := app.Input().Type("number").ID(c.ID+"-rank").Name(c.ID+"-rank").Class("detail-number").
		Attr("min", "1").Attr("max", strconv.Itoa(lesson.MaxRank)).Attr("step", "1").
		Value(strconv.FormatInt(c.settings.State.Rank, 10)).OnChange(c.onRank).OnInput(c.onRank)

	return app.Div().Class("calc-detail").Body(
		toggle,
		app.Div().ID(panelID).Class("detail-panel").Body(
			heading(c.Level+1).Class("detail-heading").Text(lb["heading"]),
			app.Div().Class("detail-controls").Body(
				app.Label().For(c.ID+"-model").Text(lb["model"]),
				sel.Body(
					app.Range(c.Detail.Presets).Slice(func(i int) app.UI {
						o := app.Option().Value(strconv.Itoa(i)).Text(c.Detail.Presets[i].Name)
						if i == c.settings.State.Preset {
							o = o.Selected(true)
						}
						return o
					}),
					c.customOption(lb["custom"]),
				),
				app.Label().For(c.ID+"-rank").Text(lb["rank"]),
				rank,
			),
			app.If(c.settings.State.Preset < 0, func() app.UI { return c.customFields(cfg) }),
			app.FieldSet().Class("detail-modules").Body(
				app.Legend().Text(lb["modules"]),
				app.Range(lesson.AllModules[:]).Slice(func(i int) app.UI {
					m := lesson.AllModules[i]
					id := c.ID + "-mod-" + string(m)
					box := app.Input().Type("checkbox").ID(id).OnChange(c.onModule(m), app.EventScope(c.ID, string(m)))
					if slices.Contains(c.settings.State.Modules, m) {
						box = box.Checked(true)
					}
					return app.Label().For(id).Class("detail-module").Body(box, app.Text(" "+string(m)))
				}),
			),
			app.Dl().Class("detail-summary").Body(
				app.Dt().Text(lb["base"]), app.Dd().Class("num").ID(c.ID+"-base").Text(lesson.FormatInt(base)),
				app.Dt().Text(lb["trainable"]), app.Dd().Class("num").ID(c.ID+"-trainable").Text(lesson.FormatInt(trainable)),
				app.Dt().Text(lb["percent"]), app.Dd().Class("num").ID(c.ID+"-percent").Text(pct+"%"),
			),
			app.P().Body(app.Code().ID(c.ID+"-peft").Class("peft-line").Text(peft)),
			app.Div().Class("table-scroll").TabIndex(0).Body(app.Table().Class("detail-modules-table").Body(
				app.THead().Body(app.Tr().Body(
					app.Th().Scope("col").Text(lb["module"]),
					app.Th().Scope("col").Text(lb["dims"]),
					app.Th().Scope("col").Text(lb["params"]),
				)),
				app.TBody().Body(app.Range(c.settings.State.Modules).Slice(func(i int) app.UI {
					m := c.settings.State.Modules[i]
					in, out := cfg.Dims(m)
					return app.Tr().Body(
						app.Th().Scope("row").Text(string(m)),
						app.Td().Class("num").Text(lesson.FormatInt(in)+" → "+lesson.FormatInt(out)),
						app.Td().Class("num").Text(lesson.FormatInt(cfg.LoRAParams(c.settings.State.Rank, m))),
					)
				})),
			)),
			heading(c.Level+1).Class("detail-heading").Text(lb["memory"]),
			app.Div().Class("table-scroll").TabIndex(0).Body(app.Table().Class("detail-memory").Body(
				app.THead().Body(app.Tr().Body(
					app.Th().Scope("col").Text(lb["method"]),
					app.Th().Scope("col").Text(lb["weights"]),
					app.Th().Scope("col").Text(lb["gradients"]),
					app.Th().Scope("col").Text(lb["optimizer"]),
					app.Th().Scope("col").Text(lb["quant"]),
					app.Th().Scope("col").Text(lb["total"]),
				)),
				app.TBody().Body(app.Range(mems).Slice(func(i int) app.UI {
					m := mems[i]
					return app.Tr().Body(
						app.Th().Scope("row").Text(methods[i]),
						app.Td().Class("num").Text(gb(m.Weights)),
						app.Td().Class("num").Text(gb(m.Gradients)),
						app.Td().Class("num").Text(gb(m.Optimizer)),
						app.Td().Class("num").Text(gb(m.QuantConsts)),
						app.Td().Class("num").ID(c.ID+"-mem-"+strconv.Itoa(i)).Text(gb(m.Total)),
					)
				})),
			)),
			barChart(c.ID+"-memchart", lb["chart"], methods, []series{{name: lb["total"], class: "bar-memory", values: totals}}, max,
				func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) + " GB" }),
			app.Ul().Class("assumptions").Body(app.Range(c.Detail.Assumptions).Slice(func(i int) app.UI {
				return app.Li().Text(c.Detail.Assumptions[i])
			})),
		),
	)
}

func (c *deeperCalc) customOption(label string) app.UI {
	o := app.Option().Value("custom").Text(label)
	if c.settings.State.Preset < 0 {
		o = o.Selected(true)
	}
	return o
}

// customFields are the inputs of a typed configuration.
func (c *deeperCalc) customFields(cfg lesson.ModelConfig) app.UI {
	var limits []lesson.ConfigLimit // the fields the content labels
	for _, l := range lesson.ConfigLimits {
		if c.Detail.Fields[l.Field] != "" {
			limits = append(limits, l)
		}
	}
	return app.Div().Class("detail-fields").Body(
		app.Range(limits).Slice(func(i int) app.UI {
			lim := limits[i]
			n := lim.Field
			id := c.ID + "-f-" + n
			return app.Div().Class("detail-field").Body(
				app.Label().For(id).Text(c.Detail.Fields[n]),
				app.Input().Type("number").ID(id).Name(id).Class("detail-number").
					Attr("min", strconv.FormatInt(lim.Min, 10)).Attr("max", strconv.FormatInt(lim.Max, 10)).Attr("step", "1").
					Value(strconv.FormatInt(*cfg.Field(n), 10)).OnChange(c.onField(n), app.EventScope(c.ID, n)),
			)
		}),
		app.Div().Class("detail-field").Body(func() app.UI {
			box := app.Input().Type("checkbox").ID(c.ID + "-f-tied").OnChange(c.onField("tied"))
			if cfg.TiedEmbeddings {
				box = box.Checked(true)
			}
			return app.Label().For(c.ID+"-f-tied").Body(box, app.Text(" "+c.Detail.Fields["tied"]))
		}()),
	)
}

// gb writes bytes as gigabytes (10⁹), one decimal; zero as "0".
func gb(b float64) string {
	if b == 0 {
		return "0"
	}
	return strconv.FormatFloat(b/1e9, 'f', 1, 64)
}
