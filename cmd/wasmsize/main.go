// Command wasmsize breaks the lesson's app.wasm down by Go package: how many
// bytes of code each one links in. It builds ./cmd/wasm with symbols (the
// shipped build strips them), reads the WebAssembly name section and sums
// the function bodies of the code section per package.
//
//	go run ./cmd/wasmsize [-top 25] [-wasm file.wasm]
package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	top := flag.Int("top", 25, "packages to list")
	file := flag.String("wasm", "", "a wasm built with symbols (default: build ./cmd/wasm)")
	flag.Parse()
	if err := run(*file, *top); err != nil {
		fmt.Fprintln(os.Stderr, "wasmsize:", err)
		os.Exit(1)
	}
}

func run(file string, top int) error {
	if file == "" {
		dir, err := os.MkdirTemp("", "wasmsize-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		file = filepath.Join(dir, "app.wasm")
		cmd := exec.Command("go", "build", "-trimpath", "-gcflags=all=-l", "-o", file, "./cmd/wasm")
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return err
		}
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	sizes, names, imported, sections, err := parse(b)
	if err != nil {
		return err
	}
	pkgs, err := deps()
	if err != nil {
		return err
	}
	byPkg := map[string]int{}
	code := 0
	for i, n := range sizes {
		code += n
		byPkg[pkgOf(names[imported+i], pkgs)] += n
	}
	type row struct {
		pkg  string
		size int
	}
	var rows []row
	for p, n := range byPkg {
		rows = append(rows, row{p, n})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].size > rows[j].size })
	fmt.Printf("%s: %d bytes with symbols; code %d bytes in %d functions; data %d bytes\n\n", file, len(b), code, len(sizes), sections[11])
	fmt.Println("| package | code bytes | share |")
	fmt.Println("|---|---:|---:|")
	for i, r := range rows {
		if i == top {
			rest := 0
			for _, r := range rows[top:] {
				rest += r.size
			}
			fmt.Printf("| (%d more) | %d | %.1f%% |\n", len(rows)-top, rest, 100*float64(rest)/float64(code))
			break
		}
		fmt.Printf("| %s | %d | %.1f%% |\n", r.pkg, r.size, 100*float64(r.size)/float64(code))
	}
	return nil
}

// deps lists the packages ./cmd/wasm links, as the go command names them.
func deps() ([]string, error) {
	cmd := exec.Command("go", "list", "-deps", "./cmd/wasm")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, err
	}
	pkgs := strings.Fields(string(out))
	// Longest first: a symbol belongs to the longest package it starts with.
	sort.Slice(pkgs, func(i, j int) bool { return len(pkgs[i]) > len(pkgs[j]) })
	return pkgs, nil
}

// mangle is how a package path appears in the name section: the linker
// writes "/" and "-" (and any other byte a wasm name would not keep
// readable) as "_", so "github.com/maxence-charriere/go-app/v10/pkg/app"
// becomes "github.com_maxence_charriere_go_app_v10_pkg_app".
func mangle(pkg string) string {
	return strings.Map(func(r rune) rune {
		if r == '/' || r == '-' {
			return '_'
		}
		return r
	}, pkg)
}

// pkgOf is the package, as the go command names it, of a symbol of the
// name section: the longest package of pkgs whose mangled or plain path
// the symbol starts with, followed by a dot. Runtime helpers the linker
// makes up ("go:buildid", "wasm_pc_f_loop") are "(runtime-generated)".
func pkgOf(sym string, pkgs []string) string {
	if sym == "" {
		return "(unnamed)"
	}
	for _, p := range pkgs {
		for _, form := range []string{p, mangle(p)} {
			if strings.HasPrefix(sym, form+".") {
				return p
			}
		}
	}
	if i := strings.Index(sym, "."); i > 0 && !strings.Contains(sym[:i], "_") {
		return sym[:i] // a standard-library package the list missed
	}
	return "(runtime-generated)"
}

// parse reads the sizes of the code section's function bodies, the
// function names, how many functions are imported, and each section's size.
func parse(b []byte) (sizes []int, names map[int]string, imported int, sections map[byte]int, err error) {
	if len(b) < 8 || !bytes.Equal(b[:4], []byte("\x00asm")) {
		return nil, nil, 0, nil, errors.New("not a wasm file")
	}
	names, sections = map[int]string{}, map[byte]int{}
	r := &reader{b: b, i: 8}
	for r.i < len(b) {
		id := r.byte()
		n := int(r.uleb())
		body := &reader{b: b[r.i : r.i+n]}
		sections[id] += n
		switch id {
		case 2: // imports: count the functions
			for count := int(body.uleb()); count > 0; count-- {
				body.name()
				body.name()
				switch body.byte() {
				case 0:
					body.uleb()
					imported++
				case 1:
					body.byte()
					body.limits()
				case 2:
					body.limits()
				case 3:
					body.byte()
					body.byte()
				}
			}
		case 10: // code
			for count := int(body.uleb()); count > 0; count-- {
				size := int(body.uleb())
				sizes = append(sizes, size)
				body.i += size
			}
		case 0: // custom: the name section's function names
			if body.name() == "name" {
				for body.i < len(body.b) {
					sub := body.byte()
					sn := int(body.uleb())
					if sub != 1 {
						body.i += sn
						continue
					}
					for count := int(body.uleb()); count > 0; count-- {
						idx := int(body.uleb())
						names[idx] = body.name()
					}
				}
			}
		}
		r.i += n
	}
	if len(names) == 0 {
		return nil, nil, 0, nil, errors.New("no function names: build without -s")
	}
	return sizes, names, imported, sections, nil
}

type reader struct {
	b []byte
	i int
}

func (r *reader) byte() byte { c := r.b[r.i]; r.i++; return c }

func (r *reader) uleb() uint64 {
	v, n := binary.Uvarint(r.b[r.i:])
	r.i += n
	return v
}

func (r *reader) name() string {
	n := int(r.uleb())
	s := string(r.b[r.i : r.i+n])
	r.i += n
	return s
}

func (r *reader) limits() {
	if r.byte() == 1 {
		r.uleb()
	}
	r.uleb()
}
