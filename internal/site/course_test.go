package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golesson/app/lesson"
)

// The course package: one item and one SCO per lesson, in course order,
// each listing its own folder's files and depending on the shared ones;
// valid against SCORM 1.2's schemas.
func TestCourseManifestValidates(t *testing.T) {
	dir := t.TempDir()
	files := []string{"index.html", "app.js", "web/app.0123456789.wasm", "a/index.html", "a/app.js", "b-2/index.html", "b-2/app.js"}
	c := &lesson.Course{ID: "c", Title: "코스 & <b>", Lessons: []*lesson.Lesson{
		{ID: "a", Title: "첫 레슨", MasteryScore: 70},
		{ID: "b-2", Title: "둘째 레슨"},
	}}
	m := string(courseManifest(c, "0123abcd", files))
	for _, want := range []string{
		`<item identifier="item-a" identifierref="sco-a" isvisible="true">`,
		`<adlcp:masteryscore>70</adlcp:masteryscore>`,
		`<resource identifier="sco-b-2" type="webcontent" adlcp:scormtype="sco" href="b-2/index.html">`,
		`<file href="b-2/app.js"/>`,
		`<dependency identifierref="shared"/>`,
		`adlcp:scormtype="asset"`,
		`xsi:schemaLocation=`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("manifest lacks %s:\n%s", want, m)
		}
	}
	if strings.Index(m, "item-a") > strings.Index(m, "item-b-2") {
		t.Error("items are not in course order")
	}
	// Each file in exactly one resource.
	for _, f := range files {
		if n := strings.Count(m, `<file href="`+f+`"/>`); n != 1 {
			t.Errorf("%s listed %d times", f, n)
		}
	}
	for _, x := range SCORMSchemas() {
		b, err := scormSchemas.ReadFile("scorm12/" + x)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, x), b, 0o644)
	}
	if err := os.WriteFile(filepath.Join(dir, "imsmanifest.xml"), []byte(m), 0o644); err != nil {
		t.Fatal(err)
	}
	xmllintSchema(t, dir, "adlcp_rootv1p2.xsd", "imsmanifest.xml")
}
