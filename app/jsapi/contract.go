// Package jsapi is the Go half of the contract between the app and the
// page's own scripts (web/*.js): every global name both sides use, declared
// once here and once in web/contract.js (a test keeps the two alike), and
// the calls over them. It is the only package of the app that calls the
// page's scripts; progress.Store and progress.LMS are implemented here.
package jsapi

import "golesson/app/lesson"

// The globals and elements the page's scripts and the wasm share. Saved
// data and the e2e tests depend on these names: they never change.
const (
	// StoreGlobal is window.lessonStore (web/storage-guard.js): get, set,
	// remove and keys over localStorage that never throw. The app
	// calls it (Store) to keep progress on the device.
	StoreGlobal = "lessonStore"

	// LMSGlobal is window.lessonLMS (web/lms.js): embedded, scorm, record(),
	// suspendData(), statement(json), progress(suspend, score, status)
	// and stats() (for tests). The app calls it (LMS) to report results.
	LMSGlobal = "lessonLMS"

	// EarlyGlobal is window.lessonEarly (web/early-answers.js), which
	// answers the calculators before the app runs: sliders() is the
	// values moved meanwhile, as JSON. The app takes them (EarlySliders).
	EarlyGlobal = "lessonEarly"

	// MountedGlobal is window.lessonMounted (web/wasm-start.js): the app calls
	// it from the page's OnMount; the script then drops go-app's loader
	// and lets the service worker register.
	MountedGlobal = "lessonMounted"

	// ApplyUpdateGlobal is window.lessonApplyUpdate (web/updates.js): the
	// update banner calls it to activate the waiting worker and reload.
	ApplyUpdateGlobal = "lessonApplyUpdate"

	// CheckForUpdateGlobal is window.lessonCheckForUpdate (web/updates.js):
	// asks the worker to look for a new version; called by the script
	// itself (online, every 30 minutes) and by tests.
	CheckForUpdateGlobal = "lessonCheckForUpdate"

	// OnUpdateGlobal is window.goappOnUpdate, go-app's: web/updates.js calls
	// it when a new version waits, and go-app then calls the
	// components' OnAppUpdate.
	OnUpdateGlobal = "goappOnUpdate"

	// WarmDataGlobal is self.lessonWarmData in web/wasm-warm.js's worker:
	// {id, text}, a copy of the page's data element (LessonData or
	// CourseData) that web/wasm-start.js posts with the module, which the
	// program decodes there (PageData) before it finds it has no page.
	WarmDataGlobal = "lessonWarmData"

	// LessonData is the id of the <script type="application/json">
	// element that carries a lesson's page its lesson (written by
	// internal/site, read by cmd/wasm and by web/load-failure.js for the
	// interface words).
	LessonData = lesson.DataElementID

	// CourseData is the same for a course's home page and its course.
	CourseData = lesson.CourseDataElementID
)
