// lazy-layout.js runs before the lesson is parsed. While the page starts,
// the browser lays out only the sections on screen; the others are laid
// out one at a time once the page is parsed. Laid out whole as it was
// parsed, the lesson took two tasks of 200–300 ms on a tablet's CPU (4×
// throttled), most of it shaping Korean text nobody sees yet, while the
// wasm started.
//
// A section not laid out yet has an estimated height, so nothing may land
// on one: a deep link, a reload or a back/forward visit (the browser puts
// the reader somewhere down the page) lays the page out whole, as before;
// a click on an in-page link, a fragment change or printing lays out the
// rest at once, before the browser scrolls or prints, and so does a
// script that is about to scroll (lessonContract.layOut: lms.js, taking
// the reader back to where an LMS says they were). When every section
// is laid out, the page is exactly as without this script (lesson.css's
// display: flow-root on the sections keeps their margins the same with
// and without the containment content-visibility brings), and it is
// marked: performance.mark("lesson:laid-out", {detail: how}).
(function () {
  "use strict";
  const C = window.lessonContract;
  window[C.layOut] = () => {}; // laid out whole already, unless below
  // What waits: every section of the lesson, and the mini-lab, which alone
  // took longer to lay out than all the rest. Nested ones wait inside
  // theirs, so each step lays out one of them only.
  const sections = ".lesson-section, .summary, .minilab";
  const nav = performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
  const how = location.hash.length > 1 ? "deep link"
    : nav && nav.type !== "navigate" ? nav.type
    : !(window.CSS && CSS.supports("content-visibility", "auto")) ? "unsupported"
    : "";
  if (how) {
    performance.mark("lesson:laid-out", { detail: "whole (" + how + ")" });
    return;
  }

  const style = document.createElement("style");
  style.textContent = sections + " { content-visibility: auto; contain-intrinsic-size: auto 40rem; }";
  document.head.append(style);

  let left = null; // the sections not laid out yet, once the page is parsed
  const finish = (how) => {
    if (!style.isConnected) return;
    style.remove();
    performance.mark("lesson:laid-out", { detail: how });
  };
  // One section per idle period: its own layout (reading its height makes
  // the browser lay it out now, the others still wait). Idle periods come
  // while the wasm downloads and compiles, and after Go's start: laid out
  // between its steps, the sections delayed the app by a tenth. WebKit has
  // no idle callbacks: there the steps follow each other once the app has
  // mounted (or the page has loaded without it for a few seconds). A page
  // that is never idle still gets a step every 2 s.
  const idle = window.requestIdleCallback ? (f) => requestIdleCallback(f, { timeout: 2000 }) : (f) => setTimeout(f, 0);
  const next = () => {
    if (!style.isConnected) return;
    const s = left.shift();
    if (!s) {
      finish("in steps");
      return;
    }
    if (s.id) {
      style.sheet.insertRule("#" + CSS.escape(s.id) + " { content-visibility: visible; }", style.sheet.cssRules.length);
      void s.offsetHeight;
    }
    idle(next);
  };
  const now = () => finish("at once");
  window[C.layOut] = now;
  const begin = () => {
    if (left) return;
    left = [...document.querySelectorAll(sections)];
    idle(next);
  };
  if (window.requestIdleCallback) {
    document.addEventListener("DOMContentLoaded", begin, { once: true });
  } else {
    window.addEventListener(C.mountedEvent, begin, { once: true });
    window.addEventListener("load", () => setTimeout(begin, 3000), { once: true });
  }
  // On the window, capturing, and registered before the other scripts':
  // before go-app's handlers, lms.js's own in-frame scrolling and the
  // browser's.
  window.addEventListener("click", (e) => {
    const a = e.target instanceof Element && e.target.closest("a[href]");
    if (a && a.hash && a.pathname === location.pathname) now();
  }, true);
  window.addEventListener("hashchange", now);
  window.addEventListener("beforeprint", now);
})();
