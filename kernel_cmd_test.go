package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMain lets a test run the program itself in a child process (SYNQ_TEST_MAIN=1), to see
// what signals and exit codes do.
func TestMain(m *testing.M) {
	if os.Getenv("SYNQ_TEST_MAIN") == "1" {
		os.Exit(dispatch(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

func synqProcess(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "SYNQ_TEST_MAIN=1")
	return cmd
}

// TestKernelInterrupted sends Ctrl-C to `synq kernel` part way through a run: it says so,
// exits 130, and leaves no named namespace and no interface in the machine's namespace.
func TestKernelInterrupted(t *testing.T) {
	if runtime.GOOS != "linux" || os.Geteuid() != 0 {
		t.Skip("synq kernel: skipped, the real-kernel tests need root on Linux")
	}
	netnsBefore, linksBefore := namedNetns(), links(t)
	cmd := synqProcess("kernel", "conformance/synack-schedule.yaml")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	time.Sleep(1500 * time.Millisecond)
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	err := cmd.Wait()
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "synq kernel should exit non-zero, got %v", err)
	assert.Equal(t, 130, exit.ExitCode(), stderr.String())
	assert.Contains(t, stderr.String(), "interrupted")
	assert.Equal(t, netnsBefore, namedNetns(), "ip netns list")
	assert.Equal(t, linksBefore, links(t), "interfaces in the machine's namespace")
}

// TestCompareExplains runs `synq compare` on a scenario outside the suite and checks that
// it prints both engines side by side and ends with its verdict.
func TestCompareExplains(t *testing.T) {
	if runtime.GOOS != "linux" || os.Geteuid() != 0 {
		t.Skip("synq compare: skipped, the real-kernel tests need root on Linux")
	}
	var out, errb bytes.Buffer
	code := dispatch([]string{"compare", "testdata/backlog-zero.yaml"}, &out, &errb)
	require.Contains(t, []int{0, 1}, code, errb.String())
	assert.Contains(t, out.String(), "model")
	assert.Contains(t, out.String(), "kernel")
	assert.Contains(t, out.String(), "listener.send_q")
	if code == 0 {
		assert.Contains(t, out.String(), "match: every field")
	} else {
		assert.Contains(t, out.String(), "difference(s):")
	}
}

func namedNetns() []string {
	ents, _ := os.ReadDir("/run/netns")
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

func links(t *testing.T) string {
	ents, err := os.ReadDir("/sys/class/net")
	require.NoError(t, err)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return strings.Join(names, " ")
}
