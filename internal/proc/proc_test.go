package proc

import (
	"fmt"
	"os"
	"os/exec"
	"slices"
	"testing"
	"time"
)

func TestParseStat(t *testing.T) {
	// A command name with spaces and a ')' in it, as a process may choose.
	const line = "4242 (nginx: worker) x) S 4241 4241 4241 0 -1 4194624 120 0 0 0 37 12 0 0 20 0 1 0 5000 1000000 300 18446744073709551615\n"
	st, err := parseStat(line)
	if err != nil {
		t.Fatal(err)
	}
	if st.ppid != 4241 || st.utime != 37 || st.stime != 12 {
		t.Errorf("parseStat = %+v, want ppid 4241, utime 37, stime 12", st)
	}
	for _, bad := range []string{"", "4242 nginx S 1", "4242 (nginx) S 1 2 3"} {
		if _, err := parseStat(bad); err == nil {
			t.Errorf("parseStat(%q): no error", bad)
		}
	}
}

func TestParseHWM(t *testing.T) {
	status := "Name:\tnginx\nVmPeak:\t  20000 kB\nVmHWM:\t    1234 kB\nVmRSS:\t  1000 kB\n"
	if n, ok := parseHWM(status); !ok || n != 1234<<10 {
		t.Errorf("parseHWM = %d, %v; want %d, true", n, ok, 1234<<10)
	}
	if _, ok := parseHWM("Name:\tkthreadd\n"); ok {
		t.Error("parseHWM of a status without VmHWM: ok")
	}
}

// The live readers, on this test's own process and a child of it.
func TestLive(t *testing.T) {
	if PeakRSS([]int{os.Getpid()}) <= 0 {
		t.Error("PeakRSS of this process is not positive")
	}
	if CPUTime([]int{os.Getpid()}) < 0 {
		t.Error("CPUTime of this process is negative")
	}
	if CPUTime([]int{-1}) != 0 || PeakRSS([]int{-1}) != 0 {
		t.Error("a process that does not exist counts something")
	}
	cmd := exec.Command("sleep", "10")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	if kids := Children(os.Getpid()); !slices.Contains(kids, cmd.Process.Pid) {
		t.Errorf("Children(%d) = %v, want it to hold %d", os.Getpid(), kids, cmd.Process.Pid)
	}
	if LoadAverage() == "unknown" {
		t.Error("no load average in /proc/loadavg")
	}
}

func TestCPUList(t *testing.T) {
	for _, tc := range []struct {
		in   string
		cpus []int
		out  string // CPUList(cpus)
	}{
		{"0", []int{0}, "0"},
		{"0-1", []int{0, 1}, "0,1"},
		{"0-2,5", []int{0, 1, 2, 5}, "0-2,5"},
		{"5,0-2,1", []int{0, 1, 2, 5}, "0-2,5"}, // sorted, each once
		{"3,7-9,11-12", []int{3, 7, 8, 9, 11, 12}, "3,7-9,11,12"},
	} {
		cpus, err := ParseCPUList(tc.in)
		if err != nil || !slices.Equal(cpus, tc.cpus) {
			t.Errorf("ParseCPUList(%q) = %v, %v; want %v, nil", tc.in, cpus, err, tc.cpus)
		}
		if got := CPUList(tc.cpus); got != tc.out {
			t.Errorf("CPUList(%v) = %q, want %q", tc.cpus, got, tc.out)
		}
	}
	for _, bad := range []string{"", "a", "1-", "-1", "3-1", "0,,1"} {
		if cpus, err := ParseCPUList(bad); err == nil {
			t.Errorf("ParseCPUList(%q) = %v, want an error", bad, cpus)
		}
	}
}

// Command confines a real process: the child's Cpus_allowed_list is the
// one CPU it was given (the last this test may use, so that with two or
// more it is fewer than the test's own), and its id is the command's own.
func TestCommand(t *testing.T) {
	if err := CheckTaskset(); err != nil {
		t.Fatal(err)
	}
	mine, err := CPUs(os.Getpid())
	if err != nil || len(mine) == 0 {
		t.Fatalf("CPUs(self) = %v, %v", mine, err)
	}
	one := mine[len(mine)-1:]
	cmd := Command(one, "sleep", "10")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	// taskset execs sleep in its own place; until it has, the process may
	// still be taskset, with the test's CPUs. Wait for the exec (bounded).
	for i := 0; ; i++ {
		if comm, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", cmd.Process.Pid)); string(comm) == "sleep\n" {
			break
		}
		if i == 100 {
			t.Fatal("the process never became sleep")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if got, err := CPUs(cmd.Process.Pid); err != nil || !slices.Equal(got, one) {
		t.Errorf("sleep runs on CPUs %v, %v; want %v", got, err, one)
	}
	if got := Command(nil, "sleep", "1").Args; !slices.Equal(got, []string{"sleep", "1"}) {
		t.Errorf("Command(nil, sleep 1).Args = %q, want no taskset", got)
	}
}
