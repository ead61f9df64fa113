/*! golesson embed.js — sizes lesson iframes on any page. MIT License.
 *
 * Copyright (c) 2026 the golesson authors
 *
 * Permission is hereby granted, free of charge, to any person obtaining a
 * copy of this software and associated documentation files (the "Software"),
 * to deal in the Software without restriction, including without limitation
 * the rights to use, copy, modify, merge, publish, distribute, sublicense,
 * and/or sell copies of the Software, and to permit persons to whom the
 * Software is furnished to do so, subject to the following conditions:
 * The above copyright notice and this permission notice shall be included
 * in all copies or substantial portions of the Software.
 * THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND.
 *
 * Usage, on the page that embeds the lesson:
 *   <iframe src="https://lessons.example.org/day1-00/" style="width:100%;border:0"
 *           title="레슨" loading="lazy"></iframe>
 *   <script src="https://lessons.example.org/day1-00/web/embed.js" async></script>
 *
 * The lesson posts {subject: "lti.frameResize", height} whenever its height
 * changes; this script sets the height of the iframe that sent it. It also
 * re-dispatches the lesson's xAPI statements on that iframe element as a
 * "golesson:xapi" DOM event whose detail is the statement:
 *   iframe.addEventListener("golesson:xapi", (e) => console.log(e.detail));
 * A statement without an actor gets the iframe's data-xapi-actor, an xAPI
 * Agent as JSON, when it has one:
 *   <iframe src="…" data-xapi-actor='{"account":{"homePage":"https://lms.example.edu","name":"12345"}}'>
 * Messages count only from the lesson itself: from an iframe of this page
 * whose document has the origin of the iframe's src, which must be the
 * origin this script was loaded from (the lesson's host).
 */
(function () {
  "use strict";
  if (window.golessonEmbed) return; // included twice
  window.golessonEmbed = true;

  const script = document.currentScript;
  let lessonOrigin = "";
  try { lessonOrigin = new URL(script.src, document.baseURI).origin; } catch (e) { lessonOrigin = ""; }

  function frameOf(source) {
    const frames = document.getElementsByTagName("iframe");
    for (let i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === source) return frames[i];
    }
    return null;
  }
  function originOf(iframe) {
    try { return new URL(iframe.src, document.baseURI).origin; } catch (e) { return ""; }
  }
  function actorOf(iframe) {
    try {
      const a = JSON.parse(iframe.getAttribute("data-xapi-actor") || "null");
      return a && typeof a === "object" && !Array.isArray(a) ? Object.assign({ objectType: "Agent" }, a) : null;
    } catch (e) { return null; }
  }

  window.addEventListener("message", function (event) {
    let data = event.data;
    if (typeof data === "string") {
      // Some LTI tools send the message as JSON text.
      try { data = JSON.parse(data); } catch (e) { return; }
    }
    if (!data || typeof data !== "object") return;
    const iframe = frameOf(event.source);
    if (!iframe || event.origin !== originOf(iframe) || (lessonOrigin && event.origin !== lessonOrigin)) return;
    if (data.subject === "lti.frameResize") {
      const h = Number(data.height);
      if (h > 0 && h < 100000) iframe.style.height = Math.ceil(h) + "px";
    } else if (data.context === "golesson" && data.type === "xapi" && data.statement && typeof data.statement === "object") {
      const statement = data.statement;
      if (!statement.actor) {
        const actor = actorOf(iframe);
        if (actor) statement.actor = actor;
      }
      iframe.dispatchEvent(new CustomEvent("golesson:xapi", { detail: statement }));
    }
  });
})();
