package cli

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"synq/model/scenario"
	"synq/packet"
)

// floodScenario is a flood of count SYNs at rate, long enough to take the model many seconds
// when count is large.
func floodScenario(count, rate int) string {
	return "name: big-flood\nduration: 30s\ntraffic:\n  - {kind: flood, at: 0s, count: " +
		strconv.Itoa(count) + ", rate: " + strconv.Itoa(rate) + "/s}\n"
}

// dirFiles lists the names in dir.
func dirFiles(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

// writeFile writes a file in dir and returns its path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	return p
}

// TestPcapPathRefused: a --pcap that would destroy the scenario, that names a directory or
// nothing, a bad --pcap-limit, and a capture that could outgrow the limit are usage errors:
// exit 2, a message saying what is wrong, and no file touched or made.
func TestPcapPathRefused(t *testing.T) {
	dir := t.TempDir()
	const content = "name: mine\nduration: 1s\ntraffic:\n  - {kind: connect, at: 0s, count: 2}\n"
	mine := writeFile(t, dir, "mine.yaml", content)
	link := filepath.Join(dir, "link.yaml")
	if err := os.Symlink("mine.yaml", link); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	hard := filepath.Join(dir, "hard.yaml")
	if err := os.Link(mine, hard); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	flood := writeFile(t, dir, "flood.yaml", floodScenario(10_000_000, 1_000_000))
	out := filepath.Join(dir, "out.pcap")
	for _, cmd := range []string{"run", "kernel"} {
		checkUsageErrors(t, []usageCase{
			{[]string{cmd, mine, "--pcap", mine}, "--pcap " + mine + " is the scenario file " + mine + " itself"},
			{[]string{cmd, mine, "--pcap", link}, "is the scenario file"},
			{[]string{cmd, link, "--pcap", hard}, "is the scenario file"},
			{[]string{cmd, "--pcap", dir, mine}, "--pcap " + dir + " is a directory; name a file, like " + filepath.Join(dir, "capture.pcap")},
			{[]string{cmd, mine, "--pcap", ""}, "--pcap needs a file name, and it was empty"},
			{[]string{cmd, mine, "--pcap=", "--json"}, "--pcap needs a file name"},
			{[]string{cmd, mine, "--pcap", out, "--pcap-limit", "lots"}, `--pcap-limit: "lots" is not a size`},
			{[]string{cmd, mine, "--pcap", out, "--pcap-limit", "0"}, `"0" is not a size`},
			{[]string{cmd, mine, "--pcap-limit", "2GiB"}, "give it with --pcap FILE"},
			{[]string{cmd, mine, "--pcap", out, "extra.yaml"}, "want exactly one scenario file, got 2"},
		})
	}
	// The flood's capture is bounded at 1.1 GiB (2 × 10 M records of 60 bytes, and what its SYN queue can re-send): refused by default, and under a lower limit.
	checkUsageErrors(t, []usageCase{
		{[]string{"run", flood, "--pcap", out}, "the capture could take up to 1.1 GiB (an upper bound worked out from the scenario's traffic), more than the limit of 1.0 GiB; raise the limit with --pcap-limit 2GiB"},
		{[]string{"run", flood, "--pcap", out, "--pcap-limit", "500MB"}, "more than the limit of 476.8 MiB; raise the limit with --pcap-limit 2GiB"},
	})
	got, err := os.ReadFile(mine)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if got, want := string(got), content; got != want {
		t.Errorf("the scenario file changed: string(got) = %q, want %q", got, want)
	}
	if got, want := slices.Sorted(slices.Values(dirFiles(t, dir))), slices.Sorted(slices.Values([]string{"mine.yaml", "link.yaml", "hard.yaml", "flood.yaml"})); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q in any order", got, want)
	}
}

// TestPcapReplacedWhenComplete: a capture replaces an existing file only once it is complete,
// through a file of its own that leaves no trace; the result is the whole capture.
func TestPcapReplacedWhenComplete(t *testing.T) {
	dir := t.TempDir()
	out := writeFile(t, dir, "out.pcap", "an older capture")
	code, stdout, stderr := run("run", "testdata/accept-overflow.yaml", "--pcap", out, "--json")
	if got, want := code, 0; got != want {
		t.Fatalf("%s: code = %v, want %v", stderr, got, want)
	}
	if len(stderr) != 0 {
		t.Errorf("stderr = %q, want it empty", stderr)
	}
	if !strings.HasPrefix(stdout, "{") {
		t.Errorf("%s: want strings.HasPrefix(stdout, \"{\")", stdout)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	defer f.Close()
	recs, err := packet.ReadPcap(f)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if len(recs) <= 10 {
		t.Errorf("records in the capture: len(recs) = %v, want > %v", len(recs), 10)
	}
	if got, want := dirFiles(t, dir), []string{"out.pcap"}; !reflect.DeepEqual(got, want) {
		t.Errorf("dirFiles(t, dir) = %v, want %v", got, want)
	}
	st, err := os.Stat(out)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if st.Mode().Perm()&0o044 == 0 {
		t.Errorf("a capture is made as os.Create would make it (0666 less the umask): %v: st.Mode().Perm()&0o044 = %v, want not zero", st.Mode(), st.Mode().Perm()&0o044)
	}
}

// TestPcapThroughLink: a --pcap that is a symbolic link is written through, as os.Create
// would: the file it points to takes the capture, and the link stays a link.
func TestPcapThroughLink(t *testing.T) {
	dir := t.TempDir()
	real := writeFile(t, dir, "real.pcap", "an older capture")
	link := filepath.Join(dir, "link.pcap")
	if err := os.Symlink("real.pcap", link); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	code, _, stderr := run("run", "testdata/accept-overflow.yaml", "--pcap", link)
	if got, want := code, 0; got != want {
		t.Fatalf("%s: code = %v, want %v", stderr, got, want)
	}
	st, err := os.Lstat(link)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if got, want := st.Mode()&os.ModeSymlink, os.ModeSymlink; got != want {
		t.Errorf("link.pcap is no longer a link: st.Mode()&os.ModeSymlink = %v, want %v", got, want)
	}
	f, err := os.Open(real)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	defer f.Close()
	_, err = packet.ReadPcap(f)
	if err != nil {
		t.Errorf("real.pcap does not hold the capture: unexpected error: %v", err)
	}
	if got, want := slices.Sorted(slices.Values(dirFiles(t, dir))), slices.Sorted(slices.Values([]string{"real.pcap", "link.pcap"})); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q in any order", got, want)
	}
}

// TestKernelPcapAfterChecks: `synq kernel` makes or touches its capture only after its own
// checks pass, so a refused run leaves an existing capture as it was.
func TestKernelPcapAfterChecks(t *testing.T) {
	dir := t.TempDir()
	const old = "a capture of an earlier run"
	out := writeFile(t, dir, "keep.pcap", old)
	geteuid = func() int { return 1000 }
	t.Cleanup(func() { geteuid = os.Geteuid })
	checkUsageErrors(t, []usageCase{
		{[]string{"kernel", "testdata/accept-overflow.yaml", "--pcap", out}, "the kernel engine needs root"},
		{[]string{"kernel", "testdata/bad/unknown-key.yaml", "--pcap", out}, "unknown key"},
		{[]string{"kernel", "testdata/no-such.yaml", "--pcap", out}, "no such file"},
	})
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if got, want := string(got), old; got != want {
		t.Errorf("string(got) = %q, want %q", got, want)
	}
	if got, want := dirFiles(t, dir), []string{"keep.pcap"}; !reflect.DeepEqual(got, want) {
		t.Errorf("dirFiles(t, dir) = %v, want %v", got, want)
	}
}

// startFlood starts `synq run` on a flood that takes the model minutes, writing its capture to
// out, and waits until the capture's file is being written.
func startFlood(t *testing.T, dir, out string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	sc := writeFile(t, dir, "flood.yaml", floodScenario(200_000_000, 10_000_000))
	cmd := synqProcess("run", sc, "--pcap", out, "--pcap-limit", "100GiB")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	for range 600 {
		if slices.ContainsFunc(dirFiles(t, dir), func(n string) bool { return strings.HasSuffix(n, ".part") }) {
			return cmd, &stderr
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no capture file appeared in %s: %v; stderr:\n%s", dir, dirFiles(t, dir), stderr.String())
	return nil, nil
}

// exitCode waits for cmd and returns its exit status. A run that has not ended within limit
// (long enough for a loaded machine, and far from the minutes the flood takes to the end) is
// killed, and the test fails.
func exitCode(t *testing.T, cmd *exec.Cmd, stderr *bytes.Buffer, limit time.Duration) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatal(err)
		}
		return cmd.ProcessState.ExitCode()
	case <-time.After(limit):
		cmd.Process.Kill()
		<-done
		t.Fatalf("the run went on for %s, it should have stopped; stderr:\n%s", limit, stderr.String())
		return 0
	}
}

// TestPcapInterrupted: Ctrl-C (SIGINT) or SIGTERM during `synq run --pcap` stops the run, says
// so in one line, exits 130, and leaves no partial capture: the file at the path is the one
// that was there before.
func TestPcapInterrupted(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			const old = "a capture worth keeping"
			out := writeFile(t, dir, "out.pcap", old)
			cmd, stderr := startFlood(t, dir, out)
			time.Sleep(200 * time.Millisecond) // some of the capture is written
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if got, want := exitCode(t, cmd, stderr, 60*time.Second), 130; got != want {
				t.Errorf("%s: exitCode(t, cmd, stderr, 60*time.Second) = %v, want %v", stderr.String(), got, want)
			}
			if got, want := stderr.String(), "synq run: interrupted; no capture written ("+out+" is as it was)\n"; got != want {
				t.Errorf("stderr.String() = %q, want %q", got, want)
			}
			got, err := os.ReadFile(out)
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if got, want := string(got), old; got != want {
				t.Errorf("string(got) = %q, want %q", got, want)
			}
			if got, want := slices.Sorted(slices.Values(dirFiles(t, dir))), slices.Sorted(slices.Values([]string{"out.pcap", "flood.yaml"})); !slices.Equal(got, want) {
				t.Errorf("got %q, want %q in any order", got, want)
			}
		})
	}
}

// TestPcapWriteErrorStopsRun: the first failure to write the capture ends the run there, with
// one line and exit 1. The flood would take the model minutes to the end; the run is given
// far less, so only a run that stopped at the error passes.
func TestPcapWriteErrorStopsRun(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full on this system")
	}
	dir := t.TempDir()
	sc := writeFile(t, dir, "flood.yaml", floodScenario(200_000_000, 10_000_000))
	cmd := synqProcess("run", sc, "--pcap", "/dev/full", "--pcap-limit", "100GiB")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if got, want := exitCode(t, cmd, &stderr, 60*time.Second), 1; got != want {
		t.Errorf("exitCode(t, cmd, &stderr, 60*time.Second) = %v, want %v", got, want)
	}
	if got, want := stderr.String(), "synq run: writing the capture to /dev/full: no space left on device; the capture to /dev/full is incomplete\n"; got != want {
		t.Errorf("stderr.String() = %q, want %q", got, want)
	}
}

// TestHelp: -h and --help print a command's usage on stdout and exit 0, on every command.
func TestHelp(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "-h"}, "usage: synq run FILE [--json] [--pcap FILE [--pcap-limit SIZE]]"},
		{[]string{"run", "testdata/accept-overflow.yaml", "--help"}, "-pcap-limit SIZE"},
		{[]string{"kernel", "--help"}, "usage: synq kernel FILE"},
		{[]string{"kernel", "-h"}, "record every packet on the wire"},
		{[]string{"compare", "-h"}, "usage: synq compare FILE"},
		{[]string{"doctor", "--help"}, "usage: synq doctor [--from DIR|FILE|-]"},
		{[]string{"doctor", "-h"}, "-interval"},
		{[]string{"help", "doctor"}, "usage: synq doctor"},
		{[]string{"scenarios", "--help"}, "usage: synq scenarios"},
		{[]string{"lessons", "-h"}, "usage: synq lessons"},
		{[]string{"lessons", "--check", "--help"}, "-check"},
		{[]string{"shot", "-h"}, "usage: synq shot"},
		{[]string{"--builtin", "flood", "--help"}, "synq --lesson ID [--step N]"},
		{[]string{"-h"}, "Exit status: 0 success"},
		{[]string{"--help"}, "Usage:"},
		{[]string{"help"}, "synq help [COMMAND]"},
		{[]string{"help", "run"}, "usage: synq run FILE"},
		{[]string{"help", "lessons"}, "usage: synq lessons"},
	} {
		code, stdout, stderr := run(tc.args...)
		name := strings.Join(tc.args, " ")
		if got, want := code, 0; got != want {
			t.Errorf("synq %s: exit status: code = %v, want %v", name, got, want)
		}
		if !strings.Contains(stdout, tc.want) {
			t.Errorf("synq %s: stdout: %q does not contain %q", name, stdout, tc.want)
		}
		if len(stderr) != 0 {
			t.Errorf("synq %s: stderr: stderr = %q, want it empty", name, stderr)
		}
	}
}

// TestExtraArguments: words a command does not take are usage errors, not ignored.
func TestExtraArguments(t *testing.T) {
	checkUsageErrors(t, []usageCase{
		{[]string{"scenarios", "extra"}, `synq scenarios: takes no arguments, got "extra"`},
		{[]string{"--help", "extra"}, `synq help: want nothing or one command (run, kernel, compare, doctor, shot, scenarios, lessons), got "extra"`},
		{[]string{"help", "run", "extra"}, `got "run extra"`},
		{[]string{"compare", "a.yaml", "b.yaml"}, "want exactly one scenario file, got 2"},
		{[]string{"kernel"}, "want exactly one scenario file, got 0"},
		{[]string{"lessons", "--show", "handshake", "extra"}, `unexpected argument "extra"`},
		{[]string{"lessons", "--names", "extra"}, `unexpected argument "extra"`},
		{[]string{"shot", "--builtin", "flood", "--at", "1s", "--out", "x.png", "extra"}, `unexpected argument "extra"`},
		{[]string{"--builtin", "flood", "extra"}, `unexpected argument "extra"`},
		{[]string{"run", "--nope", "testdata/accept-overflow.yaml"}, "flag provided but not defined: -nope"},
	})
}

// TestBytes: --pcap-limit's sizes, and how sizes are printed.
func TestBytes(t *testing.T) {
	for in, want := range map[string]int64{
		"1": 1, "1000000": 1_000_000, "500MB": 500_000_000, "2GiB": 2 << 30, "2gib": 2 << 30,
		"1 KiB": 1024, "3kb": 3000, "7B": 7, "1TB": 1e12, "4TiB": 4 << 40,
	} {
		got, err := parseBytes(in)
		if err != nil {
			t.Errorf("%s: unexpected error: %v", in, err)
		} else if got != want {
			t.Errorf("%s: got = %v, want %v", in, got, want)
		}
	}
	for _, in := range []string{"", "0", "-5MB", "1.5GB", "GB", "12XB", "9999999999TiB", "1e9"} {
		_, err := parseBytes(in)
		if err == nil {
			t.Errorf("%q: got no error, want one", in)
		}
	}
	for n, want := range map[int64]string{
		5: "5 bytes", 1023: "1023 bytes", 1024: "1.0 KiB", 1 << 30: "1.0 GiB", 1288490189: "1.2 GiB", 3 << 40: "3.0 TiB",
	} {
		if got, want := formatBytes(n), want; got != want {
			t.Errorf("%d bytes: formatBytes(n) = %q, want %q", n, got, want)
		}
	}
}

// TestPcapBoundOfFlood: the bound the limit is checked against, for the flood of the tests
// above, is what the message says.
func TestPcapBoundOfFlood(t *testing.T) {
	sc, err := scenario.Parse("flood.yaml", []byte(floodScenario(10_000_000, 1_000_000)))
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if got, want := formatBytes(packet.PcapBound(sc)), "1.1 GiB"; got != want {
		t.Errorf("formatBytes(packet.PcapBound(sc)) = %q, want %q", got, want)
	}
}
