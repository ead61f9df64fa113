// make dev's service worker: it caches nothing, so every reload shows the
// latest build, and it removes the caches a real build's worker left.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(keys.map((k) => caches.delete(k)))));
});
