// The lesson's service worker (a go-app template: the build fills in the
// version and the list of files). One cache per version, filled completely
// before the version takes over, so a page never mixes files of two builds.
const cacheName = "lesson-" + "{{.Version}}";
const resourcesToCache = {{.ResourcesToCache}};

self.addEventListener("install", (event) => {
  // waitUntil: if any file fails, this version is discarded and the old one
  // keeps serving. Files whose names carry a content hash may come from the
  // HTTP cache (the page has just downloaded them); the others skip it, as
  // a host's cache may still hold the previous build's copy.
  event.waitUntil((async () => {
    const cache = await caches.open(cacheName);
    const hashed = /\.[0-9a-f]{10}\.[a-z0-9]+$/;
    try {
      await cache.addAll(resourcesToCache.map((url) => new Request(url, { cache: hashed.test(url) ? "default" : "reload" })));
    } catch (err) {
      await caches.delete(cacheName); // leave no half-filled version behind
      throw err;
    }
  })());
  // No skipWaiting here: an open page keeps its version until the learner
  // accepts the update banner (see the "message" handler).
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key !== cacheName && key.startsWith("lesson-")) {
        await caches.delete(key);
      }
    }
  })());
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "lesson:skip-waiting") {
    self.skipWaiting();
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  event.respondWith((async () => {
    const navigation = request.mode === "navigate";
    // An LMS adds ?launch=… to the page URL: a navigation matches the
    // cached page whatever its query string.
    const hit = await caches.match(request, { cacheName, ignoreSearch: navigation });
    if (hit) {
      return hit;
    }
    try {
      return await fetch(request);
    } catch (err) {
      if (navigation) {
        const shell = await caches.match(new URL("./", self.registration.scope).href, { cacheName });
        if (shell) {
          return shell;
        }
      }
      throw err;
    }
  })());
});
