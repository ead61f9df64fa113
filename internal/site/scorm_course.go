package site

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golesson/app/lesson"
)

// PackageCourseSCORM writes the SCORM 1.2 packages of a built course into
// its output folder: one package per lesson (the lesson alone, as
// PackageSCORM makes it, with the course's xAPI ids and mastery score) and
// one package for the whole course, one SCO per lesson. It returns the
// zips' paths, the course's last.
func PackageCourseSCORM(o CourseOptions, r *CourseResult) ([]string, error) {
	wasm := filepath.Join(o.Out, filepath.FromSlash(strings.TrimPrefix(r.Names["/web/app.wasm"], "/")))
	var zips []string
	for _, l := range r.Course.Lessons {
		alone := *l
		// A lesson alone has no neighbours: in an LMS, the LMS moves
		// between lessons.
		alone.Prev, alone.Next, alone.Home = nil, nil, nil
		tmp, err := os.MkdirTemp(filepath.Dir(filepath.Clean(o.Out)), ".scorm-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		out := filepath.Join(tmp, "site")
		lr, err := buildLesson(&alone, Options{Web: o.Web, Out: out, Wasm: wasm})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", l.ID, err)
		}
		z, err := PackageSCORM(out, &alone, lr.Version)
		if err != nil {
			return nil, err
		}
		dst := filepath.Join(o.Out, filepath.Base(z))
		if err := os.Rename(z, dst); err != nil {
			return nil, err
		}
		zips = append(zips, dst)
	}
	z, err := packageCourse(o.Out, r.Course, r.Version)
	if err != nil {
		return nil, err
	}
	return append(zips, z), nil
}

// packageCourse zips the course site in dir as one SCORM 1.2 package:
// <course id>-<version>-scorm12.zip, an item and a SCO per lesson (the
// LMS tracks each on its own), and the files they share as an asset
// resource every SCO depends on. The home page is not a SCO: the LMS's own
// table of contents takes its place.
func packageCourse(dir string, c *lesson.Course, version string) (string, error) {
	return writePackage(dir, c.ID, version, func(site []string) []byte { return courseManifest(c, version, site) })
}

// courseManifest is imsmanifest.xml for the course: one organization whose
// items are the lessons in course order, each pointing at its own SCO.
func courseManifest(c *lesson.Course, version string, files []string) []byte {
	var b bytes.Buffer
	esc := xmlEscape
	own := map[string]bool{}
	for _, l := range c.Lessons {
		own[l.ID] = true
	}
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="golesson-%s-%s" version="%s"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="org-1">
    <organization identifier="org-1">
      <title>%s</title>
`, esc(c.ID), esc(version), esc(version), esc(c.Title))
	for _, l := range c.Lessons {
		fmt.Fprintf(&b, "      <item identifier=\"item-%s\" identifierref=\"sco-%s\" isvisible=\"true\">\n        <title>%s</title>\n", esc(l.ID), esc(l.ID), esc(l.Title))
		if l.MasteryScore > 0 {
			fmt.Fprintf(&b, "        <adlcp:masteryscore>%d</adlcp:masteryscore>\n", l.MasteryScore)
		}
		b.WriteString("      </item>\n")
	}
	b.WriteString(`    </organization>
  </organizations>
  <resources>
`)
	for _, l := range c.Lessons {
		fmt.Fprintf(&b, "    <resource identifier=\"sco-%s\" type=\"webcontent\" adlcp:scormtype=\"sco\" href=\"%s\">\n", esc(l.ID), esc(l.ID+"/index.html"))
		for _, f := range files {
			if strings.HasPrefix(f, l.ID+"/") {
				fmt.Fprintf(&b, "      <file href=\"%s\"/>\n", esc(f))
			}
		}
		b.WriteString("      <dependency identifierref=\"shared\"/>\n    </resource>\n")
	}
	b.WriteString("    <resource identifier=\"shared\" type=\"webcontent\" adlcp:scormtype=\"asset\">\n")
	for _, f := range files {
		if dir, _, nested := strings.Cut(f, "/"); !nested || !own[dir] {
			fmt.Fprintf(&b, "      <file href=\"%s\"/>\n", esc(f))
		}
	}
	b.WriteString(`    </resource>
  </resources>
</manifest>
`)
	return b.Bytes()
}
