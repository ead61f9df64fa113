package visit

import _ "embed"

// probeJS records when the lesson is visible and interactive (see the file).
//
//go:embed probe.js
var probeJS string

// paintJS changes the first slider n times at the current CPU rate and
// returns, per change, the milliseconds from just before the input event to
// the first animation frame after the result text changed.
const paintJS = `(async (n) => {
  const input = document.querySelector("input.slider-input");
  const min = Number(input.min), step = Number(input.step) || 1;
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  const out = [];
  for (let i = 0; i < n; i++) {
    await frame(); await frame(); // let the previous change finish painting
    const before = document.querySelector(".calculator-number").textContent;
    const painted = new Promise((resolve, reject) => {
      const mo = new MutationObserver(() => {
        if (document.querySelector(".calculator-number").textContent === before) return;
        mo.disconnect();
        requestAnimationFrame(() => resolve(performance.now()));
      });
      mo.observe(document.body, { subtree: true, childList: true, characterData: true });
      setTimeout(() => { mo.disconnect(); reject(new Error("change " + i + ": no new result within 10 s")); }, 10000);
    });
    input.value = String(Number(input.value) === min ? min + step : min);
    const t0 = performance.now();
    input.dispatchEvent(new Event("input", { bubbles: true }));
    out.push((await painted) - t0);
  }
  return out;
})(%d)`

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
