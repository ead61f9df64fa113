// storage-guard.js runs before go-app's scripts (they are deferred; this
// one is not): it makes browser storage safe to touch, and defines the
// store the app keeps progress in (lessonContract.store).
(function () {
  "use strict";
  const C = window.lessonContract;

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

  // The store never throws. When a write fails (quota, private mode) the
  // value is kept in memory for this visit.
  const memory = new Map();
  window[C.store] = {
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
})();
