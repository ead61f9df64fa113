// probe.js is injected into every document before the page's own scripts
// (Page.addScriptToEvaluateOnNewDocument). It records, in window.__bench,
// times in milliseconds since the navigation started (performance.now()):
//
//   visible: the lesson title is painted and on top: elementFromPoint at
//            the centre of "#lesson h1" hits the title or something inside
//            #lesson (a full-screen loader would hit the loader instead);
//   lcp:     the last largest-contentful-paint entry (lcps: how many);
//   cls:     the layout shifts not caused by input, added up;
//   tti:     the calculator first reacts to a slider change: once the first
//            slider is enabled, it is set to another valid value and sent an
//            "input" event every ~10 ms until the result text changes;
//   app:     the app runs, so every control answers: the quiz's first
//            "정답 확인" button is in the page and enabled (only the wasm
//            enables it; the calculator may answer earlier, from
//            web/early-answers.js).
(() => {
  if (!/^https?:$/.test(location.protocol)) {
    return; // about:blank between visits
  }
  const bench = (window.__bench = { visible: null, tti: null, app: null, lcp: -1, lcps: 0, cls: 0 });

  // Checked at every change to the page until it holds.
  const appRuns = new MutationObserver(() => {
    const check = document.querySelector(".question-check");
    if (check && !check.disabled) {
      bench.app = performance.now();
      appRuns.disconnect();
    }
  });
  appRuns.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["disabled"] });

  // Largest contentful paint: the last entry counts (a later one means a
  // larger or new element was painted, e.g. the lesson mounted again).
  // Layout shifts not caused by input add up to the CLS.
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) { bench.lcp = e.startTime; bench.lcps++; }
    }).observe({ type: "largest-contentful-paint", buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) bench.cls += e.value;
    }).observe({ type: "layout-shift", buffered: true });
  } catch (e) { /* not supported: stays -1 and 0 */ }

  // Every animation frame from the earliest one, until the title is on top.
  const checkVisible = () => {
    const h1 = document.querySelector("#lesson h1");
    if (h1) {
      const r = h1.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) {
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        const lesson = document.getElementById("lesson");
        if (hit && (hit === h1 || (lesson && lesson.contains(hit)))) {
          bench.visible = performance.now();
          return;
        }
      }
    }
    requestAnimationFrame(checkVisible);
  };
  requestAnimationFrame(checkVisible);

  // The result text seen when the slider was first poked, and the value it
  // is poked to (another step of the grid, so the result must change).
  let baseline = null;
  let target = null;
  const changed = () => {
    if (bench.tti !== null || baseline === null) {
      return;
    }
    const out = document.querySelector(".calculator-number");
    if (out && out.textContent !== baseline) {
      bench.tti = performance.now();
      clearInterval(timer);
      observer.disconnect();
    }
  };
  // The observer catches the change the moment it happens; the interval
  // keeps poking until it does.
  const observer = new MutationObserver(changed);
  const poke = () => {
    changed();
    if (bench.tti !== null) {
      return;
    }
    const input = document.querySelector("input.slider-input");
    const out = document.querySelector(".calculator-number");
    if (!input || !out || input.disabled) {
      return;
    }
    if (baseline === null) {
      baseline = out.textContent;
      const min = Number(input.min), step = Number(input.step) || 1;
      target = String(Number(input.value) === min ? min + step : min);
      observer.observe(document, { subtree: true, childList: true, characterData: true });
    }
    input.value = target;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  };
  const timer = setInterval(poke, 10);
})();
