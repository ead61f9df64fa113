package lesson

// Course is an ordered set of lessons served as one site: a home page at
// the root and each lesson under its own path (content/course.yaml).
type Course struct {
	ID          string `json:"id"`
	Lang        string `json:"lang"`
	Title       string `json:"title"`
	ShortName   string `json:"shortName"` // install name; defaults to Title
	Description string `json:"description"`
	// IRI names the course in xAPI; each lesson's activity id is IRI/<id>
	// unless its front matter sets its own.
	IRI string `json:"iri"`
	// MasteryScore is every lesson's SCORM threshold unless a lesson sets
	// its own; 0 means none.
	MasteryScore int `json:"masteryScore,omitempty"`
	// Lessons are in course order. In the home page's data they are
	// outlines (see Lesson.Outline): what progress needs, no prose.
	Lessons []*Lesson `json:"lessons"`
	UI      UI        `json:"ui"`
}

// CourseDataElementID is the id of the element that carries the course to
// the wasm on the course home page, as DataElementID carries a lesson.
const CourseDataElementID = "course-data"

// HomeID is the course home's root element.
const HomeID = "home"

// LessonPath is where a lesson lives in a course site, relative to the
// course root.
func LessonPath(id string) string { return id + "/" }

// LessonIRI is the xAPI activity id of a lesson under its course's IRI.
func LessonIRI(courseIRI, lessonID string) string { return courseIRI + "/" + lessonID }

// Outline is l without its prose, cards, calculators and mini-labs: the
// section ids and quizzes that a lesson's saved progress is scored
// against. Block positions are kept, as block ids count them.
func (l *Lesson) Outline() *Lesson {
	o := &Lesson{ID: l.ID, Lang: l.Lang, Title: l.Title, ShortName: l.ShortName, Description: l.Description, IRI: l.IRI}
	strip := func(bs []Block) []Block {
		out := make([]Block, len(bs))
		for i, b := range bs {
			out[i] = Block{Kind: b.Kind, Quiz: b.Quiz}
		}
		return out
	}
	o.Intro = strip(l.Intro)
	for _, s := range l.Sections {
		o.Sections = append(o.Sections, Section{ID: s.ID, Level: s.Level, Title: s.Title, Blocks: strip(s.Blocks)})
	}
	return o
}

// LessonState is how far a learner is in one lesson, as the course home
// shows it.
type LessonState struct {
	Read, Sections int // sections seen, of how many
	Quiz           QuizResult
}

// State sums up p for the course home.
func (l *Lesson) State(p Progress) LessonState {
	p = l.Sanitize(p)
	return LessonState{Read: len(p.Visited), Sections: len(l.Sections), Quiz: l.QuizResult(p)}
}

// Started reports whether the learner has done anything in the lesson.
func (s LessonState) Started() bool { return s.Read > 0 || s.Quiz.Checked > 0 }

// Done reports whether every section was read and every question checked.
func (s LessonState) Done() bool {
	return s.Read >= s.Sections && (s.Quiz.Total == 0 || s.Quiz.Complete())
}
