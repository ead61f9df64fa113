// contract.js runs first of the page's scripts. It declares, once, every
// global the page's scripts and the app (the wasm) share, with what it
// carries and who calls it; the other scripts use these names only through
// this table. The Go half is app/jsapi/contract.go, and a test keeps the
// two alike. The names never change: saved data and tests depend on them.
window.lessonContract = Object.freeze({
  // window.lessonStore, from storage-guard.js: get(key), set(key, value),
  // remove(key), keys() over localStorage, never throwing. The app keeps
  // the learner's progress through it (app/jsapi, app/progress).
  store: "lessonStore",
  // window.lessonLMS, from lms.js: embedded, scorm, record(),
  // suspendData(), statement(json), progress(suspendData, score, status),
  // stats(). The app reports results through it.
  lms: "lessonLMS",
  // window.lessonEarly, from early-answers.js: sliders(), the values of
  // the calculators' sliders moved before the app ran, as JSON ({key:
  // value}). The app takes them as it starts and as it mounts.
  early: "lessonEarly",
  // window.lessonMounted(), from wasm-start.js: the app calls it once its
  // page has mounted; it fires mountedEvent on window.
  mounted: "lessonMounted",
  // The event lessonMounted fires: wasm-start.js drops go-app's loader,
  // updates.js registers the service worker.
  mountedEvent: "lesson:mounted",
  // window.lessonApplyUpdate(), from updates.js: the app's update banner
  // calls it to activate the waiting version and reload.
  applyUpdate: "lessonApplyUpdate",
  // window.lessonCheckForUpdate(), from updates.js: asks the worker to
  // look for a new version (updates.js itself, and tests).
  checkForUpdate: "lessonCheckForUpdate",
  // window.goappOnUpdate(), go-app's own: updates.js calls it when a new
  // version waits, and go-app calls the components' OnAppUpdate.
  onUpdate: "goappOnUpdate",
  // self.lessonWarmData, in wasm-warm.js's worker: {id, text}, a copy of
  // the page's data element (lessonData or courseData) that wasm-start.js
  // posts with the module; the app decodes it there too.
  warmData: "lessonWarmData",
  // window.lessonLayOut(), from lazy-layout.js: lays the lesson out whole
  // now (it is laid out a section at a time while it starts), before a
  // script scrolls to a place in it: lms.js. Only the page's scripts.
  layOut: "lessonLayOut",
  // The ids of the <script type="application/json"> elements the build
  // writes into a page: a lesson, or a course's outline on its home. The
  // app renders from them; load-failure.js takes its words from them.
  lessonData: "lesson-data",
  courseData: "course-data",
});
