package proc

import (
	"os"
	"os/exec"
	"slices"
	"testing"
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
