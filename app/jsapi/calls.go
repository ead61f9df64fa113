package jsapi

import (
	"encoding/json"
	"errors"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/progress"
)

// global is window[name], or nil when the page has none.
func global(name string) app.Value {
	v := app.Window().Get(name)
	if v == nil || !v.Truthy() {
		return nil
	}
	return v
}

// call calls a method of one of the page's objects; a JavaScript exception,
// which they should never raise, becomes undefined instead of stopping the
// app.
func call(js app.Value, method string, args ...any) (v app.Value) {
	defer func() {
		if recover() != nil {
			v = app.Undefined()
		}
	}()
	return js.Call(method, args...)
}

// OnPage reports whether the program runs in a page, not in a worker.
func OnPage() bool {
	return global("document") != nil
}

// Mounted tells the page's scripts that the app runs.
func Mounted() {
	if f := global(MountedGlobal); f != nil {
		call(app.Window(), MountedGlobal)
	}
}

// EarlySliders are the calculators' slider values the learner moved before
// the app ran (web/early-answers.js), by slider key; nil when none or when
// the page lacks the script. The values are the page's: the caller keeps
// only what fits the lesson.
func EarlySliders() map[string]int64 {
	js := global(EarlyGlobal)
	if js == nil {
		return nil
	}
	v := call(js, "sliders")
	if v.Type() != app.TypeString {
		return nil
	}
	var moved map[string]int64
	if json.Unmarshal([]byte(v.String()), &moved) != nil {
		return nil
	}
	return moved
}

// ApplyUpdate activates the waiting new version and reloads.
func ApplyUpdate() {
	if f := global(ApplyUpdateGlobal); f != nil {
		call(app.Window(), ApplyUpdateGlobal)
	}
}

// PageData decodes the value the build wrote into the page's element id;
// ok is false when the page has no such element. In web/wasm-warm.js's
// worker, which has no page, it decodes the copy of that element the page
// posted there (WarmDataGlobal), so that decoding compiles there too.
func PageData(id string, v any) (ok bool, err error) {
	var text string
	if OnPage() {
		el := app.Window().GetElementByID(id)
		if el == nil || !el.Truthy() {
			return false, errors.New("no #" + id + " element in the page")
		}
		text = el.Get("textContent").String()
	} else {
		w := global(WarmDataGlobal)
		if w == nil || w.Get("id").String() != id {
			return false, errors.New("no copy of #" + id + " in the worker")
		}
		text = w.Get("text").String()
	}
	return true, json.Unmarshal([]byte(text), v)
}

// Store is the device's storage (window.lessonStore); in memory when the
// page lacks it.
func Store() progress.Store {
	js := global(StoreGlobal)
	if js == nil {
		return progress.NewMemoryStore(nil)
	}
	return &store{js: js}
}

type store struct {
	js       app.Value
	watchers []app.Func // storage listeners, kept alive while the page lives
}

func (s *store) Get(key string) (string, bool) {
	v := call(s.js, "get", key)
	if v.Type() != app.TypeString {
		return "", false
	}
	return v.String(), true
}

func (s *store) Set(key, value string) { call(s.js, "set", key, value) }

func (s *store) Remove(key string) { call(s.js, "remove", key) }

func (s *store) Keys() []string {
	keys := call(s.js, "keys")
	if !keys.Truthy() {
		return nil
	}
	out := make([]string, keys.Length())
	for i := range out {
		out[i] = keys.Index(i).String()
	}
	return out
}

// Watch listens to the window's storage event, which fires for another
// tab's saves only.
func (s *store) Watch(key string, changed func(string, bool)) {
	f := app.FuncOf(func(this app.Value, args []app.Value) any {
		e := args[0]
		if e.Get("key").String() != key {
			return nil
		}
		nv := e.Get("newValue")
		if nv.Type() != app.TypeString {
			changed("", false)
		} else {
			changed(nv.String(), true)
		}
		return nil
	})
	s.watchers = append(s.watchers, f)
	app.Window().Call("addEventListener", "storage", f)
}

// LMS is whatever embeds the lesson (window.lessonLMS); Standalone when
// the page lacks it.
func LMS() progress.LMS {
	js := global(LMSGlobal)
	if js == nil {
		return progress.Standalone{}
	}
	return host{js: js}
}

// host is the page or runtime that embeds the lesson, through lessonLMS.
type host struct{ js app.Value }

func (h host) Launch() progress.Launch {
	var rec progress.Launch
	if s := call(h.js, "record"); s.Type() == app.TypeString {
		json.Unmarshal([]byte(s.String()), &rec)
	}
	rec.SCORM = h.js.Get("scorm").Truthy()
	rec.Embedded = h.js.Get("embedded").Truthy()
	return rec
}

func (h host) SuspendData() string {
	if v := call(h.js, "suspendData"); v.Type() == app.TypeString {
		return v.String()
	}
	return ""
}

func (h host) Statement(json string) { call(h.js, "statement", json) }

func (h host) Report(suspendData string, score int, status string) {
	call(h.js, "progress", suspendData, score, status)
}
