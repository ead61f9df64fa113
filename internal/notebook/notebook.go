// Package notebook turns a course's Jupyter notebook (nbformat 4) into a
// lesson file: Markdown cells verbatim, recognised widget cells as typed
// blocks ({cards}, {quiz}, {calculator}) read from their literal code, and
// every other cell as an author note with a warning. Nothing is executed.
//
// It is a build-time tool (cmd/import); the WebAssembly client never links
// it.
package notebook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// MaxSize caps the notebook file the importer reads. A course notebook
// without outputs is tens of kilobytes (the seed: 16 kB); saved outputs
// such as plots make it larger, and the importer uses no outputs.
const MaxSize = 4 << 20

// Error is a notebook the importer cannot read. Cell is 1-based, 0 when the
// problem is the whole file.
type Error struct {
	File string
	Cell int
	Msg  string
}

func (e *Error) Error() string {
	if e.Cell > 0 {
		return fmt.Sprintf("%s:cell %d: %s", e.File, e.Cell, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Warning is something the importer did not convert, or that the author
// should check. It prints as "NOTEBOOK:cell N: not converted: what it is".
type Warning struct {
	File string
	Cell int // 0: the whole lesson
	Msg  string
}

func (w Warning) String() string {
	if w.Cell > 0 {
		return fmt.Sprintf("%s:cell %d: %s", w.File, w.Cell, w.Msg)
	}
	return fmt.Sprintf("%s: %s", w.File, w.Msg)
}

type cell struct {
	Type    string            `json:"cell_type"`
	Source  source            `json:"source"`
	Outputs []json.RawMessage `json:"outputs"`
	// Attachments are files (mostly images) pasted into a Markdown cell.
	Attachments map[string]json.RawMessage `json:"attachments"`
}

// source is a cell's text: nbformat allows one string or a list of lines.
type source string

func (s *source) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*s = source(one)
		return nil
	}
	var lines []string
	if err := json.Unmarshal(b, &lines); err != nil {
		return errors.New("source is neither a string nor a list of strings")
	}
	*s = source(strings.Join(lines, ""))
	return nil
}

type output struct {
	Type string                     `json:"output_type"`
	Data map[string]json.RawMessage `json:"data"`
}

// decode reads and checks the notebook's structure.
func decode(name string, data []byte) ([]cell, error) {
	if len(data) > MaxSize {
		return nil, &Error{File: name, Msg: fmt.Sprintf("%d bytes is over the importer's limit of %d MiB; clear the outputs in Jupyter (Edit → Clear Outputs of All Cells), save and import again", len(data), MaxSize>>20)}
	}
	var top struct {
		NBFormat *int            `json:"nbformat"`
		Cells    json.RawMessage `json:"cells"`
	}
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, &Error{File: name, Msg: "not a notebook: " + jsonErr(data, err)}
	}
	switch {
	case top.NBFormat == nil:
		return nil, &Error{File: name, Msg: `not a notebook: no "nbformat" field`}
	case *top.NBFormat < 4:
		return nil, &Error{File: name, Msg: fmt.Sprintf("nbformat %d is too old; open and save it in Jupyter (version 4 or later), then import again", *top.NBFormat)}
	case *top.NBFormat > 4:
		return nil, &Error{File: name, Msg: fmt.Sprintf("nbformat %d is not known to the importer (it reads version 4)", *top.NBFormat)}
	}
	var raw []json.RawMessage
	if len(top.Cells) == 0 || json.Unmarshal(top.Cells, &raw) != nil {
		return nil, &Error{File: name, Msg: `not a notebook: no "cells" list`}
	}
	if len(raw) == 0 {
		return nil, &Error{File: name, Msg: "the notebook has no cells"}
	}
	cells := make([]cell, len(raw))
	for i, r := range raw {
		n := i + 1
		c := &cells[i]
		if err := json.Unmarshal(r, c); err != nil {
			return nil, &Error{File: name, Cell: n, Msg: "not a notebook cell: " + jsonErr(r, err)}
		}
		switch c.Type {
		case "markdown", "code", "raw":
		case "":
			return nil, &Error{File: name, Cell: n, Msg: `cell has no "cell_type"`}
		default:
			return nil, &Error{File: name, Cell: n, Msg: fmt.Sprintf("unknown cell type %q (nbformat 4 has markdown, code and raw)", c.Type)}
		}
		for _, o := range c.Outputs {
			var out output
			if json.Unmarshal(o, &out) != nil {
				return nil, &Error{File: name, Cell: n, Msg: "an output is not an nbformat output"}
			}
			for mime := range out.Data {
				if binaryMIME(mime) {
					return nil, &Error{File: name, Cell: n, Msg: fmt.Sprintf("an output holds %s (binary); the importer works from code, never from outputs, and will not drop it silently: clear the outputs in Jupyter (Edit → Clear Outputs of All Cells), save and import again", mime)}
				}
			}
		}
	}
	return cells, nil
}

// binaryMIME: images, audio, video, PDFs and other non-text outputs.
func binaryMIME(m string) bool {
	if strings.HasPrefix(m, "text/") || strings.HasSuffix(m, "+json") || strings.HasSuffix(m, "/json") ||
		strings.HasSuffix(m, "/javascript") || m == "image/svg+xml" {
		return m == "image/svg+xml" // SVG is text, but an image all the same
	}
	return true
}

// jsonErr says where JSON is broken, as a line and column.
func jsonErr(data []byte, err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		// Offset counts the bytes read, the bad one included; at the end
		// of the input, the position is the end.
		before := data
		if int(se.Offset) < len(data) {
			before = data[:max(int(se.Offset)-1, 0)]
		}
		line := bytes.Count(before, []byte("\n")) + 1
		col := len(before) - bytes.LastIndexByte(before, '\n')
		return fmt.Sprintf("invalid JSON at line %d, column %d: %v", line, col, se)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field != "" {
			return fmt.Sprintf("field %q holds a JSON %s", te.Field, te.Value)
		}
		return fmt.Sprintf("a JSON %s where an object is expected", te.Value)
	}
	return err.Error()
}
