// Package proc reads what make bench's server comparison needs from Linux's
// /proc: a process's children, the CPUs it may run on, the CPU time and
// peak memory of a group of processes, and the load average; and it starts
// a command on given CPUs only.
package proc

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
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

// CPUs lists the CPUs the process (or thread) may run on
// (Cpus_allowed_list of /proc/PID/status), in increasing order.
func CPUs(pid int) ([]int, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return nil, err
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "Cpus_allowed_list:"); ok {
			return ParseCPUList(strings.TrimSpace(v))
		}
	}
	return nil, fmt.Errorf("no Cpus_allowed_list in /proc/%d/status", pid)
}

// ParseCPUList reads the kernel's CPU list format, as Cpus_allowed_list
// and taskset -c write it: "0-2,5" is CPUs 0, 1, 2 and 5.
func ParseCPUList(s string) ([]int, error) {
	var cpus []int
	for part := range strings.SplitSeq(s, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, err1 := strconv.Atoi(lo)
		b, err2 := a, error(nil)
		if isRange {
			b, err2 = strconv.Atoi(hi)
		}
		if err1 != nil || err2 != nil || a < 0 || b < a {
			return nil, fmt.Errorf("bad CPU list %q", s)
		}
		for c := a; c <= b; c++ {
			cpus = append(cpus, c)
		}
	}
	slices.Sort(cpus)
	return slices.Compact(cpus), nil
}

// CPUList writes cpus in the format ParseCPUList reads, runs of three or
// more as ranges: [0 1 2 5] is "0-2,5".
func CPUList(cpus []int) string {
	var parts []string
	for i := 0; i < len(cpus); {
		j := i
		for j+1 < len(cpus) && cpus[j+1] == cpus[j]+1 {
			j++
		}
		switch {
		case j-i >= 2:
			parts = append(parts, fmt.Sprintf("%d-%d", cpus[i], cpus[j]))
		case j > i:
			parts = append(parts, strconv.Itoa(cpus[i]), strconv.Itoa(cpus[j]))
		default:
			parts = append(parts, strconv.Itoa(cpus[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ",")
}

// Command is exec.Command(name, args...) confined to cpus; with no cpus,
// it is exec.Command as is. taskset sets the CPU affinity and then execs
// name in its own place: the process id is name's, and the affinity holds
// from its first instruction, so Go's runtime sizes GOMAXPROCS from it and
// nginx's workers inherit it from their master.
func Command(cpus []int, name string, args ...string) *exec.Cmd {
	if len(cpus) == 0 {
		return exec.Command(name, args...)
	}
	return exec.Command("taskset", append([]string{"-c", CPUList(cpus), name}, args...)...)
}

// CheckTaskset says whether Command can confine a process here.
func CheckTaskset() error {
	if _, err := exec.LookPath("taskset"); err != nil {
		return errors.New("taskset is missing: install util-linux, or run with -nginx-pin=false")
	}
	return nil
}
