// Package proc reads what make bench's server comparison needs from Linux's
// /proc: a process's children, the CPU time and peak memory of a group of
// processes, and the load average.
package proc

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// ClockTicks is USER_HZ, the unit of /proc/PID/stat's times: 100 on Linux
// on every architecture Go supports.
const ClockTicks = 100

// stat is what make bench reads of /proc/PID/stat.
type stat struct {
	ppid         int
	utime, stime int64 // clock ticks
}

// parseStat reads "pid (comm) state ppid … utime stime …". comm may hold
// spaces and parentheses, so the fields are counted after the last ')':
// state is the first, ppid the second, utime and stime the 12th and 13th
// (fields 14 and 15 of proc(5)).
func parseStat(s string) (stat, error) {
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return stat{}, fmt.Errorf("no ')' in %q", s)
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return stat{}, fmt.Errorf("%d fields after the command in %q, want at least 13", len(f), s)
	}
	var st stat
	var err1, err2, err3 error
	st.ppid, err1 = strconv.Atoi(f[1])
	st.utime, err2 = strconv.ParseInt(f[11], 10, 64)
	st.stime, err3 = strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil {
		return stat{}, fmt.Errorf("bad numbers in %q", s)
	}
	return st, nil
}

func readStat(pid int) (stat, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return stat{}, err
	}
	return parseStat(string(b))
}

// Children lists the processes whose parent is pid.
func Children(pid int) []int {
	var out []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if st, err := readStat(p); err == nil && st.ppid == pid {
			out = append(out, p)
		}
	}
	return out
}

// CPUTime sums the processes' user and system time, in seconds; a process
// that has gone counts nothing.
func CPUTime(pids []int) float64 {
	var ticks int64
	for _, pid := range pids {
		if st, err := readStat(pid); err == nil {
			ticks += st.utime + st.stime
		}
	}
	return float64(ticks) / ClockTicks
}

// parseHWM is VmHWM, the peak resident set size, of a /proc/PID/status,
// in bytes.
func parseHWM(status string) (int64, bool) {
	for line := range strings.SplitSeq(status, "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10, err == nil
		}
	}
	return 0, false
}

// PeakRSS sums the processes' peak resident set sizes (VmHWM), in bytes.
func PeakRSS(pids []int) int64 {
	var total int64
	for _, pid := range pids {
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
		if err != nil {
			continue
		}
		if n, ok := parseHWM(string(data)); ok {
			total += n
		}
	}
	return total
}

// LoadAverage is the 1-minute load average, to tell a quiet run from a
// busy one: req/s ratios follow what else the machine runs.
func LoadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	if f := strings.Fields(string(data)); len(f) > 0 {
		return f[0]
	}
	return "unknown"
}
