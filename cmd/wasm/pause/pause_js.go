//go:build js && wasm

package pause

import "syscall/js"

func init() { Turn() }

// Turn waits for a zero-delay timer's callback, not a sleep: early in the
// start the scheduler's own first run (its functions compiled on first
// call) can outlast a short sleep, and Go then runs on without returning
// to the browser.
func Turn() {
	done := make(chan struct{})
	var f js.Func
	f = js.FuncOf(func(js.Value, []js.Value) any {
		f.Release()
		close(done)
		return nil
	})
	js.Global().Call("setTimeout", f)
	<-done
}
