// early-answers.js runs before go-app's scripts, after contract.js. It
// paints the calculators' sliders in the input event itself, from what the
// prerendered page carries (each calculator's data-factor, each slider's
// data-key, min, max and step), as app/ui/calculator.go renders them; the
// e2e test TestEarlyAnswers checks both give the same text.
//
// On a tablet's CPU the wasm answers seconds after the lesson is readable:
// until it does, this script answers alone, announces each change and keeps
// the values moved. The app takes them (lessonContract.early) when it
// starts and again as it mounts, and saves them as if moved in the app.
// Once the app has mounted (lessonContract.mountedEvent) it saves and
// announces; this script goes on painting, so a drag shows each step
// within its frame (go-app renders a frame or two later).
(function () {
  "use strict";
  const C = window.lessonContract;
  const moved = {}; // slider key → value, of the sliders moved before the app
  let appRuns = false;

  window[C.early] = { sliders: () => JSON.stringify(moved) };

  // Changes el's text in place: the text node go-app adopts and updates on
  // its renders (a value saved in another tab, say) stays the one shown.
  const setText = (el, text) => {
    const n = el.firstChild;
    if (n && n.nodeType === Node.TEXT_NODE) n.nodeValue = text;
    else el.textContent = text;
  };

  // "4194304" → "4,194,304", as lesson.FormatInt writes it.
  const format = (n) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");

  function calculator(calc) {
    const inputs = [...calc.querySelectorAll("input.slider-input[data-key]")];
    const result = document.getElementById(calc.id + "-result");
    const announce = document.getElementById(calc.id + "-announce");
    const label = calc.querySelector(".calculator-result strong");
    const value = calc.querySelector(".calculator-value");
    let factor;
    try {
      factor = BigInt(calc.dataset.factor); // exact, as Go's int64 product
    } catch (e) {
      return; // not a calculator this script knows: the app answers it
    }
    if (inputs.length === 0 || !result) return;
    // What the app renders for the values: the moved slider's number and
    // spoken value, and the result; with spoken, the announcement too.
    const paint = (input, spoken) => {
      const v = input.value;
      const name = document.querySelector('label[for="' + input.id + '"]');
      const shown = document.getElementById(input.id + "-value");
      if (shown) setText(shown, v);
      if (name) input.setAttribute("aria-valuetext", name.textContent + " " + v);
      setText(result, format(inputs.reduce((n, i) => n * BigInt(i.value), factor)));
      if (spoken && announce && label && value) setText(announce, label.textContent + " " + value.textContent);
    };
    for (const input of inputs) {
      input.addEventListener("input", () => {
        if (!appRuns) moved[input.dataset.key] = Number(input.value);
        paint(input, false);
      });
      input.addEventListener("change", () => paint(input, !appRuns));
      input.disabled = false;
    }
  }

  // As soon as the page is parsed (before DOMContentLoaded, which waits on
  // go-app's deferred scripts), and before wasm-start.js begins compiling.
  const start = () => document.querySelectorAll("section.calculator[data-factor]").forEach(calculator);
  if (document.readyState !== "loading") start();
  else document.addEventListener("readystatechange", start, { once: true });

  window.addEventListener(C.mountedEvent, () => { appRuns = true; }, { once: true });
})();
