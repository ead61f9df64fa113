// Command build turns a lesson into a static site.
//
//	build [-lesson content/day1-00-finetuning.md] [-out dist] [-scorm]
//
// A content error stops the build with "file:line: what is wrong".
package main

import (
	"flag"
	"fmt"
	"os"

	"golesson/internal/site"
)

func main() {
	var o site.Options
	flag.StringVar(&o.Lesson, "lesson", "content/day1-00-finetuning.md", "lesson file to build")
	flag.StringVar(&o.Web, "web", "web", "static assets folder")
	flag.StringVar(&o.Out, "out", "dist", "output folder (its contents are replaced)")
	flag.StringVar(&o.Wasm, "wasm", "", "use this prebuilt app.wasm instead of compiling one")
	scorm := flag.Bool("scorm", false, "also write a SCORM 1.2 package (a zip) into the output folder")
	flag.Parse()
	r, err := site.Build(o)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("built %s (version %s, %d files) into %s\n", o.Lesson, r.Version, len(r.Files), o.Out)
	if *scorm {
		zip, err := site.PackageSCORM(o.Out, r.Lesson, r.Version)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("SCORM 1.2 package: %s\n", zip)
	}
}
