// Command import turns a course notebook into a lesson file:
//
//	go run ./cmd/import NOTEBOOK.ipynb > content/NAME.md
//	go run ./cmd/import -o content/NAME.md NOTEBOOK.ipynb
//
// Warnings (cells not converted, things to check) go to stderr as
// "NOTEBOOK:cell N: …". Exit status: 0 imported, 1 the notebook cannot be
// read, 2 bad usage.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"golesson/app/lesson"
	"golesson/app/parse"
	"golesson/internal/notebook"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "write the lesson to this file (only when the import succeeds) instead of stdout")
	force := fs.Bool("force", false, "with -o, replace an existing file")
	uiPath := fs.String("ui", filepath.Join("content", parse.UIFile), "the interface words to compare the notebook's quiz words with (\"\" for none)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: import [-o content/NAME.md] [-force] [-ui content/ui.yaml] NOTEBOOK.ipynb")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	name := fs.Arg(0)

	var ui *lesson.UI
	if *uiPath != "" {
		src, err := os.ReadFile(*uiPath)
		switch {
		case err == nil:
			u, err := parse.UI(*uiPath, src)
			if err != nil {
				fmt.Fprintln(stderr, err)
				return 1
			}
			ui = &u
		case errors.Is(err, os.ErrNotExist) && !flagSet(fs, "ui"):
			// Run outside the repository: nothing to compare with.
		default:
			fmt.Fprintln(stderr, err)
			return 1
		}
	}

	data, err := readCapped(name)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	res, err := notebook.Import(name, data, ui)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, w)
	}
	if *out == "" {
		if _, err := stdout.Write(res.Lesson); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		return 0
	}
	if err := writeNew(*out, res.Lesson, *force); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintf(stderr, "%s: written from %s\n", *out, name)
	return 0
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// readCapped reads at most one byte over the importer's cap, so a huge
// file is refused without being read whole.
func readCapped(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, notebook.MaxSize+1))
}

// writeNew writes the lesson next to its final name and renames it, so a
// failed write never leaves half a lesson; an existing lesson (perhaps
// edited by hand since) is kept unless force is set.
func writeNew(path string, data []byte, force bool) error {
	if _, err := os.Stat(path); err == nil && !force {
		return fmt.Errorf("%s already exists: it may hold edits; remove it, choose another name or pass -force", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".import-*.md")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}
