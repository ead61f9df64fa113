{{- /*
  The service worker's template, a Go text/template: the build
  (internal/site, worker.go) fills in .Groups (the cache groups as JSON)
  and .Fingerprinted (the pattern of names with a content hash, from
  internal/server) and writes it at the site's root as app-worker.js. The
  page's side, which registers this worker and talks to it, is in web/
  beside it. This comment is not written out.
*/ -}}
// The site's service worker: one for a lesson or for a whole course. The
// build fills in the groups: the shared files (wasm, scripts, styles,
// icons), the course home, and each lesson, every group with a version of
// its own (a hash of its files). Each group is one cache, filled completely
// before this worker takes over, so a page never mixes files of two builds;
// a group whose version did not change keeps its cache, so updating one
// lesson leaves the others' offline copies alone.
const groups = {{.Groups}};

// Cache names carry the worker's scope: several sites on one origin (two
// lessons built on their own, a course beside them) never touch each
// other's caches.
const prefix = "golesson:" + self.registration.scope + ":";
const cacheNames = groups.map((g) => prefix + g.name + ":" + g.version);

// fill makes one group's cache complete, or leaves it absent. Cache.addAll
// stores all the responses or none, so a cache holding every file of its
// list is complete, and one that exists but is not (a browser stopped in
// the middle) is emptied and filled again.
async function fill(group, name) {
  const files = group.files;
  if (await caches.has(name)) {
    const have = await (await caches.open(name)).keys();
    if (have.length === files.length) return false;
    await caches.delete(name);
  }
  // Files whose names carry a content hash may come from the HTTP cache
  // (the page has just downloaded them); the others skip it, as a host's
  // cache may still hold the previous build's copy.
  const hashed = /{{.Fingerprinted}}/;
  const cache = await caches.open(name);
  try {
    await cache.addAll(files.map((url) => new Request(url, { cache: hashed.test(url) ? "default" : "reload" })));
  } catch (err) {
    await caches.delete(name); // leave no half-filled group behind
    throw err;
  }
  return true;
}

self.addEventListener("install", (event) => {
  // waitUntil: if any group fails, this version is discarded (with the
  // groups it had to download) and the old one keeps serving.
  event.waitUntil((async () => {
    const fresh = [];
    try {
      for (let i = 0; i < groups.length; i++) {
        if (await fill(groups[i], cacheNames[i])) fresh.push(cacheNames[i]);
      }
    } catch (err) {
      for (const name of fresh) await caches.delete(name);
      throw err;
    }
  })());
  // No skipWaiting here: an open page keeps its version until the learner
  // accepts the update banner (see the "message" handler).
});

// legacy reports whether a cache was made by this site's earlier worker,
// which named its one cache "lesson-<version>": it holds this scope's page.
async function legacy(key) {
  if (!/^lesson-[0-9a-f]+$/.test(key)) return false;
  return !!(await (await caches.open(key)).match(self.registration.scope));
}

self.addEventListener("activate", (event) => {
  // Only this scope's caches of other versions go: an unchanged group's
  // cache is in cacheNames and stays.
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if ((key.startsWith(prefix) && !cacheNames.includes(key)) || await legacy(key)) {
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

async function lookup(request, options) {
  for (const name of cacheNames) {
    const hit = await (await caches.open(name)).match(request, options);
    if (hit) return hit;
  }
  return undefined;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  event.respondWith((async () => {
    const navigation = request.mode === "navigate";
    // An LMS adds ?launch=… to the page URL: a navigation matches the
    // cached page whatever its query string.
    const hit = await lookup(request, { ignoreSearch: navigation });
    if (hit) {
      return hit;
    }
    try {
      return await fetch(request);
    } catch (err) {
      if (navigation) {
        // A lesson's folder without its slash goes to the folder, as the
        // server does (the page's relative URLs need the slash); any other
        // page to the site's first page.
        const url = new URL(request.url);
        url.search = "";
        if (!url.pathname.endsWith("/") && await lookup(url.href + "/")) {
          return Response.redirect(url.href + "/" + new URL(request.url).search, 301);
        }
        const shell = await lookup(new URL("./", self.registration.scope).href);
        if (shell) {
          return shell;
        }
      }
      throw err;
    }
  })());
});
