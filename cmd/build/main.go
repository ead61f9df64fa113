// Command build turns the course, or one lesson, into a static site.
//
//	build [-course content/course.yaml] [-lesson content/x.md] [-out dist] [-scorm]
//
// With -lesson it builds that one lesson alone, as before courses; without,
// the course. A content error stops the build with "file:line: what is
// wrong".
package main

import (
	"flag"
	"fmt"
	"os"

	"golesson/internal/scorm"
	"golesson/internal/site"
)

func main() {
	var o site.Options
	course := flag.String("course", "content/course.yaml", "course manifest to build (unless -lesson is set)")
	flag.StringVar(&o.Lesson, "lesson", "", "build this one lesson file alone instead of the course")
	flag.StringVar(&o.Web, "web", "web", "static assets folder")
	flag.StringVar(&o.Out, "out", "dist", "output folder (its contents are replaced)")
	flag.StringVar(&o.Wasm, "wasm", "", "use this prebuilt app.wasm instead of compiling one")
	packages := flag.Bool("scorm", false, "also write SCORM 1.2 packages (zips) into the output folder")
	flag.Parse()
	if err := run(o, *course, *packages); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(o site.Options, course string, packages bool) error {
	if o.Lesson != "" {
		r, err := site.Build(o)
		if err != nil {
			return err
		}
		fmt.Printf("built %s (version %s, %d files) into %s\n", o.Lesson, r.Version, len(r.Files), o.Out)
		if packages {
			zip, err := scorm.Lesson(o.Out, r.Lesson, r.Version)
			if err != nil {
				return err
			}
			fmt.Printf("SCORM 1.2 package: %s\n", zip)
		}
		return nil
	}
	co := site.CourseOptions{Course: course, Web: o.Web, Out: o.Out, Wasm: o.Wasm}
	r, err := site.BuildCourse(co)
	if err != nil {
		return err
	}
	fmt.Printf("built %s: %d lessons (version %s, %d files) into %s\n", course, len(r.Course.Lessons), r.Version, len(r.Files), o.Out)
	if packages {
		zips, err := site.PackageCourseSCORM(co, r)
		if err != nil {
			return err
		}
		for _, z := range zips {
			fmt.Printf("SCORM 1.2 package: %s\n", z)
		}
	}
	return nil
}
