package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	require.NoError(t, err, string(out))
	tmpBefore := labTemps(t)

	cmd := synqProcess("kernel", "--boot", "debian-12", "--synq", guest, "conformance/pruning-under-flood.yaml")
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	require.NoError(t, cmd.Start())
	deadline := time.Now().Add(3 * time.Minute)
	for !strings.Contains(stderr.String(), "scenario 1 of 1") {
		require.True(t, time.Now().Before(deadline), "the guest did not start its scenario:\n%s", stderr.String())
		time.Sleep(100 * time.Millisecond)
	}
	qemus := qemuChildren(t, cmd.Process.Pid)
	require.NotEmpty(t, qemus, "no qemu running under synq")
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	err = cmd.Wait()
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "synq kernel --boot should exit non-zero, got %v", err)
	assert.Equal(t, 130, exit.ExitCode(), stderr.String())
	assert.Contains(t, stderr.String(), "interrupted")
	for _, pid := range qemus {
		_, err := os.Stat(fmt.Sprintf("/proc/%d", pid))
		assert.True(t, os.IsNotExist(err), "qemu (pid %d) still runs", pid)
	}
	assert.Equal(t, tmpBefore, labTemps(t), "temporary directories of the lab")
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
	require.NoError(t, err)
	return m
}

// qemuChildren finds the qemu processes whose parent is pid.
func qemuChildren(t *testing.T, pid int) []int {
	procs, err := filepath.Glob("/proc/[0-9]*/stat")
	require.NoError(t, err)
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
