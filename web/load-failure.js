// load-failure.js runs before go-app's scripts, after wasm-start.js. A
// failed or cut-off wasm download leaves go-app's loader showing a raw
// error: show the learner a calm note in the lesson's language with a
// retry button instead; the prerendered lesson stays readable under it.
(function () {
  "use strict";
  const C = window.lessonContract;

  const instantiate = WebAssembly.instantiateStreaming;
  if (typeof instantiate !== "function") return;
  WebAssembly.instantiateStreaming = async function (source, imports) {
    try {
      return await instantiate.call(WebAssembly, source, imports);
    } catch (err) {
      showLoadFailure();
      throw err;
    }
  };

  // The interface words travel in the page's data, as the app's do.
  function uiWords() {
    try {
      const data = document.getElementById(C.lessonData) || document.getElementById(C.courseData);
      return JSON.parse(data.textContent).ui || {};
    } catch (e) { return {}; }
  }

  function showLoadFailure() {
    const ui = uiWords();
    const loader = document.getElementById("app-wasm-loader");
    if (loader) Element.prototype.remove.call(loader);
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
})();
