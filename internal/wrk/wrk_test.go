package wrk

import (
	"slices"
	"testing"
	"time"
)

// report is wrk 4.1's output for a run with errors.
const report = `Running 3s test @ http://127.0.0.1:41234/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   210.55us  120.01us   5.12ms   91.23%
    Req/Sec    40.12k     2.01k   44.30k    70.00%
  240541 requests in 3.00s, 2.41GB read
  Socket errors: connect 0, read 2, write 1, timeout 4
  Non-2xx or 3xx responses: 3
Requests/sec:  80180.33
Transfer/sec:    822.41MB
`

func TestParse(t *testing.T) {
	r, err := Parse([]byte(report))
	if err != nil {
		t.Fatal(err)
	}
	if want := (Result{Rate: 80180.33, Count: 240541, Errors: 2 + 1 + 4 + 3}); r != want {
		t.Errorf("Parse = %+v, want %+v", r, want)
	}
	if _, err := Parse([]byte("unable to connect to 127.0.0.1:1 Connection refused\n")); err == nil {
		t.Error("Parse of a report without Requests/sec: no error")
	}
}

func TestArgs(t *testing.T) {
	got := Args(2, "http://127.0.0.1:1/x", []string{"Accept-Encoding: br", "If-None-Match: \"a\""}, 64, 5*time.Second)
	want := []string{"-t2", "-c64", "-d5s", "--timeout", "10s", "-H", "Accept-Encoding: br", "-H", "If-None-Match: \"a\"", "http://127.0.0.1:1/x"}
	if !slices.Equal(got, want) {
		t.Errorf("Args = %q, want %q", got, want)
	}
	if got := Args(1, "http://127.0.0.1:1/", nil, 16, 3*time.Second); got[0] != "-t1" {
		t.Errorf("Args(1 thread) = %q, want -t1 first", got)
	}
}
