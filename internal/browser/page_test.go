package browser

import (
	"testing"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
)

func TestProblem(t *testing.T) {
	arg := func(v string) *runtime.RemoteObject { return &runtime.RemoteObject{Value: []byte(`"` + v + `"`)} }
	for _, c := range []struct {
		name string
		ev   any
		want string // "" for no problem
	}{
		{"console.error", &runtime.EventConsoleAPICalled{Type: runtime.ConsoleAPICalledTypeError, Args: []*runtime.RemoteObject{arg("boom"), arg("now")}}, "console.error: boom now"},
		{"console.assert", &runtime.EventConsoleAPICalled{Type: runtime.ConsoleAPICalledTypeAssert, Args: []*runtime.RemoteObject{arg("x")}}, "console.assert: x"},
		{"Go panic on console.log", &runtime.EventConsoleAPICalled{Type: runtime.ConsoleAPICalledTypeLog, Args: []*runtime.RemoteObject{arg("panic: nil map")}}, "console.log: panic: nil map"},
		{"Go fatal error", &runtime.EventConsoleAPICalled{Type: runtime.ConsoleAPICalledTypeLog, Args: []*runtime.RemoteObject{arg("fatal error: all goroutines are asleep")}}, "console.log: fatal error: all goroutines are asleep"},
		{"plain console.log", &runtime.EventConsoleAPICalled{Type: runtime.ConsoleAPICalledTypeLog, Args: []*runtime.RemoteObject{arg("hello")}}, ""},
		{"console.warn", &runtime.EventConsoleAPICalled{Type: runtime.ConsoleAPICalledTypeWarning, Args: []*runtime.RemoteObject{arg("careful")}}, ""},
		{"an object argument", &runtime.EventConsoleAPICalled{Type: runtime.ConsoleAPICalledTypeError, Args: []*runtime.RemoteObject{{Description: "TypeError: x is undefined"}}}, "console.error: TypeError: x is undefined"},
		{"exception", &runtime.EventExceptionThrown{ExceptionDetails: &runtime.ExceptionDetails{Text: "Uncaught", Exception: &runtime.RemoteObject{Description: "Error: bad"}}}, "exception: Uncaught Error: bad"},
		{"exception without an object", &runtime.EventExceptionThrown{ExceptionDetails: &runtime.ExceptionDetails{Text: "Uncaught"}}, "exception: Uncaught"},
		{"log error", &log.EventEntryAdded{Entry: &log.Entry{Level: log.EntryLevelError, Text: "Failed to load resource", URL: "http://127.0.0.1/x"}}, "log: Failed to load resource http://127.0.0.1/x"},
		{"log warning", &log.EventEntryAdded{Entry: &log.Entry{Level: log.EntryLevelWarning, Text: "slow"}}, ""},
		{"another event", &runtime.EventExecutionContextsCleared{}, ""},
	} {
		got, ok := Problem(c.ev)
		if ok != (c.want != "") || got != c.want {
			t.Errorf("%s: Problem = %q, %v; want %q, %v", c.name, got, ok, c.want, c.want != "")
		}
	}
}
