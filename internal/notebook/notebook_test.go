package notebook

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// badNotebooks: input the importer refuses, with the cell the error must
// name (0: the file) and words of its message.
var badNotebooks = []struct {
	name string
	data string
	cell int
	msg  string
}{
	{"empty file", "", 0, "not a notebook: invalid JSON at line 1, column 1"},
	{"not JSON", "# Title\n\nsome markdown", 0, "not a notebook: invalid JSON at line 1, column 1"},
	{"broken JSON", "{\n \"nbformat\": 4,\n \"cells\": [\n", 0, "invalid JSON at line 4"},
	{"a JSON list", `[1, 2]`, 0, "not a notebook: a JSON array where an object is expected"},
	{"no nbformat", `{"cells": []}`, 0, `no "nbformat" field`},
	{"nbformat 3", `{"nbformat": 3, "worksheets": [{"cells": []}]}`, 0, "nbformat 3 is too old"},
	{"nbformat 5", `{"nbformat": 5, "cells": [{"cell_type": "markdown", "source": "x"}]}`, 0, "nbformat 5 is not known"},
	{"nbformat a string", `{"nbformat": "4", "cells": []}`, 0, `field "nbformat" holds a JSON string`},
	{"no cells field", `{"nbformat": 4}`, 0, `no "cells" list`},
	{"cells not a list", `{"nbformat": 4, "cells": {}}`, 0, `no "cells" list`},
	{"no cells", `{"nbformat": 4, "cells": []}`, 0, "the notebook has no cells"},
	{"unknown cell type", `{"nbformat": 4, "cells": [{"cell_type": "markdown", "source": "# T"}, {"cell_type": "heading", "source": "x"}]}`, 2, `unknown cell type "heading"`},
	{"cell without type", `{"nbformat": 4, "cells": [{"source": "x"}]}`, 1, `cell has no "cell_type"`},
	{"cell not an object", `{"nbformat": 4, "cells": ["x"]}`, 1, "not a notebook cell"},
	{"source a number", `{"nbformat": 4, "cells": [{"cell_type": "code", "source": 3}]}`, 1, "source is neither a string nor a list of strings"},
	{"image output", `{"nbformat": 4, "cells": [{"cell_type": "markdown", "source": "# T"}, {"cell_type": "code", "source": "plt.plot()", "outputs": [{"output_type": "display_data", "data": {"text/plain": "<Figure>", "image/png": "iVBORw0KGgo="}}]}]}`, 2, "an output holds image/png (binary)"},
	{"svg output", `{"nbformat": 4, "cells": [{"cell_type": "code", "source": "x", "outputs": [{"output_type": "execute_result", "data": {"image/svg+xml": "<svg/>"}}]}]}`, 1, "image/svg+xml"},
	{"output not an object", `{"nbformat": 4, "cells": [{"cell_type": "code", "source": "x", "outputs": [7]}]}`, 1, "an output is not an nbformat output"},
	{"huge notebook", `{"nbformat": 4, "cells": [{"cell_type": "markdown", "source": "` + strings.Repeat("x", MaxSize) + `"}]}`, 0, "over the importer's limit of 4 MiB"},
}

func TestBadNotebooks(t *testing.T) {
	for _, tc := range badNotebooks {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Import("dir/bad.ipynb", []byte(tc.data), nil)
			if err == nil {
				t.Fatalf("Import = %d bytes and no error, want an error", len(res.Lesson))
			}
			var e *Error
			if !errors.As(err, &e) || e.File != "dir/bad.ipynb" || e.Cell != tc.cell {
				t.Fatalf("error %q (%T), want one naming dir/bad.ipynb and cell %d", err, err, tc.cell)
			}
			prefix := "dir/bad.ipynb: "
			if tc.cell > 0 {
				prefix = "dir/bad.ipynb:cell " + string(rune('0'+tc.cell)) + ": "
			}
			if !strings.HasPrefix(err.Error(), prefix) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q, want %q…%q", err, prefix, tc.msg)
			}
		})
	}
}

// Text outputs are allowed (the importer reads code, not outputs) and
// nbformat's one-string source too.
func TestTextOutputsAndStringSource(t *testing.T) {
	data := `{"nbformat": 4, "nbformat_minor": 2, "cells": [
	 {"cell_type": "markdown", "source": "# T\n\nText.\n\n## S"},
	 {"cell_type": "code", "source": "print(1)", "outputs": [{"output_type": "stream", "name": "stdout", "text": ["1\n"]},
	   {"output_type": "execute_result", "data": {"text/plain": "1", "text/html": "<b>1</b>", "application/vnd.jupyter.widget-view+json": {"model_id": "x"}}}]}]}`
	res, err := Import("t.ipynb", []byte(data), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(res.Lesson), "print(1)") || len(res.Warnings) != 1 {
		t.Errorf("warnings %v, lesson:\n%s\nwant one warning and the code print(1) kept", res.Warnings, res.Lesson)
	}
}

// The importer is a build-time tool: the browser's binary never links it.
func TestWasmDoesNotLinkTheImporter(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "golesson/cmd/wasm")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	// The list is real: the wasm links the lesson model.
	if !strings.Contains(" "+strings.Join(deps, " ")+" ", " golesson/app/lesson ") {
		t.Fatalf("go list output lacks golesson/app/lesson: %q", out)
	}
	for _, d := range deps {
		if d == "golesson/internal/notebook" {
			t.Error("cmd/wasm links golesson/internal/notebook")
		}
	}
}
