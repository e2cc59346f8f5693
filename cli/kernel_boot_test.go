package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestBootInterrupted boots Debian 12's kernel from the lab's cache, sends Ctrl-C while a
// scenario runs inside, and checks that synq says so, exits 130, and leaves no qemu process
// and no temporary directory behind. It needs the kernel cached by `make kernels` (it never
// downloads), qemu and root.
func TestBootInterrupted(t *testing.T) {
	switch {
	case runtime.GOOS != "linux" || os.Geteuid() != 0:
		t.Skip("synq kernel --boot: skipped, the lab needs root on Linux")
	case !cached("bin/kernels/debian-12"):
		t.Skip("synq kernel --boot: skipped, no Debian 12 kernel in bin/kernels (make kernels fetches it)")
	}
	if _, err := exec.LookPath("qemu-system-x86_64"); err != nil {
		t.Skip("synq kernel --boot: skipped, no qemu-system-x86_64 (make deps installs it)")
	}
	guest := filepath.Join(t.TempDir(), "synq")
	build := exec.Command("go", "build", "-o", guest, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := build.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: unexpected error: %v", string(out), err)
	}
	tmpBefore := labTemps(t)

	cmd := synqProcess("kernel", "--boot", "debian-12", "--synq", guest, "conformance/pruning-under-flood.yaml")
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	deadline := time.Now().Add(3 * time.Minute)
	for !strings.Contains(stderr.String(), "scenario 1 of 1") {
		if !time.Now().Before(deadline) {
			t.Fatalf("the guest did not start its scenario:\n%s: want time.Now().Before(deadline)", stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	qemus := qemuChildren(t, cmd.Process.Pid)
	if len(qemus) == 0 {
		t.Fatalf("no qemu running under synq: qemus = %v, want it not empty", qemus)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("synq kernel --boot should exit non-zero, got %v: want errors.As(err, &exit)", err)
	}
	if got, want := exit.ExitCode(), 130; got != want {
		t.Errorf("%s: exit.ExitCode() = %v, want %v", stderr.String(), got, want)
	}
	if !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("%q does not contain %q", stderr.String(), "interrupted")
	}
	for _, pid := range qemus {
		_, err := os.Stat(fmt.Sprintf("/proc/%d", pid))
		if !os.IsNotExist(err) {
			t.Errorf("qemu (pid %d) still runs: want os.IsNotExist(err)", pid)
		}
	}
	if got, want := labTemps(t), tmpBefore; !reflect.DeepEqual(got, want) {
		t.Errorf("temporary directories of the lab: labTemps(t) = %v, want %v", got, want)
	}
}

func cached(dir string) bool {
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if e.IsDir() && e.Name() != "apt" && e.Name() != "debs" && !strings.HasSuffix(e.Name(), ".partial") {
			return true
		}
	}
	return false
}

// labTemps lists the lab's temporary directories.
func labTemps(t *testing.T) []string {
	m, err := filepath.Glob(filepath.Join(os.TempDir(), "synq-lab-*"))
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	return m
}

// qemuChildren finds the qemu processes whose parent is pid.
func qemuChildren(t *testing.T, pid int) []int {
	procs, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	var out []int
	for _, p := range procs {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		// pid (comm) state ppid …
		s := string(data)
		end := strings.LastIndexByte(s, ')')
		if end < 0 || !strings.Contains(s[:end], "qemu") {
			continue
		}
		var child, ppid int
		var state string
		fmt.Sscanf(s[:strings.IndexByte(s, ' ')], "%d", &child)
		fmt.Sscanf(s[end+2:], "%s %d", &state, &ppid)
		if ppid == pid {
			out = append(out, child)
		}
	}
	return out
}

// syncBuffer is a bytes.Buffer that a child's output and the test can use at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
