package scorm

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"

	"golesson/app/lesson"
)

// writeHead writes what every imsmanifest.xml begins with, for ADL SCORM
// 1.2 (IMS CP 1.1.2 with the adlcp 1.2 extensions), up to the one
// organization's title.
func writeHead(b *bytes.Buffer, id, version, title string) {
	fmt.Fprintf(b, `<?xml version="1.0" encoding="UTF-8"?>
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
`, esc(id), esc(version), esc(version), esc(title))
}

// writeMastery writes a lesson's mastery score inside its item, if it
// has one.
func writeMastery(b *bytes.Buffer, l *lesson.Lesson) {
	if l.MasteryScore > 0 {
		fmt.Fprintf(b, "        <adlcp:masteryscore>%d</adlcp:masteryscore>\n", l.MasteryScore)
	}
}

// lessonManifest is imsmanifest.xml for one lesson: one organization, one
// item, one SCO resource listing every file.
func lessonManifest(l *lesson.Lesson, version string, files []string) []byte {
	var b bytes.Buffer
	writeHead(&b, l.ID, version, l.Title)
	fmt.Fprintf(&b, "      <item identifier=\"item-1\" identifierref=\"sco-1\" isvisible=\"true\">\n        <title>%s</title>\n", esc(l.Title))
	writeMastery(&b, l)
	b.WriteString(`      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="sco-1" type="webcontent" adlcp:scormtype="sco" href="index.html">
`)
	for _, f := range files {
		fmt.Fprintf(&b, "      <file href=\"%s\"/>\n", esc(f))
	}
	b.WriteString(`    </resource>
  </resources>
</manifest>
`)
	return b.Bytes()
}

// courseManifest is imsmanifest.xml for the course: one organization whose
// items are the lessons in course order, each pointing at its own SCO.
func courseManifest(c *lesson.Course, version string, files []string) []byte {
	var b bytes.Buffer
	own := map[string]bool{}
	for _, l := range c.Lessons {
		own[l.ID] = true
	}
	writeHead(&b, c.ID, version, c.Title)
	for _, l := range c.Lessons {
		fmt.Fprintf(&b, "      <item identifier=\"item-%s\" identifierref=\"sco-%s\" isvisible=\"true\">\n        <title>%s</title>\n", esc(l.ID), esc(l.ID), esc(l.Title))
		writeMastery(&b, l)
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

// esc escapes text for an XML attribute or element.
func esc(s string) string {
	var e bytes.Buffer
	xml.EscapeText(&e, []byte(s))
	return e.String()
}
