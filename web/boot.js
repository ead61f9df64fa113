// boot.js runs before go-app's scripts (they are deferred; this one is not).
// It makes browser storage safe to touch and watches for new versions. It
// holds no lesson text: the app's words come from the lesson's content.
(function () {
  "use strict";

  // A storage that works only in memory, for when the real one is refused.
  function memoryStorage() {
    const items = new Map();
    return {
      get length() { return items.size; },
      key(i) { return Array.from(items.keys())[i] ?? null; },
      getItem(k) { return items.has(String(k)) ? items.get(String(k)) : null; },
      setItem(k, v) { items.set(String(k), String(v)); },
      removeItem(k) { items.delete(String(k)); },
      clear() { items.clear(); },
    };
  }

  // In a sandboxed iframe or with storage blocked, merely reading
  // window.localStorage throws; go-app reads it at start-up and would never
  // mount. Replace an unreadable storage with one in memory. A full storage
  // (quota) still reads, so it is kept: saved progress stays available.
  for (const name of ["localStorage", "sessionStorage"]) {
    let readable = false;
    try {
      const s = window[name];
      s.getItem("lesson:probe");
      readable = s !== null && s !== undefined;
    } catch (e) {
      readable = false;
    }
    if (!readable) {
      try {
        Object.defineProperty(window, name, { value: memoryStorage(), configurable: true });
      } catch (e) { /* nothing more can be done; the app guards its own calls */ }
    }
  }

  // lessonStore is what the app calls: it never throws. When a write fails
  // (quota, private mode) the value is kept in memory for this visit.
  const memory = new Map();
  window.lessonStore = {
    get(key) {
      if (memory.has(key)) return memory.get(key);
      try { return window.localStorage.getItem(key); } catch (e) { return null; }
    },
    set(key, value) {
      try {
        window.localStorage.setItem(key, value);
        memory.delete(key);
        return true;
      } catch (e) {
        memory.set(key, value);
        return false;
      }
    },
    remove(key) {
      memory.delete(key);
      try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ }
    },
    keys() {
      const out = new Set(memory.keys());
      try {
        const s = window.localStorage;
        for (let i = 0; i < s.length; i++) out.add(s.key(i));
      } catch (e) { /* ignore */ }
      return Array.from(out);
    },
  };

  // Start the wasm now. go-app's app.js is deferred: it would ask for the
  // wasm only once the whole page is parsed and the scripts before it have
  // run. Here the download starts as the head is read, the browser's
  // streaming compile as soon as the page is parsed (compiling earlier
  // takes the main thread from the parser, and the lesson is then painted
  // in pieces), and go-app's loader is handed the compiled module.
  // Exactly one request for the wasm is made: the one below (a <link
  // rel=preload> is not reused by WebKit's fetch(), which downloaded it
  // twice).
  const wasmSrc = document.currentScript && document.currentScript.dataset.wasm;
  const wanted = !/bot|googlebot|crawler|spider|robot|crawling/i.test(navigator.userAgent) &&
    new URLSearchParams(location.search).get("wasm") !== "false"; // as go-app's app.js decides
  let early = null; // the compiled module, until go-app takes it
  if (wasmSrc && wanted && typeof WebAssembly === "object" && typeof WebAssembly.compileStreaming === "function") {
    const wasmURL = new URL(wasmSrc, document.baseURI).href;
    const download = fetch(wasmURL);
    download.catch(() => { /* reported when go-app asks for it */ });
    const parsed = new Promise((resolve) => {
      if (document.readyState !== "loading") resolve();
      else document.addEventListener("readystatechange", resolve, { once: true });
    });
    early = parsed.then(() => WebAssembly.compileStreaming(download));
    early.catch(() => { /* reported when go-app asks for it */ });
    // go-app's loader fetches the wasm itself and reads the body for its
    // progress: answer that one request with an empty body instead of a
    // second download; instantiateStreaming below ignores it.
    const realFetch = window.fetch;
    window.fetch = function (input, init) {
      if (early && typeof input === "string" && new URL(input, document.baseURI).href === wasmURL) {
        window.fetch = realFetch;
        return Promise.resolve(new Response(new Uint8Array(0), { headers: { "Content-Type": "application/wasm" } }));
      }
      return realFetch.call(this, input, init);
    };
  }

  // go-app removes its loader as soon as the Go program first pauses,
  // which the app does on purpose before it mounts (to keep tasks short):
  // keep the loader until the page says it has mounted
  // (window.lessonMounted, from its OnMount) or the load failed.
  const whenMounted = [];
  function dropLoader() {
    const l = document.getElementById("app-wasm-loader");
    if (l) Element.prototype.remove.call(l);
  }
  whenMounted.push(dropLoader);
  window.lessonMounted = () => { for (const f of whenMounted) f(); };
  document.addEventListener("readystatechange", () => {
    const l = document.getElementById("app-wasm-loader");
    if (l) l.remove = function () { /* dropLoader removes it */ };
  }, { once: true });

  // A failed or cut-off wasm download leaves go-app's loader showing a raw
  // error. Show the learner a calm note in the lesson's language with a
  // retry button instead; the prerendered lesson stays readable under it.
  const instantiate = WebAssembly.instantiateStreaming;
  if (typeof instantiate === "function") {
    WebAssembly.instantiateStreaming = async function (source, imports) {
      try {
        if (early) {
          const module = await early;
          early = null;
          return { module, instance: await WebAssembly.instantiate(module, imports) };
        }
        return await instantiate.call(WebAssembly, source, imports);
      } catch (err) {
        showLoadFailure();
        throw err;
      }
    };
  }
  function uiWords() {
    try { return JSON.parse((document.getElementById("lesson-data") || document.getElementById("course-data")).textContent).ui || {}; } catch (e) { return {}; }
  }
  function showLoadFailure() {
    const ui = uiWords();
    dropLoader();
    if (document.querySelector(".load-failed")) return;
    const box = document.createElement("div");
    box.className = "load-failed";
    box.setAttribute("role", "alert");
    const text = document.createElement("span");
    text.textContent = ui.loadFailed || "";
    const retry = document.createElement("button");
    retry.type = "button";
    retry.className = "load-retry";
    retry.textContent = ui.retry || "↻";
    retry.addEventListener("click", () => location.reload());
    box.append(text, retry);
    document.body.append(box);
  }

  // Updates. go-app's worker would take over open pages at once; ours waits
  // (see app-worker.js). When a new version has been fully downloaded and
  // waits, tell the app, which shows its banner; accepting it activates the
  // new worker and reloads, so a page never mixes two versions.
  if (!("serviceWorker" in navigator)) return;
  let registration = null;

  // Register the worker once the app runs (or after 5 s): its precaching
  // would otherwise compete with the wasm's download and compilation.
  let mounted;
  const appStarted = new Promise((resolve) => { mounted = resolve; setTimeout(resolve, 5000); });
  whenMounted.push(() => mounted());
  const register = navigator.serviceWorker.register.bind(navigator.serviceWorker);
  // In a frame of another site the browser refuses workers (or partitions
  // them away from the lesson's own tab), and each refusal is a console
  // error on the LMS page: offline use is for the lesson's own tab.
  let crossSiteFrame = false;
  try { crossSiteFrame = window.self !== window.top && !window.top.location.href; } catch (e) { crossSiteFrame = true; }
  try {
    Object.defineProperty(navigator.serviceWorker, "register", {
      configurable: true,
      value: (url, options) => crossSiteFrame ? new Promise(() => {}) : appStarted.then(() => register(url, options)),
    });
  } catch (e) { /* keep the browser's own */ }

  function announce() {
    if (typeof window.goappOnUpdate === "function") window.goappOnUpdate();
  }

  // serviceWorker.ready resolves once a worker is active, so every worker found after it
  // is a new version. (A first visit's page is not controlled by the worker,
  // and then a new version activates at once instead of waiting: it is
  // announced all the same, for the page still runs the old one.)
  function watch(reg) {
    registration = reg;
    if (reg.waiting) announce();
    reg.addEventListener("updatefound", () => {
      const w = reg.installing;
      if (!w) return;
      w.addEventListener("statechange", () => {
        if (w.state === "installed" || w.state === "activated") announce();
      });
    });
  }

  window.lessonApplyUpdate = function () {
    const waiting = registration && registration.waiting;
    if (!waiting) {
      location.reload();
      return;
    }
    waiting.addEventListener("statechange", () => {
      if (waiting.state === "activated") location.reload();
    });
    waiting.postMessage({ type: "lesson:skip-waiting" });
  };

  // A page left open asks now and then, and when the network comes back.
  window.lessonCheckForUpdate = function () {
    if (registration) registration.update().catch(() => { /* offline: try later */ });
  };
  window.addEventListener("online", window.lessonCheckForUpdate);
  setInterval(window.lessonCheckForUpdate, 30 * 60 * 1000);

  navigator.serviceWorker.ready.then(watch).catch(() => { /* no worker: no updates */ });
})();
