package site

import (
	"archive/zip"
	"bytes"
	"embed"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golesson/app/lesson"
)

// scormSchemas are SCORM 1.2's schema control files, which go at the root
// of the package beside imsmanifest.xml (scorm12/SOURCE.md).
//
//go:embed scorm12/*.xsd
var scormSchemas embed.FS

// SCORMSchemas lists the schema files every package carries at its root.
func SCORMSchemas() []string {
	entries, _ := fs.ReadDir(scormSchemas, "scorm12")
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// PackageSCORM writes the built site in dir as a SCORM 1.2 package, one SCO,
// into dir itself: <lesson id>-<version>-scorm12.zip. Every URL in the site is
// relative, so it runs from whatever path the LMS unpacks it to. It returns
// the zip's path.
func PackageSCORM(dir string, l *lesson.Lesson, version string) (string, error) {
	return writePackage(dir, l.ID, version, func(site []string) []byte { return scormManifest(l, version, site) })
}

// writePackage zips the site in dir, with the manifest made from its file
// list and the schema files, into dir/<id>-<version>-scorm12.zip, written
// whole or not at all.
func writePackage(dir, id, version string, manifest func(site []string) []byte) (string, error) {
	files, err := listFiles(dir)
	if err != nil {
		return "", err
	}
	var site []string
	for _, f := range files {
		// Not an earlier package, nor a precompressed copy (an LMS serves
		// the plain files).
		if !strings.HasSuffix(f, ".zip") && !isVariant(f) {
			site = append(site, f)
		}
	}
	// Every entry carries a real date: its file's, and for the manifest
	// and the schemas, the newest of the site's (the build's time).
	var newest time.Time
	for _, f := range site {
		if fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f))); err == nil && fi.ModTime().After(newest) {
			newest = fi.ModTime()
		}
	}
	name := filepath.Join(dir, fmt.Sprintf("%s-%s-scorm12.zip", id, version))
	tmp := name + ".tmp"
	out, err := os.Create(tmp)
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp)
	zw := zip.NewWriter(out)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "imsmanifest.xml", Method: zip.Deflate, Modified: newest})
	if err == nil {
		_, err = w.Write(manifest(site))
	}
	for _, x := range SCORMSchemas() {
		if err != nil {
			break
		}
		var b []byte
		if b, err = scormSchemas.ReadFile("scorm12/" + x); err == nil {
			if w, err = zw.CreateHeader(&zip.FileHeader{Name: x, Method: zip.Deflate, Modified: newest}); err == nil {
				_, err = w.Write(b)
			}
		}
	}
	for _, f := range site {
		if err != nil {
			break
		}
		err = addFile(zw, dir, f)
	}
	if err == nil {
		err = zw.Close()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", err
	}
	return name, os.Rename(tmp, name)
}

func addFile(zw *zip.Writer, dir, f string) error {
	src, err := os.Open(filepath.Join(dir, filepath.FromSlash(f)))
	if err != nil {
		return err
	}
	defer src.Close()
	fi, err := src.Stat()
	if err != nil {
		return err
	}
	w, err := zw.CreateHeader(&zip.FileHeader{Name: f, Method: zip.Deflate, Modified: fi.ModTime()})
	if err != nil {
		return err
	}
	_, err = io.Copy(w, src)
	return err
}

// scormManifest is imsmanifest.xml for ADL SCORM 1.2 (IMS CP 1.1.2 with
// the adlcp 1.2 extensions): one organization, one item, one SCO resource
// listing every file.
func scormManifest(l *lesson.Lesson, version string, files []string) []byte {
	var b bytes.Buffer
	esc := xmlEscape
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
      <item identifier="item-1" identifierref="sco-1" isvisible="true">
        <title>%s</title>
`, esc(l.ID), esc(version), esc(version), esc(l.Title), esc(l.Title))
	if l.MasteryScore > 0 {
		fmt.Fprintf(&b, "        <adlcp:masteryscore>%d</adlcp:masteryscore>\n", l.MasteryScore)
	}
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

func xmlEscape(s string) string {
	var e bytes.Buffer
	xml.EscapeText(&e, []byte(s))
	return e.String()
}
