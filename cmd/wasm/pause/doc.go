// Package pause gives the browser its turns during Go's start, so the
// wasm's start is several short tasks, not one long one that holds back
// input and frames. Turn returns to the browser's event loop and resumes in
// a later task; cmd/wasm calls it between its steps, and the package's own
// init calls it in the middle of package initialisation.
//
// Go initialises a package once its imports are; among those ready, the
// first by import path goes first. Importing syscall/js alone, this one is
// ready early and runs after about a quarter of package initialisation's
// time (GODEBUG=inittrace=1). An init that waits returns to the JavaScript
// event loop: nothing else can run.
package pause
