// Package pause gives the browser a turn in the middle of Go's start, so
// the wasm's start is two tasks, not one long one that holds back input and
// frames: the runtime's own start and the first package initialisers, then
// the rest of them. cmd/wasm imports it for that side effect only.
//
// Go initialises a package once its imports are; among those ready, the
// first by import path goes first. Importing syscall/js alone, this one is
// ready early and runs after about a quarter of package initialisation's
// time (GODEBUG=inittrace=1). An init that waits returns to the JavaScript
// event loop: nothing else can run.
package pause
