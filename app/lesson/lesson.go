// Package lesson holds the typed lesson value that the build parses once from
// content/ and that both the prerender and the WebAssembly client render.
//
// It imports nothing heavy on purpose: the wasm links it, so parsers live in
// app/parse and only plain data and pure functions live here.
package lesson

// Lesson is one lesson, parsed and validated.
type Lesson struct {
	ID          string `json:"id"`
	Lang        string `json:"lang"`
	Title       string `json:"title"`
	ShortName   string `json:"shortName"` // for home screens; defaults to Title
	Description string `json:"description"`
	// MasteryScore, in percent, turns "completed" into "passed" or "failed"
	// for an LMS; 0 means the lesson has none.
	MasteryScore int `json:"masteryScore,omitempty"`
	// IRI names the lesson in xAPI statements (its questions are IRI#id),
	// the same wherever it is served; front matter iri:, by default
	// DefaultIRI(ID).
	IRI      string    `json:"iri"`
	Intro    []Block   `json:"intro,omitempty"` // blocks between the title and the first section
	Sections []Section `json:"sections"`
	// Next is the lesson that follows, offered at the end; nil for none.
	Next *NextLesson `json:"next,omitempty"`
	// Prev and Home are set in a course: the lesson before this one, and
	// the course's home page (its title and "../").
	Prev *NextLesson `json:"prev,omitempty"`
	Home *NextLesson `json:"home,omitempty"`
	UI   UI          `json:"ui"`
}

// NextLesson is a link to the lesson after this one (front matter next:).
type NextLesson struct {
	Title string `json:"title"`
	Href  string `json:"href"` // relative, or an http(s) URL
}

// Section starts at a level-2 or level-3 heading and runs to the next one.
type Section struct {
	ID     string  `json:"id"`
	Level  int     `json:"level"`
	Title  string  `json:"title"`
	Blocks []Block `json:"blocks,omitempty"`
}

// Kind names what a Block holds.
type Kind string

// The block kinds. Prose is Markdown rendered to HTML at build time; the
// others are typed blocks written as fenced blocks such as ```{quiz}.
const (
	Prose      Kind = "prose"
	Cards      Kind = "cards"
	Quiz       Kind = "quiz"
	Calculator Kind = "calculator"
	MiniLab    Kind = "minilab"
)

// Block is one piece of a section; exactly one field beside Kind is set.
type Block struct {
	Kind       Kind          `json:"kind"`
	HTML       string        `json:"html,omitempty"`
	Cards      []Card        `json:"cards,omitempty"`
	Quiz       *QuizBlock    `json:"quiz,omitempty"`
	Calculator *CalcBlock    `json:"calculator,omitempty"`
	MiniLab    *MiniLabBlock `json:"minilab,omitempty"`
}

// Card is one comparison card: a heading, a tag pill and detail lines.
type Card struct {
	Title  string   `json:"title"`
	Tag    string   `json:"tag"`
	Detail []string `json:"detail"`
}

// QuizBlock is a list of multiple-choice questions, each checked on its own.
type QuizBlock struct {
	Questions []Question `json:"questions"`
}

// Question is one multiple-choice question. Answer indexes Options.
type Question struct {
	Text    string   `json:"text"`
	Options []string `json:"options"`
	Answer  int      `json:"answer"`
	Explain string   `json:"explain"`
}

// CalcBlock is a reactive calculator: Result = Factor × the product of the
// sliders' values.
type CalcBlock struct {
	Title   string   `json:"title"`
	Result  string   `json:"result"` // label before the number
	Unit    string   `json:"unit"`   // word after the number
	Factor  int64    `json:"factor"`
	Sliders []Slider `json:"sliders"`
	// Detail, when set, adds the "자세히" mode: exact counts from a model's
	// configuration. The simple mode above stays the default.
	Detail *CalcDetail `json:"detail,omitempty"`
}

// CalcDetail is the deeper calculator: model presets, target modules, a
// rank, and the memory of full fine-tuning, LoRA and QLoRA side by side.
type CalcDetail struct {
	Presets        []Preset          `json:"presets"`
	DefaultModules []Module          `json:"defaultModules"`
	DefaultRank    int64             `json:"defaultRank"`
	Labels         map[string]string `json:"labels"` // see parse.detailLabels
	Fields         map[string]string `json:"fields"` // config field labels
	Assumptions    []string          `json:"assumptions"`
}

// Preset is a model with its published configuration.
type Preset struct {
	Name   string      `json:"name"`
	Config ModelConfig `json:"config"`
}

// MiniLabBlock is the mini-lab: illustrative items, each with a reference
// answer and the outputs of a baseline and a LoRA-tuned model, scored in
// the browser.
type MiniLabBlock struct {
	Caption string            `json:"caption"`
	Labels  map[string]string `json:"labels"`  // see parse.minilabLabels
	Metrics []MetricName      `json:"metrics"` // which metrics to show, in order
	Items   []LabItem         `json:"items"`
}

// MetricName is a metric shown by the mini-lab, with its display name.
type MetricName struct {
	ID   string `json:"id"` // em, token_f1, char_f1 or rouge_l
	Name string `json:"name"`
}

// LabItem is one sample of the mini-lab.
type LabItem struct {
	Input     string `json:"input"`
	Reference string `json:"reference"`
	Baseline  string `json:"baseline"`
	LoRA      string `json:"lora"`
}

// Slider is one integer input of a calculator.
type Slider struct {
	ID      string `json:"id"`
	Label   string `json:"label"`
	Min     int64  `json:"min"`
	Max     int64  `json:"max"`
	Step    int64  `json:"step"`
	Default int64  `json:"default"`
}

// UI holds the interface strings shared by every lesson in a content folder
// (content/ui.yaml), so that Go code carries no prose. The yaml tags are
// the file's keys, every one of them required: app/parse reads the list
// from them, so a new word is one new field here.
type UI struct {
	Loading string `json:"loading" yaml:"loading"`  // wasm loader label; {progress} is replaced
	Check   string `json:"check" yaml:"check"`      // quiz button
	Select  string `json:"select" yaml:"select"`    // label of a question's dropdown
	Correct string `json:"correct" yaml:"correct"`  // feedback; {explain} is replaced
	Wrong   string `json:"wrong" yaml:"wrong"`      // feedback; {explain} is replaced
	Offline string `json:"offline" yaml:"offline"`  // shown while the network is gone
	Update  string `json:"update" yaml:"update"`    // banner when a new version is ready
	Reload  string `json:"reload" yaml:"reload"`    // the banner's button
	OpenTab string `json:"openTab" yaml:"open_tab"` // link out of an LMS iframe
	Install string `json:"install" yaml:"install"`  // install-as-app button
	// LoadFailed and Retry are shown when the app's wasm cannot be loaded
	// (web/boot.js reads them from the page's lesson data).
	LoadFailed string `json:"loadFailed" yaml:"load_failed"`
	Retry      string `json:"retry" yaml:"retry"`
	// Quiz extras: the score line ({correct}, {total}), per question after a
	// wrong try "다시 풀기" and "정답 보기", and how the answer is shown
	// ({answer}).
	Score      string `json:"score" yaml:"score"`
	TryAgain   string `json:"tryAgain" yaml:"try_again"`
	ShowAnswer string `json:"showAnswer" yaml:"show_answer"`
	Answer     string `json:"answer" yaml:"answer"`
	// The table of contents' title, and the note on a section already read.
	Contents string `json:"contents" yaml:"contents"`
	Visited  string `json:"visited" yaml:"visited"`
	// Skip is the first link on the page, straight to the lesson's text.
	Skip string `json:"skip" yaml:"skip"`
	// Per-question names of the dropdown and the check button ({n}: the
	// question's number), so a screen reader's list of controls tells the
	// three questions apart; each contains the visible label.
	SelectName string `json:"selectName" yaml:"select_name"`
	CheckName  string `json:"checkName" yaml:"check_name"`
	// Unanswered is printed in place of an unchecked question's dropdown.
	Unanswered string `json:"unanswered" yaml:"unanswered"`
	// The end-of-lesson summary: its heading, the score ({correct},
	// {total}), the sections read ({read}, {total}), the button that clears
	// the whole quiz, and the label before the next lesson's link.
	Summary      string `json:"summary" yaml:"summary"`
	SummaryScore string `json:"summaryScore" yaml:"summary_score"`
	SummaryRead  string `json:"summaryRead" yaml:"summary_read"`
	ResetQuiz    string `json:"resetQuiz" yaml:"reset_quiz"`
	Next         string `json:"next" yaml:"next"`
	// The course: the label before the previous lesson's link and before
	// the course home's; on the home page, the heading of the lesson list,
	// the "continue where you left off" and "start" labels, the course
	// progress ({done}, {total}), and each lesson's status.
	Prev           string `json:"prev" yaml:"prev"`
	CourseHome     string `json:"courseHome" yaml:"course_home"`
	Lessons        string `json:"lessons" yaml:"lessons"`
	Continue       string `json:"continue" yaml:"continue"`
	Start          string `json:"start" yaml:"start"`
	CourseProgress string `json:"courseProgress" yaml:"course_progress"`
	NotStarted     string `json:"notStarted" yaml:"not_started"`
	InProgress     string `json:"inProgress" yaml:"in_progress"`
	Done           string `json:"done" yaml:"done"`
}

// DataElementID is the id of the <script type="application/json"> element in
// the built page that carries the lesson to the WebAssembly client, so the
// wasm holds no lesson text and one app.wasm serves any lesson.
const DataElementID = "lesson-data"

// Ids the page gives its own parts (app/ui: page.go, toc.go; go-app's
// loader; the lesson data). A section may not take one of them.
const (
	PageID     = "lesson"
	ContentID  = "content"
	TOCTitleID = "toc-title"
	IntroID    = "intro" // the blocks before the first section: intro-1, …
	SummaryID  = "summary"
)

// ReservedIDs are the ids no section may take.
var ReservedIDs = []string{PageID, ContentID, TOCTitleID, IntroID, SummaryID, SummaryID + "-title", DataElementID, "app-wasm-loader", "app-wasm-loader-icon", "app-wasm-loader-label"}

// DetailID is the element id of a calculator's "자세히" panel; the panel's
// controls are DetailID-model, DetailID-rank, … Slider ids have no dashes,
// so they never meet these.
func DetailID(calcID string) string { return calcID + "-detail" }

// DefaultIRI is a lesson's IRI when its front matter sets none: stable,
// and independent of the URL the lesson is served from.
func DefaultIRI(id string) string { return "urn:golesson:" + id }
