//go:build !wasm

// This file is not part of go-app v10.1.11: LocalDir moved here from
// resource.go so that the browser build does not import net/http.

package app

import (
	"net/http"
	"strings"
)

// LocalDir returns a ResourceResolver for local resources. It resolves paths
// starting with /web/ to their full file path based on the specified local directory.
// This resolver is suitable for handling resources stored in the local filesystem.
func LocalDir(directory string) ResourceResolver {
	directory = strings.TrimRight(directory, "/")
	return localResourceResolver{
		resourceHandler: http.FileServer(http.Dir(directory)),
		directory:       directory,
	}
}

// resourceHandler serves local resources on the server.
type resourceHandler = http.Handler
