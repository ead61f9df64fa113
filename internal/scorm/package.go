// Package scorm packages a built site as a SCORM 1.2 zip: a lesson as one
// SCO, a course as one SCO per lesson with the shared files as an asset;
// it writes imsmanifest.xml and carries SCORM 1.2's schema files at the
// package's root. The page's side of SCORM (finding and calling the LMS's
// API) is in web/ and app/.
package scorm

import (
	"archive/zip"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golesson/app/lesson"
	"golesson/internal/compress"
	"golesson/internal/files"
)

// schemas are SCORM 1.2's schema control files, which go at the root
// of the package beside imsmanifest.xml (scorm12/SOURCE.md).
//
//go:embed scorm12/*.xsd
var schemas embed.FS

// Schemas lists the schema files every package carries at its root.
func Schemas() []string {
	entries, _ := fs.ReadDir(schemas, "scorm12")
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// Lesson writes the built site of one lesson in dir as a SCORM 1.2
// package, one SCO, into dir itself: <lesson id>-<version>-scorm12.zip.
// Every URL in the site is relative, so it runs from whatever path the LMS
// unpacks it to. It returns the zip's path.
func Lesson(dir string, l *lesson.Lesson, version string) (string, error) {
	return writePackage(dir, l.ID, version, func(site []string) []byte { return lessonManifest(l, version, site) })
}

// Course zips the course site in dir as one SCORM 1.2 package:
// <course id>-<version>-scorm12.zip, an item and a SCO per lesson (the
// LMS tracks each on its own), and the files they share as an asset
// resource every SCO depends on. The home page is not a SCO: the LMS's own
// table of contents takes its place.
func Course(dir string, c *lesson.Course, version string) (string, error) {
	return writePackage(dir, c.ID, version, func(site []string) []byte { return courseManifest(c, version, site) })
}

// writePackage zips the site in dir, with the manifest made from its file
// list and the schema files, into dir/<id>-<version>-scorm12.zip, written
// whole or not at all.
func writePackage(dir, id, version string, manifest func(site []string) []byte) (string, error) {
	list, err := files.List(dir)
	if err != nil {
		return "", err
	}
	var site []string
	for _, f := range list {
		// Not an earlier package, nor a precompressed copy (an LMS serves
		// the plain files).
		if !strings.HasSuffix(f, ".zip") && !compress.IsVariant(f) {
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
	for _, x := range Schemas() {
		if err != nil {
			break
		}
		var b []byte
		if b, err = schemas.ReadFile("scorm12/" + x); err == nil {
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
