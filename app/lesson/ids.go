package lesson

import "strconv"

// The ids of the page: what the page calls its own parts, each block, each
// question and each calculator's parts. Saved progress is keyed by them, so
// they must not change between builds of the same lesson.

// BlockID is the page-wide id of block i (0-based) of a section: several
// quizzes or calculators never clash, and saved progress finds its place.
func BlockID(sectionID string, i int) string { return sectionID + "-" + strconv.Itoa(i+1) }

// QuestionID is the id of question n (0-based) of the quiz block blockID.
func QuestionID(blockID string, n int) string { return blockID + "-q" + strconv.Itoa(n+1) }

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

// DeeperID is the element id of a calculator's "자세히" panel; the panel's
// controls are DeeperID-model, DeeperID-rank, … Slider ids have no dashes,
// so they never meet these.
func DeeperID(calcID string) string { return calcID + "-detail" }

// SliderKey is the progress key of slider sliderID of calculator calcID.
func SliderKey(calcID, sliderID string) string { return calcID + "." + sliderID }
