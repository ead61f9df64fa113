// wasm-start.js runs before go-app's scripts. It starts the wasm with the
// page, not after it, and keeps go-app's loader up until the app says it
// has mounted (lessonContract.mounted). Its <script> carries the wasm's
// URL in data-wasm.
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

  // Go's start first runs in a worker (web/wasm-warm.js, data-warm), which
  // compiles the functions it calls there, off this thread: V8 shares the
  // module's compiled code. The page waits for it (~0.1–0.2 s at 4× CPU,
  // while the page answers input) and then starts Go with those functions
  // compiled; without a worker, or if it does not answer in time, the page
  // starts Go as before.
  function warmUp(module) {
    if (!data.warm || !data.exec || typeof Worker !== "function") return Promise.resolve();
    return new Promise((resolve) => {
      let worker = null;
      let timer = 0;
      const done = () => {
        clearTimeout(timer);
        if (worker) worker.terminate();
        resolve();
      };
      timer = setTimeout(done, 2000);
      try {
        worker = new Worker(new URL(data.warm, document.baseURI).href);
        worker.onmessage = done;
        worker.onerror = done;
        worker.postMessage({ module, exec: new URL(data.exec, document.baseURI).href });
      } catch (err) {
        done();
      }
    });
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
