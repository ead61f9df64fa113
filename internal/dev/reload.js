// make dev's page script: reload when a new build is served, and show a
// content error in the page until the next good build. The event stream is
// the dev server's, on 127.0.0.1.
(() => {
  "use strict";
  const events = new EventSource("/__dev/events");
  let box = null;
  function show(text) {
    if (!box) {
      box = document.createElement("div");
      box.id = "dev-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;z-index:2000;max-height:50vh;overflow:auto;" +
        "margin:0;padding:1rem;background:#b71c1c;color:#fff;font:14px/1.4 monospace;white-space:pre-wrap";
      document.body.append(box);
    }
    box.textContent = text;
  }
  events.addEventListener("build-error", (e) => show(e.data));
  events.addEventListener("reload", () => location.reload());
})();
