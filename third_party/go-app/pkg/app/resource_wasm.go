//go:build wasm

// This file is not part of go-app v10.1.11: in the browser a local
// resource resolver serves nothing, so it needs no net/http.

package app

type resourceHandler interface{}
