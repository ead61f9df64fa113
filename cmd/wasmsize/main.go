// Command wasmsize breaks the lesson's app.wasm down by Go package: how many
// bytes of code each one links in. It builds ./cmd/wasm with symbols (the
// shipped build strips them), reads the WebAssembly name section and sums
// the function bodies of the code section per package.
//
//	go run ./cmd/wasmsize [-top 25] [-wasm file.wasm]
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
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
