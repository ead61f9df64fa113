package main

import (
	"sort"
	"testing"
)

// linked is part of what `go list -deps ./cmd/wasm` says for GOOS=js
// GOARCH=wasm, sorted longest first as deps does.
var linked = func() []string {
	p := []string{
		"runtime", "internal/runtime/atomic", "reflect", "encoding/json", "unique",
		"crypto/internal/fips140/mlkem", "crypto/internal/fips140", "vendor/golang.org/x/net/http/httpproxy",
		"github.com/maxence-charriere/go-app/v10/pkg/app", "golesson/app/lesson", "golesson/app/ui", "syscall/js",
	}
	sort.Slice(p, func(i, j int) bool { return len(p[i]) > len(p[j]) })
	return p
}()

func TestMangle(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"github.com/maxence-charriere/go-app/v10/pkg/app", "github.com_maxence_charriere_go_app_v10_pkg_app"},
		{"runtime.(*linearAlloc).alloc", "runtime.__linearAlloc_.alloc"},
		{"type:.eq.[2]string", "type_.eq._2_string"},
		{"golesson/app/ui.(*quiz).Render", "golesson_app_ui.__quiz_.Render"},
		{"example.com/é~x+y", "example.com___x_y"}, // one '_' per character, multi-byte or not
	} {
		if got := mangle(c.in); got != c.want {
			t.Errorf("mangle(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// The symbols are real ones, from the name section of a build of ./cmd/wasm
// with Go 1.26.
func TestPkgOf(t *testing.T) {
	for _, c := range []struct{ sym, want string }{
		{"github.com_maxence_charriere_go_app_v10_pkg_app.__browser_.handleNavigationFromJS.func1", "github.com/maxence-charriere/go-app/v10/pkg/app"},
		{"github.com_maxence_charriere_go_app_v10_pkg_app.makeRequestPage", "github.com/maxence-charriere/go-app/v10/pkg/app"},
		// A method of ours that go-app's interface promoted: ours, not go-app's.
		{"golesson_app_ui.__quiz_.github.com_maxence_charriere_go_app_v10_pkg_app.setParent", "golesson/app/ui"},
		{"golesson_app_ui.__store_.save", "golesson/app/ui"},
		{"golesson_app_lesson.bagF1_go.shape.string_", "golesson/app/lesson"},
		{"golesson_app_lesson.CalcBlock.Compute", "golesson/app/lesson"},
		{"runtime.__linearAlloc_.alloc", "runtime"},
		{"internal_runtime_atomic.Casint32", "internal/runtime/atomic"},
		{"encoding_json.valueEncoder", "encoding/json"},
		{"syscall_js.__Value_.Equal", "syscall/js"},
		{"reflect.TypeFor_go.shape.float64_", "reflect"},
		{"unique.__node_go.shape.struct___net_netip.isV6_bool__net_netip.zoneV6_string____.entry", "unique"},
		// The longer package wins over its parent.
		{"crypto_internal_fips140_mlkem.polyByteEncode_go.shape._256_crypto_internal_fips140_mlkem.fieldElement_", "crypto/internal/fips140/mlkem"},
		{"vendor_golang.org_x_net_http_httpproxy.__Config_.ProxyFunc", "vendor/golang.org/x/net/http/httpproxy"},
		// A standard package missing from the list: its name, not a guess.
		{"strings.__Builder_.grow", "strings"},
		// Made up by the linker or the compiler.
		{"go_buildid", "(runtime-generated)"},
		{"wasm_pc_f_loop", "(runtime-generated)"},
		{"type_.eq.internal_abi.ITab", "(runtime-generated)"},
		{"memchr", "(runtime-generated)"},
		{"", "(unnamed)"},
	} {
		if got := pkgOf(c.sym, linked); got != c.want {
			t.Errorf("pkgOf(%q) = %q, want %q", c.sym, got, c.want)
		}
	}
}
