// Package lesson owns the typed lesson and course values that the build
// parses once from content/ and that both the prerender and the
// WebAssembly client render, and their pure logic:
//
//   - lesson.go, course.go: the values, ui words included (where a type
//     has yaml tags, they are the content's keys: app/parse decodes
//     straight into it);
//   - ids.go: the ids the page gives its parts, blocks and questions;
//   - calculator.go, models.go, limits.go: the calculator and its 자세히
//     mode (parameter counts, training memory, the bounds of a model);
//   - quiz.go, score.go: checking answers, the quiz score and the SCORM
//     status; xapi.go: the xAPI statements;
//   - minilab.go, metrics.go: the mini-lab's metrics;
//   - progress.go, sanitize.go: saved progress, its stored form and its
//     cleaning; fill.go: filling {name} templates.
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

// Card is one comparison card: a heading, a tag pill and the lines under
// them (written "detail:" in a {cards} block).
type Card struct {
	Title string   `json:"title" yaml:"title"`
	Tag   string   `json:"tag" yaml:"tag"`
	Lines []string `json:"detail" yaml:"detail"`
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
	// Deeper, when set, adds the "자세히" mode (written "detail:" in a
	// {calculator} block): exact counts from a model's configuration. The
	// simple mode above stays the default.
	Deeper *DeeperCalc `json:"detail,omitempty"`
}

// DeeperCalc is the calculator's 자세히 mode: model presets, target
// modules, a rank, and the memory of full fine-tuning, LoRA and QLoRA side
// by side. The yaml tags are the content's keys; app/parse decodes into it
// and checks what YAML cannot (deeper.go).
type DeeperCalc struct {
	Presets []Preset `json:"presets" yaml:"presets"`
	// DefaultModules may be written short in content ("q" for q_proj);
	// the parser stores the full names.
	DefaultModules []Module          `json:"defaultModules" yaml:"default_modules"`
	DefaultRank    int64             `json:"defaultRank" yaml:"default_rank"`
	Labels         map[string]string `json:"labels" yaml:"labels"` // words of the panel, by DeeperLabels key
	Fields         map[string]string `json:"fields" yaml:"fields"` // labels of the custom model's fields, by DeeperFields key
	Assumptions    []string          `json:"assumptions" yaml:"assumptions"`
}

// DeeperLabels are the keys of DeeperCalc.Labels, every one required.
var DeeperLabels = []string{
	"toggle", "heading", "model", "custom", "rank", "modules", "base", "trainable", "percent",
	"module", "params", "memory", "method", "weights", "gradients", "optimizer", "quant", "total",
	"full", "lora", "qlora", "chart", "peft", "dims",
}

// DeeperFields are the keys of DeeperCalc.Fields: the ModelConfig fields
// a learner can type in custom mode (their yaml names), every one required.
var DeeperFields = []string{"hidden", "intermediate", "layers", "heads", "kv_heads", "head_dim", "vocab", "tied"}

// Preset is a model with its published configuration, written flat in
// content: a name beside the configuration's fields.
type Preset struct {
	Name   string      `json:"name" yaml:"name"`
	Config ModelConfig `json:"config" yaml:",inline"`
}

// MiniLabBlock is the mini-lab: illustrative items, each with a reference
// answer and the outputs of a baseline and a LoRA-tuned model, scored in
// the browser. The yaml tags are the {minilab} block's keys.
type MiniLabBlock struct {
	Caption string            `json:"caption" yaml:"caption"`
	Labels  map[string]string `json:"labels" yaml:"labels"`   // words of the table and chart, by MiniLabLabels key
	Metrics []MetricName      `json:"metrics" yaml:"metrics"` // which metrics to show, in order
	Items   []LabItem         `json:"items" yaml:"items"`
}

// MiniLabLabels are the keys of MiniLabBlock.Labels, every one required;
// {n} and {total} are filled in.
var MiniLabLabels = []string{"include", "input", "reference", "baseline", "lora", "metric", "difference", "average", "chart", "included"}

// MetricName is a metric shown by the mini-lab, with its display name.
type MetricName struct {
	ID   string `json:"id" yaml:"id"` // one of MetricIDs
	Name string `json:"name" yaml:"name"`
}

// LabItem is one sample of the mini-lab.
type LabItem struct {
	Input     string `json:"input" yaml:"input"`
	Reference string `json:"reference" yaml:"reference"`
	Baseline  string `json:"baseline" yaml:"baseline"`
	LoRA      string `json:"lora" yaml:"lora"`
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
	// (web/load-failure.js reads them from the page's lesson data).
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

// DefaultIRI is a lesson's IRI when its front matter sets none: stable,
// and independent of the URL the lesson is served from.
func DefaultIRI(id string) string { return "urn:golesson:" + id }
