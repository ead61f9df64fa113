// lms.js runs before go-app's scripts. It connects the lesson to whatever
// embeds it: an LMS iframe (auto-height, xAPI-shaped results) or a SCORM 1.2
// runtime (score, status, suspend data). Standalone, it does nothing.
(function () {
  "use strict";

  const params = new URLSearchParams(location.search);
  let framed = true;
  try { framed = window.self !== window.top; } catch (e) { framed = true; }
  const embedded = framed || params.get("embed") === "1";
  if (embedded) document.documentElement.classList.add("is-embedded");

  // ---- SCORM 1.2 -----------------------------------------------------------
  // The API object lives in an ancestor frame (or the opener). Reading a
  // property of a cross-origin window throws, so every step is guarded.
  function findAPI(win) {
    for (let i = 0; win && i < 10; i++) {
      try { if (win.API && typeof win.API.LMSInitialize === "function") return win.API; } catch (e) { /* cross-origin */ }
      let up = null;
      try { up = win.parent; } catch (e) { up = null; }
      if (!up || up === win) break;
      win = up;
    }
    return null;
  }
  let api = framed ? findAPI(window.parent) : null;
  if (!api) {
    try { if (window.opener) api = findAPI(window.opener); } catch (e) { api = null; }
  }
  let scorm = false;
  if (api) {
    try { scorm = String(api.LMSInitialize("")) === "true"; } catch (e) { scorm = false; }
  }
  function get(k) { try { return String(api.LMSGetValue(k) ?? ""); } catch (e) { return ""; } }
  function set(k, v) { try { api.LMSSetValue(k, String(v)); } catch (e) { /* the LMS refused; keep going */ } }
  function commit() { try { api.LMSCommit(""); } catch (e) { /* ignore */ } }

  if (scorm) {
    // The LMS owns this origin: no service worker for it. go-app registers
    // one unconditionally; answer with a registration that never comes.
    if ("serviceWorker" in navigator) {
      try {
        Object.defineProperty(navigator.serviceWorker, "register", { value: () => new Promise(() => {}), configurable: true });
      } catch (e) { /* ignore */ }
    }
    const status = get("cmi.core.lesson_status");
    if (status === "" || status === "not attempted") {
      set("cmi.core.lesson_status", "incomplete");
      commit();
    }
    let finished = false;
    window.addEventListener("pagehide", () => {
      if (finished) return;
      finished = true;
      set("cmi.core.exit", "suspend");
      commit();
      try { api.LMSFinish(""); } catch (e) { /* ignore */ }
    });
    // lesson_location: the section the learner was reading.
    const location0 = get("cmi.core.lesson_location");
    if (location0) {
      document.addEventListener("DOMContentLoaded", () => {
        const el = document.getElementById(location0);
        if (el) el.scrollIntoView();
      });
    }
    let lastSection = location0;
    let pending = false;
    window.addEventListener("scroll", () => {
      if (pending) return;
      pending = true;
      setTimeout(() => {
        pending = false;
        let current = "";
        for (const s of document.querySelectorAll("section.lesson-section")) {
          if (s.getBoundingClientRect().top <= 80) current = s.id; else break;
        }
        if (current && current !== lastSection) {
          lastSection = current;
          set("cmi.core.lesson_location", current.slice(0, 255));
        }
      }, 400);
    }, { passive: true });
  }

  // ---- Messages to the embedding page -------------------------------------
  function post(msg) {
    if (!framed) return;
    try { window.parent.postMessage(msg, "*"); } catch (e) { /* ignore */ }
  }

  // What the app calls (app/ui/lms.go). Every method is safe to call
  // standalone: it then does nothing.
  window.lessonLMS = {
    embedded: embedded,
    scorm: scorm,
    suspendData() { return scorm ? get("cmi.suspend_data") : ""; },
    statement(json) {
      let statement;
      try { statement = JSON.parse(json); } catch (e) { return; }
      post({ context: "golesson", type: "xapi", statement: statement });
    },
    progress(suspendData, raw, status) {
      if (!scorm) return;
      set("cmi.suspend_data", suspendData);
      set("cmi.core.score.min", 0);
      set("cmi.core.score.max", 100);
      set("cmi.core.score.raw", raw);
      set("cmi.core.lesson_status", status);
      commit();
    },
  };

  if (!framed) return;

  // ---- Auto-height -----------------------------------------------------------
  // The height is the document's own: html has no fixed height, so it is the
  // content's height whatever the iframe's. Sent on every change (fonts,
  // math, the wasm mounting, quiz feedback), in two dialects: Canvas, Sakai
  // and Brightspace read lti.frameResize; Moodle's H5P pages speak H5P's.
  let h5p = false;
  let sent = -1;
  function height() { return Math.ceil(document.documentElement.getBoundingClientRect().height); }
  function send() {
    const h = height();
    if (h === sent) return;
    sent = h;
    post({ subject: "lti.frameResize", height: h });
    if (h5p) post({ context: "h5p", action: "prepareResize", scrollHeight: h, clientHeight: document.documentElement.clientHeight });
  }
  let queued = false;
  function queue() {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; send(); });
  }
  window.addEventListener("message", (event) => {
    if (event.source !== window.parent) return;
    const d = event.data;
    if (!d || d.context !== "h5p") return;
    if (d.action === "hello") { h5p = true; sent = -1; queue(); }
    else if (d.action === "resizePrepared") post({ context: "h5p", action: "resize", height: height() });
    else if (d.action === "resize") { sent = -1; queue(); }
  });
  post({ context: "h5p", action: "hello" });
  function observe() {
    new ResizeObserver(queue).observe(document.documentElement);
    queue();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", observe); else observe();
  window.addEventListener("load", queue);
  if (document.fonts) document.fonts.ready.then(queue);

  // ---- History ---------------------------------------------------------------
  // In an iframe, a jump to #section would add an entry to the LMS page's
  // history (and go-app would push one more). Scroll instead.
  window.addEventListener("click", (event) => {
    const a = event.target instanceof Element ? event.target.closest("a[href^='#']") : null;
    if (!a) return;
    const target = document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
    event.preventDefault();
    event.stopPropagation();
    if (target) {
      target.scrollIntoView({ block: "start" });
      if (target.hasAttribute("tabindex")) target.focus({ preventScroll: true });
    }
  }, true);
})();
