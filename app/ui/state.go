package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
	"golesson/app/progress"
)

// progressState is the go-app state that holds the learner's progress (a
// lesson.Progress), set by the page when it mounts and after every change.
// The components that show progress observe it, and render from it.
const progressState = "golesson.progress"

// answerState is the go-app state that holds question id's answer (a
// lesson.Answer): each question observes its own, so an answer re-renders
// the question it is about, not every question of the lesson.
func answerState(id string) string { return progressState + ".answer." + id }

// changeAction asks the page to change the progress; its value is a
// progressChange. Components never save or report themselves: the page
// applies the change to its progress.Tracker, which does.
const changeAction = "golesson.change-progress"

// progressChange is one change to the progress (a method of
// progress.Tracker with its arguments).
type progressChange func(*progress.Tracker)

// changeProgress asks the page to apply f.
func changeProgress(ctx app.Context, f progressChange) {
	ctx.NewActionWithValue(changeAction, f)
}

// observeProgress keeps *p the progress as it changes, and calls changed
// (if any) after each change.
func observeProgress(ctx app.Context, p *lesson.Progress, changed func()) {
	o := ctx.ObserveState(progressState, p)
	if changed != nil {
		o.OnChange(changed)
	}
}
