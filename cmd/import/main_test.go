package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const seed = "../../internal/notebook/testdata/day1-00.ipynb"

// The seed to stdout, with content/ui.yaml compared: a lesson, no warnings.
func TestImportToStdout(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"-ui", "../../content/ui.yaml", seed}, &out, &errb)
	if code != 0 || errb.Len() != 0 {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
	if !strings.HasPrefix(out.String(), "---\nid: day1-00\n") || !strings.Contains(out.String(), "```{quiz}") {
		t.Errorf("stdout is not the imported lesson:\n%s", out.String())
	}
}

// -o writes the file, and refuses to replace one unless -force: a lesson
// may hold edits made since the last import.
func TestImportToFile(t *testing.T) {
	dst := filepath.Join(t.TempDir(), "day1-00.md")
	var out, errb bytes.Buffer
	if code := run([]string{"-ui", "", "-o", dst, seed}, &out, &errb); code != 0 || out.Len() != 0 {
		t.Fatalf("exit %d, stdout %d bytes, stderr %q", code, out.Len(), errb.String())
	}
	first, err := os.ReadFile(dst)
	if err != nil || !bytes.HasPrefix(first, []byte("---\n")) {
		t.Fatalf("written file: %v %q", err, first)
	}
	if err := os.WriteFile(dst, []byte("edited"), 0o644); err != nil {
		t.Fatal(err)
	}
	errb.Reset()
	if code := run([]string{"-ui", "", "-o", dst, seed}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "already exists") {
		t.Errorf("over an existing file: exit %d, stderr %q; want 1 and 'already exists'", code, errb.String())
	}
	if b, _ := os.ReadFile(dst); string(b) != "edited" {
		t.Errorf("the existing file was changed to %q", b)
	}
	if code := run([]string{"-ui", "", "-force", "-o", dst, seed}, &out, &errb); code != 0 {
		t.Errorf("-force: exit %d", code)
	}
	if b, _ := os.ReadFile(dst); !bytes.Equal(b, first) {
		t.Error("-force did not write the lesson")
	}
}

// Warnings go to stderr and the lesson still to stdout; a notebook that
// cannot be read is exit 1 with the file named and nothing on stdout;
// bad usage is exit 2.
func TestImportErrorsAndWarnings(t *testing.T) {
	dir := t.TempDir()
	warn := filepath.Join(dir, "w.ipynb")
	if err := os.WriteFile(warn, []byte(`{"nbformat": 4, "cells": [{"cell_type": "markdown", "source": "# T\n\nx\n\n## S"}, {"cell_type": "code", "source": "import torch"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-ui", "", warn}, &out, &errb); code != 0 || errb.String() != warn+":cell 2: not converted: code to run (imports torch)\n" || !strings.Contains(out.String(), "import torch") {
		t.Errorf("exit %d, stderr %q, stdout:\n%s", code, errb.String(), out.String())
	}

	bad := filepath.Join(dir, "bad.ipynb")
	if err := os.WriteFile(bad, []byte(`{"nbformat": 3}`), 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	errb.Reset()
	if code := run([]string{"-ui", "", bad}, &out, &errb); code != 1 || out.Len() != 0 || !strings.HasPrefix(errb.String(), bad+": nbformat 3 is too old") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out.String(), errb.String())
	}
	errb.Reset()
	if code := run([]string{"-ui", "", filepath.Join(dir, "missing.ipynb")}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "missing.ipynb") {
		t.Errorf("missing file: exit %d, stderr %q", code, errb.String())
	}
	errb.Reset()
	if code := run([]string{"-ui", filepath.Join(dir, "none.yaml"), seed}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "none.yaml") {
		t.Errorf("a -ui file that is missing: exit %d, stderr %q", code, errb.String())
	}
	for _, args := range [][]string{{}, {"a.ipynb", "b.ipynb"}, {"-nope", seed}} {
		errb.Reset()
		if code := run(args, &out, &errb); code != 2 || !strings.Contains(errb.String(), "usage: import") {
			t.Errorf("run(%q): exit %d, stderr %q; want 2 and the usage", args, code, errb.String())
		}
	}
}
