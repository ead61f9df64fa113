// wasm-start.js runs before go-app's scripts. It starts the wasm with the
// page, not after it, runs Go's start first in a worker, and keeps go-app's
// loader up until the app says it has mounted (lessonContract.mounted). Its
// <script> carries the URLs of the wasm (data-wasm), of that worker
// (data-warm) and of go-app's wasm_exec.js, which the worker loads
// (data-exec).
(function () {
  "use strict";
  const C = window.lessonContract;

  // go-app's app.js is deferred: it would ask for the wasm only once the
  // whole page is parsed and the scripts before it have run. Here the
  // download starts as the head is read, the browser's streaming compile
  // as soon as the page is parsed (compiling earlier takes the main thread
  // from the parser, and the lesson is then painted in pieces), and
  // go-app's loader is handed the compiled module. Exactly one request for
  // the wasm is made: the one below (a <link rel=preload> is not reused by
  // WebKit's fetch(), which downloaded it twice).
  const data = (document.currentScript && document.currentScript.dataset) || {};
  const wasmSrc = data.wasm;
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
    early = parsed.then(() => WebAssembly.compileStreaming(inSlices(download)));
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
  // The browser decodes a streamed wasm on the main thread as its bytes
  // arrive. From loopback or the service worker's cache they all arrive at
  // once, and 7 MB were decoded in one task of ~0.4 s on a tablet-class CPU
  // (4× throttled), which held back the paint of the first answer. Handed
  // over in slices, one per task, the decode runs in short tasks with the
  // page's own work between them. A failed download stays a failed
  // compile, as before.
  function inSlices(download) {
    const slice = 512 << 10; // ~30 ms of decoding at 4× CPU
    return download.then((res) => {
      if (!res.ok || !res.body || typeof ReadableStream !== "function") return res;
      const reader = res.body.getReader();
      const body = new ReadableStream({
        async pull(out) {
          const { done, value } = await reader.read();
          if (done) { out.close(); return; }
          for (let i = 0; i < value.length; i += slice) {
            if (i > 0) await turn();
            out.enqueue(value.subarray(i, i + slice));
          }
          await turn();
        },
        cancel(reason) { return reader.cancel(reason); },
      });
      return new Response(body, { status: res.status, headers: res.headers });
    });
  }

  // A turn of the event loop: a message, which unlike setTimeout is not
  // clamped to 4 ms.
  function turn() {
    return new Promise((resolve) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => resolve();
      ch.port2.postMessage(0);
    });
  }

  // Go's start first runs in a worker (web/wasm-warm.js), which compiles
  // the functions it calls there, off this thread: V8 compiles a wasm
  // function on its first call, on the calling thread, and shares the code
  // with the page's instance. The worker starts with the page and loads
  // wasm_exec.js while the wasm downloads. Once the module is compiled the
  // worker runs it, and the page starts its own Go when the worker's has
  // ended (2 s at most), so it finds what it calls compiled. Not as soon as
  // the worker's has started: on a CPU as fast for both threads the page
  // catches up with the worker and compiles beside it, in its own long
  // tasks (Lighthouse's traces showed it). Only in Chromium
  // (navigator.userAgentData): Firefox compiles a module before it runs,
  // WebKit in the background, and there the worker would only cost time.
  // Its outcome is marked ("lesson:warm-up": ran, failed or timed out) for
  // DevTools and the tests.
  let warm = null; // { worker, ended }, until the module is sent
  if (early && data.warm && data.exec && typeof Worker === "function" && navigator.userAgentData) {
    try {
      const worker = new Worker(new URL(data.warm, document.baseURI).href);
      let end = null;
      const ended = new Promise((resolve) => { end = resolve; });
      worker.onmessage = (e) => end(e.data === "ran" ? "ran" : "failed");
      worker.onerror = () => end("failed");
      worker.onmessageerror = () => end("failed");
      worker.postMessage({ exec: new URL(data.exec, document.baseURI).href });
      warm = { worker, ended };
      // A wasm that fails to compile is never handed over: stop the worker.
      early.catch(() => {
        if (warm) warm.worker.terminate();
        warm = null;
      });
    } catch (err) {
      warm = null; // no worker here (e.g. a sandboxed frame): start as before
    }
  }
  // warmUp hands the module to the worker and resolves when the page may
  // start Go.
  function warmUp(module) {
    const w = warm;
    warm = null;
    if (!w) return Promise.resolve();
    // The page's data goes too: the program decodes it there before it
    // finds it has no page, and the decoder compiles there.
    const el = document.getElementById(C.lessonData) || document.getElementById(C.courseData);
    const copy = el ? { global: C.warmData, id: el.id, text: el.textContent } : null;
    try {
      w.worker.postMessage({ module, data: copy });
    } catch (err) {
      // A module that cannot be sent: no answer comes; the timers end it.
    }
    const after = (ms, value) => {
      let timer = 0;
      const p = new Promise((resolve) => { timer = setTimeout(() => resolve(value), ms); });
      return { p, stop: () => clearTimeout(timer) };
    };
    const limit = after(5000, "timed out");
    Promise.race([w.ended, limit.p]).then((outcome) => {
      limit.stop();
      w.worker.terminate();
      if (performance.mark) performance.mark("lesson:warm-up", { detail: outcome });
    });
    const wait = after(2000);
    return Promise.race([w.ended, wait.p]).then(() => wait.stop());
  }

  const instantiate = WebAssembly.instantiateStreaming;
  if (typeof instantiate === "function") {
    WebAssembly.instantiateStreaming = async function (source, imports) {
      if (early) {
        const module = await early;
        early = null;
        await warmUp(module);
        // The compile's end, the instantiation and Go's start each get a
        // task of their own (go-app runs the instance as this returns).
        await turn();
        const instance = await WebAssembly.instantiate(module, imports);
        await turn();
        return { module, instance };
      }
      return instantiate.call(WebAssembly, source, imports);
    };
  }

  // go-app removes its loader as soon as the Go program first pauses,
  // which the app does on purpose before it mounts (to keep tasks short):
  // keep the loader until the page says it has mounted.
  window[C.mounted] = () => window.dispatchEvent(new Event(C.mountedEvent));
  window.addEventListener(C.mountedEvent, () => {
    const l = document.getElementById("app-wasm-loader");
    if (l) Element.prototype.remove.call(l);
  }, { once: true });
  document.addEventListener("readystatechange", () => {
    const l = document.getElementById("app-wasm-loader");
    if (l) l.remove = function () { /* removed once mounted */ };
  }, { once: true });
})();
