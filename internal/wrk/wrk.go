// Package wrk runs the wrk HTTP load generator for make bench's server
// comparison, bounded in time, and reads its report. .ci/ensure-bench
// installs Debian's wrk.
package wrk

import (
	"errors"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"time"

	"golesson/internal/proc"
)

// Result is what one wrk run reports.
type Result struct {
	Rate   float64 // requests per second
	Count  int     // requests completed
	Errors int     // socket errors (connect, read, write, timeout) and non-2xx/3xx answers
	CPU    float64 // seconds of CPU wrk itself used (user and system)
}

var (
	rate    = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	count   = regexp.MustCompile(`(\d+) requests in`)
	non2xx  = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	sockets = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
)

// Parse reads wrk's report.
func Parse(out []byte) (Result, error) {
	m := rate.FindSubmatch(out)
	if m == nil {
		return Result{}, errors.New("wrk said no Requests/sec")
	}
	var r Result
	r.Rate, _ = strconv.ParseFloat(string(m[1]), 64)
	if m := count.FindSubmatch(out); m != nil {
		r.Count, _ = strconv.Atoi(string(m[1]))
	}
	if m := non2xx.FindSubmatch(out); m != nil {
		n, _ := strconv.Atoi(string(m[1]))
		r.Errors += n
	}
	if m := sockets.FindSubmatch(out); m != nil {
		for _, s := range m[1:] {
			n, _ := strconv.Atoi(string(s))
			r.Errors += n
		}
	}
	return r, nil
}

// Args are wrk's arguments for a run of dur (whole seconds) with threads
// threads and conns connections, each request carrying headers ("Name:
// value").
func Args(threads int, url string, headers []string, conns int, dur time.Duration) []string {
	args := []string{"-t" + strconv.Itoa(threads), "-c" + strconv.Itoa(conns), "-d" + strconv.Itoa(int(dur.Seconds())) + "s", "--timeout", "10s"}
	for _, h := range headers {
		args = append(args, "-H", h)
	}
	return append(args, url)
}

// Run is one bounded wrk run on cpus (all this process's if none) with
// Args: it lasts dur, and wrk is killed after twice that plus 30 s if it
// hangs.
func Run(cpus []int, threads int, url string, headers []string, conns int, dur time.Duration) (Result, error) {
	cmd := proc.Command(cpus, "wrk", Args(threads, url, headers, conns, dur)...)
	out, err := outputWithin(cmd, 2*dur+30*time.Second)
	if err != nil {
		return Result{}, fmt.Errorf("wrk: %v\n%s", err, out)
	}
	r, err := Parse(out)
	if err != nil {
		return r, fmt.Errorf("%v:\n%s", err, out)
	}
	r.CPU = (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
	return r, nil
}

func outputWithin(cmd *exec.Cmd, d time.Duration) ([]byte, error) {
	if err := cmd.Err; err != nil {
		return nil, err
	}
	timer := time.AfterFunc(d, func() {
		if cmd.Process != nil {
			cmd.Process.Kill()
		}
	})
	defer timer.Stop()
	return cmd.CombinedOutput()
}
