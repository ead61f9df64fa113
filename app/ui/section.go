package ui

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
)

// section is one ## or ### part of the lesson with its blocks.
type section struct {
	app.Compo

	Lesson  *lesson.Lesson
	Section *lesson.Section

	progress lesson.Progress // as the page last rendered it: its blocks' first render
}

func newSection(l *lesson.Lesson, p lesson.Progress, s *lesson.Section) *section {
	return &section{Lesson: l, Section: s, progress: p}
}

func (c *section) Render() app.UI {
	s := c.Section
	return app.Section().
		ID(s.ID).
		Class("lesson-section", "level-"+strconv.Itoa(s.Level)).
		Aria("labelledby", s.ID+"-title").
		Body(
			// tabindex -1: the contents move the focus here.
			heading(s.Level).ID(s.ID+"-title").TabIndex(-1).Text(s.Title),
			app.Range(s.Blocks).Slice(func(i int) app.UI {
				return block(c.Lesson, c.progress, s.ID, s.Level+1, i, s.Blocks[i])
			}),
			// Where the section ends: the contents count it read once
			// this has been on screen (toc.go).
			app.Div().Class("section-end").DataSet("section", s.ID),
		)
}

// block renders one block. id is unique in the page: the section's id and
// the block's index, so several quizzes or calculators never clash. level is
// the heading level for headings inside the block.
// p is the progress the block first renders with; it then observes it.
func block(l *lesson.Lesson, p lesson.Progress, sectionID string, level, i int, b lesson.Block) app.UI {
	id := lesson.BlockID(sectionID, i)
	switch b.Kind {
	case lesson.Cards:
		return newCards(level, b.Cards)
	case lesson.Quiz:
		return newQuiz(id, b.Quiz, &l.UI, p)
	case lesson.Calculator:
		return newCalculator(id, level, b.Calculator, p)
	case lesson.MiniLab:
		return newMiniLab(id, b.MiniLab, p)
	default:
		// Prose was rendered and validated at build time; it has one root.
		return app.Raw(b.HTML)
	}
}
