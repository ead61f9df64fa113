// updates.js runs before go-app's scripts: the service worker's client
// half (the worker is internal/site/app-worker.js). go-app's worker would
// take over open pages at once; ours waits. When a new version has been
// fully downloaded and waits, it tells the app (lessonContract.onUpdate),
// which shows its banner; accepting it (lessonContract.applyUpdate)
// activates the new worker and reloads, so a page never mixes two versions.
(function () {
  "use strict";
  const C = window.lessonContract;
  if (!("serviceWorker" in navigator)) return;
  let registration = null;

  // Register the worker once the app runs (or after 5 s): its precaching
  // would otherwise compete with the wasm's download and compilation.
  const appStarted = new Promise((resolve) => {
    window.addEventListener(C.mountedEvent, () => resolve(), { once: true });
    setTimeout(resolve, 5000);
  });
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
    if (typeof window[C.onUpdate] === "function") window[C.onUpdate]();
  }

  // serviceWorker.ready resolves once a worker is active, so every worker
  // found after it is a new version. (A first visit's page is not
  // controlled by the worker, and then a new version activates at once
  // instead of waiting: it is announced all the same, for the page still
  // runs the old one.)
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

  window[C.applyUpdate] = function () {
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
  const check = window[C.checkForUpdate] = function () {
    if (registration) registration.update().catch(() => { /* offline: try later */ });
  };
  window.addEventListener("online", check);
  setInterval(check, 30 * 60 * 1000);

  navigator.serviceWorker.ready.then(watch).catch(() => { /* no worker: no updates */ });
})();
