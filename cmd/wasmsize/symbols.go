package main

import (
	"os"
	"os/exec"
	"sort"
	"strings"
)

// mangle is how a name appears in the name section: Go's wasm linker
// replaces every character that is not an ASCII letter, digit, '_' or '.'
// with '_' (cmd/link/internal/wasm: the regexp [^\w.]), so
// "github.com/maxence-charriere/go-app/v10/pkg/app.(*Event).Equal"
// becomes "github.com_maxence_charriere_go_app_v10_pkg_app.__Event_.Equal".
// The mapping loses information ("a/b" and "a_b" look alike), so pkgOf
// matches the mangled forms of the packages the go command lists instead of
// trying to undo it.
func mangle(name string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '.' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' {
			return r
		}
		return '_'
	}, name)
}

// pkgOf is the package, as the go command names it, of a symbol of the
// name section: the first package of pkgs (longest first, as deps sorts
// them) whose mangled or plain path the symbol starts with, followed by a
// dot. What the linker and compiler make up ("go_buildid", "wasm_pc_f_loop",
// "type_.eq.…" equality functions) is "(runtime-generated)".
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
