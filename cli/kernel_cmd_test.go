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
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

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
	if err := cmd.Start(); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	time.Sleep(1500 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	err := cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("synq kernel should exit non-zero, got %v: want errors.As(err, &exit)", err)
	}
	if got, want := exit.ExitCode(), 130; got != want {
		t.Errorf("%s: exit.ExitCode() = %v, want %v", stderr.String(), got, want)
	}
	if !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("%q does not contain %q", stderr.String(), "interrupted")
	}
	if got, want := namedNetns(), netnsBefore; !reflect.DeepEqual(got, want) {
		t.Errorf("ip netns list: namedNetns() = %v, want %v", got, want)
	}
	if got, want := links(t), linksBefore; got != want {
		t.Errorf("interfaces in the machine's namespace: links(t) = %q, want %q", got, want)
	}
}

// TestCompareExplains runs `synq compare` on a scenario outside the suite and checks that
// it prints both engines side by side and ends with its verdict.
func TestCompareExplains(t *testing.T) {
	if runtime.GOOS != "linux" || os.Geteuid() != 0 {
		t.Skip("synq compare: skipped, the real-kernel tests need root on Linux")
	}
	var out, errb bytes.Buffer
	code := dispatch([]string{"compare", "testdata/backlog-zero.yaml"}, &out, &errb)
	if !slices.Contains([]int{0, 1}, code) {
		t.Fatalf("%s: %v does not contain %v", errb.String(), []int{0, 1}, code)
	}
	if !strings.Contains(out.String(), "model") {
		t.Errorf("%q does not contain %q", out.String(), "model")
	}
	if !strings.Contains(out.String(), "kernel") {
		t.Errorf("%q does not contain %q", out.String(), "kernel")
	}
	if !strings.Contains(out.String(), "listener.send_q") {
		t.Errorf("%q does not contain %q", out.String(), "listener.send_q")
	}
	if code == 0 {
		if !strings.Contains(out.String(), "match: every field") {
			t.Errorf("%q does not contain %q", out.String(), "match: every field")
		}
	} else {
		if !strings.Contains(out.String(), "difference(s):") {
			t.Errorf("%q does not contain %q", out.String(), "difference(s):")
		}
	}
}

// TestCompareRefusesOtherProfile: a file naming a profile that does not model the running
// kernel (bsd-4.4, linux-2.6.32) is refused before anything runs, naming the running kernel and
// the profile to use; --force runs a Linux one, saying what was compared.
func TestCompareRefusesOtherProfile(t *testing.T) {
	data, err := os.ReadFile("conformance/backlog-zero.yaml")
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	withProfile := func(name string) string {
		file := filepath.Join(t.TempDir(), name+".yaml")
		if err := os.WriteFile(file, append([]byte("kernel: "+name+"\n"), data...), 0o644); err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return file
	}
	for _, name := range []string{"bsd-4.4", "linux-2.6.32"} {
		var out, errb bytes.Buffer
		code := dispatch([]string{"compare", withProfile(name)}, &out, &errb)
		if got, want := code, 2; got != want {
			t.Errorf("%s: code = %v, want %v", errb.String(), got, want)
		}
		if len(out.String()) != 0 {
			t.Errorf("nothing is compared: out.String() = %q, want it empty", out.String())
		}
		if !strings.Contains(errb.String(), name) {
			t.Errorf("%q does not contain %q", errb.String(), name)
		}
		if !strings.Contains(errb.String(), kernel.Release()) {
			t.Errorf("the message names the running kernel: %q does not contain %q", errb.String(), kernel.Release())
		}
		if !strings.Contains(errb.String(), "--force") {
			t.Errorf("%q does not contain %q", errb.String(), "--force")
		}
		if profile, err := model.ProfileForRelease(kernel.Release()); err == nil {
			if !strings.Contains(errb.String(), "kernel: "+profile) {
				t.Errorf("the message names the profile to use: %q does not contain %q", errb.String(), "kernel: "+profile)
			}
		}
	}
	if runtime.GOOS != "linux" || os.Geteuid() != 0 {
		t.Skip("synq compare --force: skipped, the real-kernel tests need root on Linux")
	}
	var out, errb bytes.Buffer
	code := dispatch([]string{"compare", "--force", withProfile("linux-2.6.32")}, &out, &errb)
	if !slices.Contains([]int{0, 1}, code) {
		t.Fatalf("%s: %v does not contain %v", errb.String(), []int{0, 1}, code)
	}
	if !strings.Contains(out.String(), "model linux-2.6.32 against kernel") {
		t.Errorf("%q does not contain %q", out.String(), "model linux-2.6.32 against kernel")
	}
	if !strings.Contains(out.String(), "forced: linux-2.6.32 differs from") {
		t.Errorf("%q does not contain %q", out.String(), "forced: linux-2.6.32 differs from")
	}
	out.Reset()
	errb.Reset()
	code = dispatch([]string{"compare", "--force", withProfile("bsd-4.4")}, &out, &errb)
	if got, want := code, 1; got != want {
		t.Errorf("the kernel engine runs only Linux: code = %v, want %v", got, want)
	}
	if !strings.Contains(errb.String(), "bsd-4.4 is not Linux") {
		t.Errorf("%q does not contain %q", errb.String(), "bsd-4.4 is not Linux")
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
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return strings.Join(names, " ")
}
