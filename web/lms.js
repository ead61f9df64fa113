// lms.js runs before go-app's scripts. It connects the lesson to whatever
// embeds it: an LMS iframe (auto-height, xAPI results) or a SCORM 1.2
// runtime (score, status, suspend data, session time). Standalone, it does
// nothing. What is reported is decided in app/progress/lms.go; this file
// only talks to the LMS, carefully. It defines lessonContract.lms.
(function () {
  "use strict";
  const C = window.lessonContract;
  // Before a scroll to a place in the lesson: no section above it may be
  // on an estimated height (lazy-layout.js lays the lesson out in steps).
  const layOut = () => { if (typeof window[C.layOut] === "function") window[C.layOut](); };

  const params = new URLSearchParams(location.search);
  let framed = true;
  try { framed = window.self !== window.top; } catch (e) { framed = true; }
  const embedded = framed || params.get("embed") === "1";
  if (embedded) document.documentElement.classList.add("is-embedded");

  // ---- The learner, as the host names them ---------------------------------
  // An xAPI Agent with exactly one identifier; anything else is ignored.
  const iri = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;
  function agent(a) {
    if (!a || typeof a !== "object" || Array.isArray(a)) return null;
    const ids = ["mbox", "mbox_sha1sum", "openid", "account"].filter((k) => a[k] !== undefined);
    if (ids.length !== 1) return null;
    const out = { objectType: "Agent" };
    if (typeof a.name === "string" && a.name !== "") out.name = a.name;
    const k = ids[0], v = a[k];
    if (k === "mbox" && typeof v === "string" && /^mailto:[^@\s]+@[^@\s]+$/.test(v)) out.mbox = v;
    else if (k === "mbox_sha1sum" && typeof v === "string" && /^[0-9a-f]{40}$/i.test(v)) out.mbox_sha1sum = v;
    else if (k === "openid" && typeof v === "string" && iri.test(v)) out.openid = v;
    else if (k === "account" && v && typeof v.homePage === "string" && iri.test(v.homePage) && typeof v.name === "string" && v.name !== "") out.account = { homePage: v.homePage, name: v.name };
    else return null;
    return out;
  }
  let actor = null;
  if (params.has("actor")) {
    try { actor = agent(JSON.parse(params.get("actor"))); } catch (e) { actor = null; }
    if (!actor) console.warn("lesson: ignoring ?actor=, which is not an xAPI Agent with one identifier");
  }

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
  function initialize() {
    try { return String(api.LMSInitialize("")) === "true"; } catch (e) { return false; }
  }
  const scorm = !!api && initialize();
  // Under SCORM the LMS moves between lessons (each is its own SCO): the
  // lesson's own previous and next links are hidden (lesson.css).
  if (scorm) document.documentElement.classList.add("is-scorm");
  // live: the session is open. After LMSFinish nothing more is sent (a
  // strict LMS logs every call after it as an error), until a restore from
  // the back/forward cache opens a new session.
  let live = scorm;
  function get(k) { try { return String(api.LMSGetValue(k) ?? ""); } catch (e) { return ""; } }
  // sent holds what the LMS accepted, so a value is set once, and a refused
  // one is tried again with the next change. The lesson keeps working and
  // keeps its copy on the device whatever the LMS answers.
  const sent = new Map();
  const refused = [];
  function set(k, v) {
    v = String(v);
    if (!live || sent.get(k) === v) return false;
    let ok = false;
    try { ok = String(api.LMSSetValue(k, v)) === "true"; } catch (e) { ok = false; }
    if (ok) { sent.set(k, v); return true; }
    let code = "";
    try { code = String(api.LMSGetLastError()); } catch (e) { /* ignore */ }
    refused.push(k + " " + code);
    console.warn("lesson: the LMS refused " + k + " (error " + code + "); the lesson keeps its copy on this device");
    return false;
  }
  // Commits are synchronous requests in many runtimes: one when something a
  // teacher sees changed (status, score), and the rest at the end.
  let dirty = false;
  let commits = 0;
  function commit() {
    if (!live) return;
    let ok = false;
    try { ok = String(api.LMSCommit("")) === "true"; } catch (e) { ok = false; }
    commits++;
    if (ok) dirty = false;
  }

  // CMITimespan, HHHH:MM:SS.SS.
  function timespan(ms) {
    const cs = Math.min(Math.floor(ms / 10), 9999 * 360000 + 359999);
    const pad = (n, w) => String(n).padStart(w, "0");
    return pad(Math.floor(cs / 360000), 4) + ":" + pad(Math.floor(cs / 6000) % 60, 2) + ":" + pad(Math.floor(cs / 100) % 60, 2) + "." + pad(cs % 100, 2);
  }
  let started = Date.now();

  // What the LMS had at launch; app/progress/lms.go never reports worse.
  const record = { status: "", score: "", mastery: "", actor: actor };
  if (scorm) {
    // The LMS owns this origin: no service worker for it. go-app registers
    // one unconditionally; answer with a registration that never comes.
    if ("serviceWorker" in navigator) {
      try {
        Object.defineProperty(navigator.serviceWorker, "register", { value: () => new Promise(() => {}), configurable: true });
      } catch (e) { /* ignore */ }
    }
    record.status = get("cmi.core.lesson_status");
    record.score = get("cmi.core.score.raw");
    record.mastery = get("cmi.student_data.mastery_score");
    if (!record.actor) {
      const id = get("cmi.core.student_id");
      if (id) record.actor = agent({ name: get("cmi.core.student_name") || undefined, account: { homePage: location.origin, name: id } });
    }
    for (const k of ["cmi.core.lesson_status", "cmi.core.score.raw", "cmi.suspend_data", "cmi.core.lesson_location"]) {
      const v = get(k);
      if (v !== "") sent.set(k, v);
    }
    if (record.status === "" || record.status === "not attempted") {
      if (set("cmi.core.lesson_status", "incomplete")) commit();
    }

    function finish() {
      if (!live) return;
      set("cmi.core.session_time", timespan(Date.now() - started));
      set("cmi.core.exit", "suspend");
      commit();
      try { api.LMSFinish(""); } catch (e) { /* ignore */ }
      live = false;
    }
    window.addEventListener("pagehide", finish);
    window.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden" && dirty) commit();
    });
    // Back from the back/forward cache after pagehide finished the session:
    // open a new one if the LMS allows it (the learner's work is reported
    // again), else keep working on the device only.
    window.addEventListener("pageshow", (event) => {
      if (!event.persisted || live) return;
      if (initialize()) {
        live = true;
        started = Date.now();
        sent.delete("cmi.core.session_time");
        sent.delete("cmi.core.exit");
      }
    });

    // lesson_location: the section the learner was reading.
    const location0 = get("cmi.core.lesson_location");
    if (location0) {
      document.addEventListener("DOMContentLoaded", () => {
        const el = document.getElementById(location0);
        if (!el) return;
        layOut();
        el.scrollIntoView();
      });
    }
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
        if (current && set("cmi.core.lesson_location", current.slice(0, 255))) dirty = true;
      }, 400);
    }, { passive: true });

    // "새 탭에서 열기": the SCO's own page, which works on any host. It runs
    // there on the device only (no opener, so no LMS API); tracking stays
    // with this window. go-app re-renders the link, so set it when used.
    const ownURL = location.href.split("#")[0];
    const retarget = (event) => {
      const a = event.target instanceof Element ? event.target.closest("a.open-tab") : null;
      if (a && a.getAttribute("href") !== ownURL) a.setAttribute("href", ownURL);
    };
    for (const type of ["pointerdown", "focusin", "click"]) document.addEventListener(type, retarget, true);
    document.addEventListener("DOMContentLoaded", () => {
      for (const a of document.querySelectorAll("a.open-tab")) a.setAttribute("href", ownURL);
    });
  }

  // ---- Messages to the embedding page -------------------------------------
  function post(msg) {
    if (!framed) return;
    try { window.parent.postMessage(msg, "*"); } catch (e) { /* ignore */ }
  }

  // What the app calls (app/jsapi). Every method is safe to call
  // standalone: it then does nothing.
  window[C.lms] = {
    embedded: embedded,
    scorm: scorm,
    record() { return JSON.stringify(record); },
    suspendData() { return scorm && live ? get("cmi.suspend_data") : ""; },
    statement(json) {
      let statement;
      try { statement = JSON.parse(json); } catch (e) { return; }
      post({ context: "golesson", type: "xapi", statement: statement });
    },
    // progress gets the record to report (score -1: none yet) and the
    // suspend data ("" when it would not fit: the LMS keeps its copy).
    progress(suspendData, score, status) {
      if (!live) return;
      let seen = false;
      if (suspendData !== "" && set("cmi.suspend_data", suspendData)) dirty = true;
      if (score >= 0) {
        set("cmi.core.score.min", 0);
        set("cmi.core.score.max", 100);
        if (set("cmi.core.score.raw", score)) seen = true;
      }
      if (status && set("cmi.core.lesson_status", status)) seen = true;
      if (seen) commit();
    },
    // For tests and for the curious: how the LMS conversation went.
    stats() { return { live: live, commits: commits, dirty: dirty, refused: refused.slice() }; },
  };

  if (!framed) return;

  // ---- Auto-height -----------------------------------------------------------
  // The height is the document's own: html has no fixed height, so it is the
  // content's height whatever the iframe's. Sent on every change (fonts,
  // math, the wasm mounting, quiz feedback), in two dialects: Canvas, Sakai
  // and Brightspace read lti.frameResize; H5P hosts (Moodle, WordPress,
  // Drupal) run h5p-resizer.js, which speaks H5P's protocol:
  //   lesson → hello; host → hello (and resize when its window resizes);
  //   lesson → prepareResize {scrollHeight, clientHeight}; the host sets
  //   the iframe to clientHeight and answers resizePrepared, unless the
  //   iframe already is scrollHeight tall and both agree;
  //   lesson → resize {scrollHeight}; the host sets the iframe to it.
  // The host also sends ready when it loads; the lesson answers hello, and
  // says hello again with each change until a host answers, as H5P does.
  let h5p = false;
  let sent_ = -1;
  function height() { return Math.ceil(document.documentElement.getBoundingClientRect().height); }
  function send() {
    const h = height();
    if (h === sent_) return;
    sent_ = h;
    post({ subject: "lti.frameResize", height: h });
    // Both heights are the content's: the host's first step then already
    // sets the final height, with no collapse to the iframe's viewport.
    if (h5p) post({ context: "h5p", action: "prepareResize", scrollHeight: h, clientHeight: h });
    else post({ context: "h5p", action: "hello" });
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
    if (d.action === "ready") post({ context: "h5p", action: "hello" });
    else if (d.action === "hello") { h5p = true; sent_ = -1; queue(); }
    else if (d.action === "resizePrepared") post({ context: "h5p", action: "resize", scrollHeight: height() });
    else if (d.action === "resize") { sent_ = -1; queue(); }
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
      layOut();
      target.scrollIntoView({ block: "start" });
      if (target.hasAttribute("tabindex")) target.focus({ preventScroll: true });
    }
  }, true);
})();
