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
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"synq/kernel"
	"synq/model"
)

// TestMain lets a test run the program itself in a child process (SYNQ_TEST_MAIN=1), to see
// what signals and exit codes do. The tests run from the repository's root, where a user runs
// synq and where the documentation's examples run: they name testdata/, conformance/, docs/
// and bin/ as such a user does. A child process starts there already.
func TestMain(m *testing.M) {
	if os.Getenv("SYNQ_TEST_MAIN") == "1" {
		os.Exit(dispatch(os.Args[1:], os.Stdout, os.Stderr))
	}
	if err := os.Chdir(".."); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
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

// TestCompareRefusesOtherProfile: a file naming a profile that does not model the running
// kernel (bsd-4.4, linux-2.6.32) is refused before anything runs, naming the running kernel and
// the profile to use; --force runs a Linux one, saying what was compared.
func TestCompareRefusesOtherProfile(t *testing.T) {
	data, err := os.ReadFile("conformance/backlog-zero.yaml")
	require.NoError(t, err)
	withProfile := func(name string) string {
		file := filepath.Join(t.TempDir(), name+".yaml")
		require.NoError(t, os.WriteFile(file, append([]byte("kernel: "+name+"\n"), data...), 0o644))
		return file
	}
	for _, name := range []string{"bsd-4.4", "linux-2.6.32"} {
		var out, errb bytes.Buffer
		code := dispatch([]string{"compare", withProfile(name)}, &out, &errb)
		assert.Equal(t, 2, code, errb.String())
		assert.Empty(t, out.String(), "nothing is compared")
		assert.Contains(t, errb.String(), name)
		assert.Contains(t, errb.String(), kernel.Release(), "the message names the running kernel")
		assert.Contains(t, errb.String(), "--force")
		if profile, err := model.ProfileForRelease(kernel.Release()); err == nil {
			assert.Contains(t, errb.String(), "kernel: "+profile, "the message names the profile to use")
		}
	}
	if runtime.GOOS != "linux" || os.Geteuid() != 0 {
		t.Skip("synq compare --force: skipped, the real-kernel tests need root on Linux")
	}
	var out, errb bytes.Buffer
	code := dispatch([]string{"compare", "--force", withProfile("linux-2.6.32")}, &out, &errb)
	require.Contains(t, []int{0, 1}, code, errb.String())
	assert.Contains(t, out.String(), "model linux-2.6.32 against kernel")
	assert.Contains(t, out.String(), "forced: linux-2.6.32 differs from")
	out.Reset()
	errb.Reset()
	code = dispatch([]string{"compare", "--force", withProfile("bsd-4.4")}, &out, &errb)
	assert.Equal(t, 1, code, "the kernel engine runs only Linux")
	assert.Contains(t, errb.String(), "bsd-4.4 is not Linux")
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
