package site

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golesson/internal/scorm"
)

// PackageCourseSCORM writes the SCORM 1.2 packages of a built course into
// its output folder: one package per lesson (the lesson built alone, as
// scorm.Lesson packages it, with the course's xAPI ids and mastery score) and
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
		z, err := scorm.Lesson(out, &alone, lr.Version)
		if err != nil {
			return nil, err
		}
		dst := filepath.Join(o.Out, filepath.Base(z))
		if err := os.Rename(z, dst); err != nil {
			return nil, err
		}
		zips = append(zips, dst)
	}
	z, err := scorm.Course(o.Out, r.Course, r.Version)
	if err != nil {
		return nil, err
	}
	return append(zips, z), nil
}
