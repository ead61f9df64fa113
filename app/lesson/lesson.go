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
	MasteryScore int       `json:"masteryScore,omitempty"`
	Intro        []Block   `json:"intro,omitempty"` // blocks between the title and the first section
	Sections     []Section `json:"sections"`
	UI           UI        `json:"ui"`
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
)

// Block is one piece of a section; exactly one field beside Kind is set.
type Block struct {
	Kind       Kind       `json:"kind"`
	HTML       string     `json:"html,omitempty"`
	Cards      []Card     `json:"cards,omitempty"`
	Quiz       *QuizBlock `json:"quiz,omitempty"`
	Calculator *CalcBlock `json:"calculator,omitempty"`
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
// (content/ui.yaml), so that Go code carries no prose.
type UI struct {
	Loading string `json:"loading"` // wasm loader label; {progress} is replaced
	Check   string `json:"check"`   // quiz button
	Select  string `json:"select"`  // label of a question's dropdown
	Correct string `json:"correct"` // feedback; {explain} is replaced
	Wrong   string `json:"wrong"`   // feedback; {explain} is replaced
	Offline string `json:"offline"` // shown while the network is gone
	Update  string `json:"update"`  // banner when a new version is ready
	Reload  string `json:"reload"`  // the banner's button
	OpenTab string `json:"openTab"` // link out of an LMS iframe
	Install string `json:"install"` // install-as-app button
	// LoadFailed and Retry are shown when the app's wasm cannot be loaded
	// (web/boot.js reads them from the page's lesson data).
	LoadFailed string `json:"loadFailed"`
	Retry      string `json:"retry"`
}

// DataElementID is the id of the <script type="application/json"> element in
// the built page that carries the lesson to the WebAssembly client, so the
// wasm holds no lesson text and one app.wasm serves any lesson.
const DataElementID = "lesson-data"
