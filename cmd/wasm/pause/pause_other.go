//go:build !(js && wasm)

package pause

// Turn has no event loop to return to outside the browser.
func Turn() {}
