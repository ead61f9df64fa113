package nginx

import (
	"strings"
	"testing"

	"golesson/internal/server"
)

func TestConfig(t *testing.T) {
	c := Config("/tmp/p", "/srv/dist", "127.0.0.1:4567", 3)
	for _, want := range []string{
		"listen 127.0.0.1:4567;", // loopback only
		"root /srv/dist;",
		"pid /tmp/p/nginx.pid;",
		"load_module " + BrotliModule + ";",
		"brotli_static on;",
		"gzip_static on;",
		"application/wasm wasm;",
		"location ~ \"" + server.FingerprintPattern() + "\"", // the names internal/server makes immutable
		"public, max-age=31536000, immutable",
		"add_header Cache-Control no-cache;",
		"access_log off;",
		"\nworker_processes 3;\n", // one worker per CPU nginx is given, never auto
	} {
		if !strings.Contains(c, want) {
			t.Errorf("Config lacks %q:\n%s", want, c)
		}
	}
	// Each location repeats the security headers (add_header is not
	// inherited by a location with its own).
	if n := strings.Count(c, "add_header Content-Security-Policy"); n != 2 {
		t.Errorf("Content-Security-Policy in %d locations, want 2", n)
	}
	if c := Config("/tmp/p", "/srv/dist", "127.0.0.1:4567", 1); !strings.Contains(c, "\nworker_processes 1;\n") {
		t.Errorf("Config with 1 worker lacks worker_processes 1:\n%s", c)
	}
	if strings.Count(c, "{") != strings.Count(c, "}") {
		t.Errorf("unbalanced braces:\n%s", c)
	}
}
