package progress

import "golesson/app/lesson"

// Saved is how far the learner is in l by the device's copy, for the course
// home: the key the lesson saves under, read only (the lesson itself
// discards what it cannot read).
func Saved(store Store, l *lesson.Lesson) lesson.LessonState {
	var p lesson.Progress
	if raw, ok := store.Get(lesson.ProgressKey(l.ID)); ok {
		p, _ = lesson.DecodeProgress(raw)
	}
	return l.State(p)
}
