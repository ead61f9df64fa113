// The host side of H5P's iframe resize protocol, as h5p-php-library's
// js/h5p-resizer.js (commit e15f6d6, loaded by Moodle, WordPress and Drupal
// pages with H5P) speaks it. That file's code is not ours to commit, so
// this test fixture re-states its behaviour, message for message:
//   - every message carries context "h5p"; a message is taken only from one
//     of the page's iframes (matched by contentWindow), and answered to its
//     origin;
//   - hello: the iframe gets width 100%, answers "hello", and from then on
//     the host's window resizes are sent to it as "resize";
//   - prepareResize {scrollHeight, clientHeight}: only when the iframe's
//     clientHeight differs from scrollHeight, or scrollHeight from
//     clientHeight, the iframe is set to clientHeight and "resizePrepared"
//     answered;
//   - resize {scrollHeight}: the iframe is set to scrollHeight;
//   - at start, "ready" is posted to every iframe whose src contains "h5p".
// h5p_conformance_test.go runs H5P core's own iframe side (h5p.js, from
// the npm package h5p-standalone) against this script.
(function () {
  "use strict";
  function frameOf(source) {
    for (const f of document.getElementsByTagName("iframe")) {
      if (f.contentWindow === source) return f;
    }
    return null;
  }
  const on = {
    hello(frame, data, answer) {
      frame.style.width = "100%";
      const follow = () => {
        if (frame.contentWindow) answer("resize");
        else window.removeEventListener("resize", follow);
      };
      window.addEventListener("resize", follow);
      answer("hello");
    },
    prepareResize(frame, data, answer) {
      if (frame.clientHeight !== data.scrollHeight || data.scrollHeight !== data.clientHeight) {
        frame.style.height = data.clientHeight + "px";
        answer("resizePrepared");
      }
    },
    resize(frame, data) {
      frame.style.height = data.scrollHeight + "px";
    },
  };
  window.addEventListener("message", (event) => {
    const data = event.data;
    if (!data || data.context !== "h5p" || !Object.hasOwn(on, data.action)) return;
    const frame = frameOf(event.source);
    if (!frame) return;
    on[data.action](frame, data, (action) => event.source.postMessage({ action, context: "h5p" }, event.origin));
  });
  for (const f of document.getElementsByTagName("iframe")) {
    if (f.src.includes("h5p")) f.contentWindow.postMessage({ context: "h5p", action: "ready" }, "*");
  }
})();
