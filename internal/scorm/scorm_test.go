package scorm

import (
	"archive/zip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golesson/app/lesson"
)

// xmllintSchema validates the manifest in dir against the schema file
// there, with Debian's libxml2-utils; a missing xmllint fails the test.
func xmllintSchema(t *testing.T, dir, schema, manifest string) {
	t.Helper()
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		t.Fatal("xmllint is missing (Debian package libxml2-utils; make test installs it): ", err)
	}
	cmd := exec.Command(bin, "--noout", "--schema", schema, manifest)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("xmllint --schema %s %s: %v\n%s", schema, manifest, err, out)
	}
}

// The package carries SCORM 1.2's schema files at its root, its manifest
// validates against them, and every entry has its real date.
func TestSCORMManifestValidates(t *testing.T) {
	dir := t.TempDir()
	mtime := time.Date(2026, 11, 28, 9, 15, 0, 0, time.UTC)
	for _, f := range []string{"index.html", "web/app.0123456789.wasm", "web/lesson.css", "web/lesson.css.br", "manifest.webmanifest"} {
		p := filepath.Join(dir, filepath.FromSlash(f))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(f), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, mtime, mtime)
	}
	for _, mastery := range []int{0, 80} {
		l := &lesson.Lesson{ID: "t", Title: "A & <b> 제목", MasteryScore: mastery}
		zipPath, err := Lesson(dir, l, "0123abcd")
		if err != nil {
			t.Fatal(err)
		}
		zr, err := zip.OpenReader(zipPath)
		if err != nil {
			t.Fatal(err)
		}
		out := t.TempDir()
		got := map[string]bool{}
		for _, f := range zr.File {
			got[f.Name] = true
			// The zip's DOS dates have 2 s steps and no zone: compare to
			// the second, in UTC as Go writes them.
			if d := f.Modified.UTC().Sub(mtime); d < -2*time.Second || d > 2*time.Second {
				t.Errorf("%s dated %v, want its file's %v", f.Name, f.Modified, mtime)
			}
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b := make([]byte, f.UncompressedSize64)
			_, err = io.ReadFull(rc, b)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			os.MkdirAll(filepath.Join(out, filepath.Dir(f.Name)), 0o755)
			os.WriteFile(filepath.Join(out, filepath.FromSlash(f.Name)), b, 0o644)
		}
		zr.Close()
		for _, want := range []string{"imsmanifest.xml", "imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd", "ims_xml.xsd", "index.html"} {
			if !got[want] {
				t.Errorf("mastery %d: the package has no %s at its root", mastery, want)
			}
		}
		if got["web/lesson.css.br"] {
			t.Error("a precompressed copy went into the package")
		}
		// adlcp_rootv1p2.xsd imports imscp_rootv1p1p2.xsd: one run checks
		// the IMS CP structure and the adlcp attributes and elements, which
		// imscp's strict wildcards demand declarations for (with imscp
		// alone, xmllint does not follow xsi:schemaLocation to adlcp).
		xmllintSchema(t, out, "adlcp_rootv1p2.xsd", "imsmanifest.xml")
	}
}

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
	for _, x := range Schemas() {
		b, err := schemas.ReadFile("scorm12/" + x)
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
