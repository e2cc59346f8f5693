//go:build linux

package lab

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cpioEntry is an entry read back from a newc archive.
type cpioEntry struct {
	name       string
	mode       uint32
	data       []byte
	rdevMajor  int
	rdevMinor  int
	headerSize int
}

// readCpio parses a newc archive independently of the writer, checking the alignment the
// kernel's unpacker needs.
func readCpio(t *testing.T, b []byte) []cpioEntry {
	var out []cpioEntry
	off := 0
	for {
		require.GreaterOrEqual(t, len(b)-off, 110, "archive ends inside a header")
		require.Zero(t, off%4, "header not 4-byte aligned")
		hdr := string(b[off : off+110])
		require.Equal(t, "070701", hdr[:6])
		field := func(i int) int {
			v, err := strconv.ParseUint(hdr[6+8*i:14+8*i], 16, 32)
			require.NoError(t, err)
			return int(v)
		}
		namesize, filesize := field(11), field(6)
		name := string(b[off+110 : off+110+namesize-1])
		require.Zero(t, b[off+110+namesize-1], "name not NUL-terminated")
		dataAt := (off + 110 + namesize + 3) &^ 3
		e := cpioEntry{name: name, mode: uint32(field(1)), data: b[dataAt : dataAt+filesize], rdevMajor: field(9), rdevMinor: field(10)}
		off = (dataAt + filesize + 3) &^ 3
		if name == "TRAILER!!!" {
			require.Equal(t, len(b), off, "bytes after the trailer")
			return out
		}
		out = append(out, e)
	}
}

func TestCpioRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	c := &cpioWriter{w: &buf}
	c.Dir("/bin")
	c.File("bin/busybox", 0o755, []byte("12345")) // odd sizes exercise the padding
	c.Symlink("bin/sh", "busybox")
	c.CharDev("dev/console", 5, 1)
	c.File("init", 0o755, []byte("#!/bin/sh\n"))
	require.NoError(t, c.Close())
	got := readCpio(t, buf.Bytes())
	require.Len(t, got, 5)
	assert.Equal(t, cpioEntry{name: "bin", mode: modeDir | 0o755, data: []byte{}}, got[0])
	assert.Equal(t, "bin/busybox", got[1].name)
	assert.Equal(t, []byte("12345"), got[1].data)
	assert.Equal(t, uint32(modeFile|0o755), got[1].mode)
	assert.Equal(t, []byte("busybox"), got[2].data)
	assert.Equal(t, uint32(modeSymlink|0o777), got[2].mode)
	assert.Equal(t, [2]int{5, 1}, [2]int{got[3].rdevMajor, got[3].rdevMinor})
	assert.Equal(t, uint32(modeCharDev|0o600), got[3].mode)

	// cpio(1), where installed, reads it too.
	if _, err := exec.LookPath("cpio"); err == nil {
		cmd := exec.Command("cpio", "-t", "--quiet")
		cmd.Stdin = bytes.NewReader(buf.Bytes())
		out, err := cmd.Output()
		require.NoError(t, err)
		assert.Equal(t, "bin\nbin/busybox\nbin/sh\ndev/console\ninit\n", string(out))
	}
}

type failingWriter struct{ n int }

func (f *failingWriter) Write(b []byte) (int, error) {
	if f.n += len(b); f.n > 200 {
		return 0, errors.New("disk full")
	}
	return len(b), nil
}

func TestCpioReportsWriteErrors(t *testing.T) {
	c := &cpioWriter{w: &failingWriter{}}
	c.File("a", 0o644, make([]byte, 1000))
	assert.EqualError(t, c.Close(), "disk full")
}

func TestArchiveURIs(t *testing.T) {
	oneLine := "# comment\ndeb [arch=amd64 signed-by=/k.gpg] http://m.example/debian bookworm main\ndeb-src http://m.example/debian bookworm main\ndeb http://s.example/debian-security bookworm-security main\n"
	assert.Equal(t, []string{"http://m.example/debian", "http://s.example/debian-security"}, archiveURIs(oneLine))
	deb822 := "Types: deb\nURIs: http://a.example/debian http://b.example/debian/\nSuites: bookworm\n"
	assert.Equal(t, []string{"http://a.example/debian", "http://b.example/debian/"}, archiveURIs(deb822))
}

func TestModuleName(t *testing.T) {
	for file, want := range map[string]string{
		"kernel/net/ipv4/tcp_diag.ko.xz":   "tcp_diag",
		"kernel/drivers/net/tun.ko":        "tun",
		"kernel/net/ipv4/inet_diag.ko.zst": "inet_diag",
		"kernel/x/nf-conntrack.ko":         "nf_conntrack",
	} {
		assert.Equal(t, want, moduleName(file), file)
	}
}

func TestLookupRelease(t *testing.T) {
	r, err := LookupRelease("debian-12")
	require.NoError(t, err)
	assert.Equal(t, "bookworm", r.Suite)
	_, err = LookupRelease("debian-10")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "debian-11, debian-12, debian-13, debian-unstable")
}

func TestProtocolRoundTrip(t *testing.T) {
	for _, o := range []Outcome{
		{Name: "backlog zero", Verdict: "match", Late: 1500 * time.Microsecond},
		{Name: "x", Verdict: "void", Late: 30 * time.Millisecond, Detail: "both runs fell behind\nby much"},
	} {
		m, ok, err := parseMessage(ResultLine(o))
		require.NoError(t, err)
		require.True(t, ok)
		want := o
		want.Detail = strings.ReplaceAll(o.Detail, "\n", "; ")
		assert.Equal(t, want, m.outcome)
	}
	_, ok, err := parseMessage("[    1.2] some kernel line")
	assert.False(t, ok)
	assert.NoError(t, err)
	_, _, err = parseMessage(marker + "result maybe 1 x")
	assert.Error(t, err, "an unknown verdict is an error, not a result")
	_, _, err = parseMessage(marker + "whatever")
	assert.Error(t, err)
}

// feed plays console lines to readGuest as qemu's output would.
func feed(lines ...string) <-chan string {
	ch := make(chan string, len(lines))
	for _, l := range lines {
		ch <- l
	}
	close(ch)
	return ch
}

func TestReadGuest(t *testing.T) {
	var out bytes.Buffer
	sum := &Summary{Kernel: "6.1.0-50-cloud-amd64", Release: Release{Title: "Debian 12"}}
	err := readGuest(context.Background(), feed(
		"Linux version 6.1.0 early noise",
		KernelLine("6.1.0-50-cloud-amd64", "linux-6.1"),
		BeginLine("/scenarios/01-a.yaml"),
		"a: model linux-6.1 against kernel 6.1.0-50-cloud-amd64",
		ResultLine(Outcome{Name: "a", Verdict: "match", Late: time.Millisecond}),
		BeginLine("/scenarios/02-b.yaml"),
		ResultLine(Outcome{Name: "b", Verdict: "differ", Late: 3 * time.Millisecond}),
		BeginLine("/scenarios/03-c.yaml"),
		ResultLine(Outcome{Name: "c", Verdict: "void", Late: 900 * time.Millisecond, Detail: "too busy"}),
		marker+"exit 0",
	), time.Second, 3, sum, &out, false, func(string) {})
	require.NoError(t, err)
	assert.Equal(t, "linux-6.1", sum.Profile)
	assert.Equal(t, 1, sum.Matched())
	assert.Equal(t, 3*time.Millisecond, sum.MostLate(), "a void run's lateness is not the counted runs'")
	assert.Contains(t, out.String(), "a: model linux-6.1 against kernel")
	assert.NotContains(t, out.String(), "early noise", "boot messages are not a comparison")
	assert.Contains(t, out.String(), "c: void on 6.1.0-50-cloud-amd64: too busy")
	sum.Accel, sum.Took = "TCG", 90*time.Second
	assert.Equal(t, "conformance: 1/3 scenarios match the kernel (6.1.0-50-cloud-amd64, Debian 12) "+
		"[profile linux-6.1, TCG, 1m30s; the runs kept to their schedules within 3ms; void (fell behind twice): c]", sum.Line())
}

func TestReadGuestFailures(t *testing.T) {
	sum := func() *Summary { return &Summary{Kernel: "6.1.0-50-cloud-amd64"} }
	// The console ends before every scenario reported: the boot's last lines say why.
	err := readGuest(context.Background(), feed("Kernel panic - not syncing: no init"), time.Second, 2, sum(), io.Discard, false, func(string) {})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Kernel panic - not syncing: no init")
	// synq exits early.
	err = readGuest(context.Background(), feed(KernelLine("6.1.0-50-cloud-amd64", "linux-6.1"), marker+"exit 2"), time.Second, 2, sum(), io.Discard, false, func(string) {})
	assert.ErrorContains(t, err, "after 0 of 2 scenarios")
	// Another kernel answered.
	err = readGuest(context.Background(), feed(KernelLine("6.12.1", "linux-6.12")), time.Second, 1, sum(), io.Discard, false, func(string) {})
	assert.ErrorContains(t, err, "not the kernel booted")
	// The guest never starts its synq: notBooted, so that KVM can give way to TCG.
	never := make(chan string)
	err = readGuest(context.Background(), never, 50*time.Millisecond, 1, sum(), io.Discard, false, func(string) {})
	var nb notBooted
	assert.True(t, errors.As(err, &nb), "got %v", err)
	// Ctrl-C.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = readGuest(ctx, never, time.Minute, 1, sum(), io.Discard, false, func(string) {})
	assert.ErrorIs(t, err, context.Canceled)
}

func TestRequireStatic(t *testing.T) {
	sh, err := exec.LookPath("sh")
	require.NoError(t, err)
	// Debian's shells are dynamically linked.
	if requireStatic(sh) == nil {
		t.Skip(fmt.Sprintf("%s is static here; nothing to check", sh))
	}
	_, err = findBusybox(sh)
	assert.ErrorContains(t, err, "busybox-static")
	_, err = findBusybox("/nonexistent/busybox")
	assert.ErrorContains(t, err, "busybox is missing")
}

func TestReadGuestOnlyDiffering(t *testing.T) {
	var out bytes.Buffer
	sum := &Summary{Kernel: "7.2.13"}
	err := readGuest(context.Background(), feed(
		KernelLine("7.2.13", "linux-7.2"),
		BeginLine("/scenarios/01-a.yaml"), "a's comparison", ResultLine(Outcome{Name: "a", Verdict: "match"}),
		BeginLine("/scenarios/02-b.yaml"), "b's comparison", ResultLine(Outcome{Name: "b", Verdict: "differ"}),
		marker+"exit 0",
	), time.Second, 2, sum, &out, true, func(string) {})
	require.NoError(t, err)
	assert.Equal(t, "b's comparison\n", out.String())
}
