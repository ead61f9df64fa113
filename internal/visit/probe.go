package visit

import _ "embed"

// probeJS records when the lesson is visible and interactive (see the file).
//
//go:embed probe.js
var probeJS string

// paintJS changes the first slider n times at the current CPU rate and
// returns, per change, the milliseconds from just before the input event to
// the end of the frame that draws the new result: the first animation frame
// after the result text changed, then a task queued from it, which runs once
// that frame's style, layout and paint are done.
//
// Each change waits for the page to settle (the app renders on its own
// ticker, about 33 ms after an event) and then comes at a random point of a
// frame, as a key press does. Sent from inside a frame's animation-frame
// callbacks, as this once did, a change is drawn in that same frame, yet a
// requestAnimationFrame asked for then fires only in the next one: every
// sample was one frame interval (16.7 ms) too long.
//
// With floor set, it changes the text of a small box of its own instead,
// fixed and contained (contain: strict), which costs the page next to
// nothing: the same measure's floor on this machine, the part of every
// sample that is the browser's frame and not the lesson's work.
const paintJS = `(async (n, floor) => {
  let box = null;
  if (floor) {
    box = document.createElement("div");
    box.style.cssText = "position:fixed;top:0;left:0;width:40px;height:20px;contain:strict;font-size:10px";
    document.body.append(box);
  }
  const input = document.querySelector("input.slider-input");
  const min = Number(input.min), step = Number(input.step) || 1;
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const out = [];
  for (let i = 0; i < n; i++) {
    await sleep(120); await frame(); await sleep(Math.random() * 16);
    const shown = () => (box || document.querySelector(".calculator-number")).textContent;
    const before = shown();
    const painted = new Promise((resolve, reject) => {
      const mo = new MutationObserver(() => {
        if (shown() === before) return;
        mo.disconnect();
        requestAnimationFrame(() => {
          const ch = new MessageChannel();
          ch.port1.onmessage = () => resolve(performance.now());
          ch.port2.postMessage(0);
        });
      });
      mo.observe(document.body, { subtree: true, childList: true, characterData: true });
      setTimeout(() => { mo.disconnect(); reject(new Error("change " + i + ": no new result within 10 s")); }, 10000);
    });
    const t0 = performance.now();
    if (box) {
      box.textContent = String(i);
    } else {
      input.value = String(Number(input.value) === min ? min + step : min);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
    out.push((await painted) - t0);
  }
  if (box) box.remove();
  return out;
})(%d, %t)`

// collectJS reads what the page measured once the probe has its numbers.
const collectJS = `(() => {
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  const wasm = performance.getEntriesByType("resource").find((e) => /\/app(\.[0-9a-f]+)?\.wasm(\?|$)/.test(e.name));
  return {
    fcp: fcp ? fcp.startTime : -1,
    visible: window.__bench.visible,
    tti: window.__bench.tti,
    app: window.__bench.app,
    wasmEncoded: wasm ? wasm.encodedBodySize : -1,
    wasmDecoded: wasm ? wasm.decodedBodySize : -1,
    controlled: !!(navigator.serviceWorker && navigator.serviceWorker.controller),
    lcp: window.__bench.lcp,
    lcps: window.__bench.lcps,
    cls: window.__bench.cls,
  };
})()`

type collected struct {
	FCP         float64 `json:"fcp"`
	Visible     float64 `json:"visible"`
	TTI         float64 `json:"tti"`
	App         float64 `json:"app"`
	WasmEncoded int64   `json:"wasmEncoded"`
	WasmDecoded int64   `json:"wasmDecoded"`
	Controlled  bool    `json:"controlled"`
	LCP         float64 `json:"lcp"`
	LCPs        int     `json:"lcps"`
	CLS         float64 `json:"cls"`
}
