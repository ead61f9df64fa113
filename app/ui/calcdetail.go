package ui

import (
	"slices"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
)

// calcDetail is the calculator's "자세히" mode: pick a published model (or
// type a configuration), a rank and the modules LoRA targets, and see the
// exact counts as PEFT prints them, and the training memory of full
// fine-tuning, LoRA and QLoRA side by side.
type calcDetail struct {
	app.Compo

	CalcID string // the calculator's block id: its settings' key in the store
	Level  int
	Detail *lesson.DeeperCalc
	Store  *store

	ID      string // element id of the panel; its controls' ids start with it
	st      lesson.DeeperSettings
	mounted bool
	synced  int
}

func newCalcDetail(calcID string, level int, d *lesson.DeeperCalc, st *store) *calcDetail {
	c := &calcDetail{CalcID: calcID, Level: level, Detail: d, Store: st, ID: lesson.DeeperID(calcID)}
	c.load()
	return c
}

// load takes the saved settings (the store keeps only valid ones), or the
// content's defaults.
func (c *calcDetail) load() {
	c.st = lesson.DeeperSettings{Rank: c.Detail.DefaultRank, Modules: append([]lesson.Module(nil), c.Detail.DefaultModules...)}
	if saved, ok := c.Store.detail(c.CalcID); ok {
		c.st = saved
	}
}

func (c *calcDetail) OnMount(ctx app.Context) {
	ctx.ObserveState(progressSynced, &c.synced).OnChange(c.load)
	ctx.Dispatch(func(app.Context) { c.mounted = true })
}

func (c *calcDetail) save() {
	c.Store.setDetail(c.CalcID, c.st)
}

func (c *calcDetail) config() lesson.ModelConfig {
	if c.st.Preset < 0 && c.st.Custom != nil {
		return *c.st.Custom
	}
	if c.st.Preset >= 0 && c.st.Preset < len(c.Detail.Presets) {
		return c.Detail.Presets[c.st.Preset].Config
	}
	return c.Detail.Presets[0].Config
}

func (c *calcDetail) onToggle(ctx app.Context, e app.Event) {
	c.st.Open = !c.st.Open
	c.save()
}

func (c *calcDetail) onPreset(ctx app.Context, e app.Event) {
	v := ctx.JSSrc().Get("value").String()
	if v == "custom" {
		cfg := c.config() // start from what is shown
		c.st.Custom, c.st.Preset = &cfg, -1
	} else if i, err := strconv.Atoi(v); err == nil && i >= 0 && i < len(c.Detail.Presets) {
		c.st.Preset = i
	}
	c.save()
}

func (c *calcDetail) onRank(ctx app.Context, e app.Event) {
	if r, err := strconv.ParseInt(ctx.JSSrc().Get("value").String(), 10, 64); err == nil && r >= 1 && r <= lesson.MaxRank {
		c.st.Rank = r
		c.save()
	}
}

func (c *calcDetail) onModule(m lesson.Module) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		on := ctx.JSSrc().Get("checked").Bool()
		var ms []lesson.Module
		for _, x := range lesson.AllModules {
			if x == m && on || x != m && slices.Contains(c.st.Modules, x) {
				ms = append(ms, x)
			}
		}
		c.st.Modules = ms
		c.save()
	}
}

// onField edits one field of the custom configuration; out-of-range input
// is ignored, so the numbers shown always come from a valid model.
func (c *calcDetail) onField(name string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		if c.st.Custom == nil {
			return
		}
		cfg := *c.st.Custom
		if name == "tied" {
			cfg.TiedEmbeddings = ctx.JSSrc().Get("checked").Bool()
		} else {
			v, err := strconv.ParseInt(ctx.JSSrc().Get("value").String(), 10, 64)
			if err != nil || cfg.Field(name) == nil {
				return
			}
			*cfg.Field(name) = v
		}
		if f, _ := cfg.Check(); f != "" {
			return
		}
		c.st.Custom = &cfg
		c.save()
	}
}

func (c *calcDetail) Render() app.UI {
	lb := c.Detail.Labels
	panelID := c.ID
	toggle := app.Button().Type("button").Class("detail-toggle").
		Aria("expanded", strconv.FormatBool(c.st.Open)).Aria("controls", panelID).
		Text(lb["toggle"]).OnClick(c.onToggle)
	if !c.mounted {
		toggle = toggle.Disabled(true)
	}
	if !c.st.Open {
		return app.Div().Class("calc-detail").Body(toggle, app.Div().ID(panelID).Class("detail-panel"))
	}

	cfg := c.config()
	base := cfg.Params()
	trainable := cfg.LoRAParams(c.st.Rank, c.st.Modules...)
	pct := strconv.FormatFloat(lesson.TrainablePercent(trainable, base), 'f', 4, 64)
	peft := strings.NewReplacer("{trainable}", lesson.FormatInt(trainable), "{all}", lesson.FormatInt(base+trainable), "{percent}", pct).Replace(lb["peft"])
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
		Value(strconv.FormatInt(c.st.Rank, 10)).OnChange(c.onRank).OnInput(c.onRank)

	return app.Div().Class("calc-detail").Body(
		toggle,
		app.Div().ID(panelID).Class("detail-panel").Body(
			heading(c.Level+1).Class("detail-heading").Text(lb["heading"]),
			app.Div().Class("detail-controls").Body(
				app.Label().For(c.ID+"-model").Text(lb["model"]),
				sel.Body(
					app.Range(c.Detail.Presets).Slice(func(i int) app.UI {
						o := app.Option().Value(strconv.Itoa(i)).Text(c.Detail.Presets[i].Name)
						if i == c.st.Preset {
							o = o.Selected(true)
						}
						return o
					}),
					c.customOption(lb["custom"]),
				),
				app.Label().For(c.ID+"-rank").Text(lb["rank"]),
				rank,
			),
			app.If(c.st.Preset < 0, func() app.UI { return c.customFields(cfg) }),
			app.FieldSet().Class("detail-modules").Body(
				app.Legend().Text(lb["modules"]),
				app.Range(lesson.AllModules[:]).Slice(func(i int) app.UI {
					m := lesson.AllModules[i]
					id := c.ID + "-mod-" + string(m)
					box := app.Input().Type("checkbox").ID(id).OnChange(c.onModule(m), app.EventScope(c.ID, string(m)))
					if slices.Contains(c.st.Modules, m) {
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
				app.TBody().Body(app.Range(c.st.Modules).Slice(func(i int) app.UI {
					m := c.st.Modules[i]
					in, out := cfg.Dims(m)
					return app.Tr().Body(
						app.Th().Scope("row").Text(string(m)),
						app.Td().Class("num").Text(lesson.FormatInt(in)+" → "+lesson.FormatInt(out)),
						app.Td().Class("num").Text(lesson.FormatInt(cfg.LoRAParams(c.st.Rank, m))),
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

func (c *calcDetail) customOption(label string) app.UI {
	o := app.Option().Value("custom").Text(label)
	if c.st.Preset < 0 {
		o = o.Selected(true)
	}
	return o
}

// customFields are the inputs of a typed configuration.
func (c *calcDetail) customFields(cfg lesson.ModelConfig) app.UI {
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
