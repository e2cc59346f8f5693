//go:build linux

package lab

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
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
		if len(b)-off < 110 {
			t.Fatalf("archive ends inside a header: len(b)-off = %v, want >= %v", len(b)-off, 110)
		}
		if off%4 != 0 {
			t.Fatalf("header not 4-byte aligned: off%%4 = %v, want zero", off%4)
		}
		hdr := string(b[off : off+110])
		if got, want := hdr[:6], "070701"; got != want {
			t.Fatalf("hdr[:6] = %q, want %q", got, want)
		}
		field := func(i int) int {
			v, err := strconv.ParseUint(hdr[6+8*i:14+8*i], 16, 32)
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			return int(v)
		}
		namesize, filesize := field(11), field(6)
		name := string(b[off+110 : off+110+namesize-1])
		if b[off+110+namesize-1] != 0 {
			t.Fatalf("name not NUL-terminated: b[off+110+namesize-1] = %v, want zero", b[off+110+namesize-1])
		}
		dataAt := (off + 110 + namesize + 3) &^ 3
		e := cpioEntry{name: name, mode: uint32(field(1)), data: b[dataAt : dataAt+filesize], rdevMajor: field(9), rdevMinor: field(10)}
		off = (dataAt + filesize + 3) &^ 3
		if name == "TRAILER!!!" {
			if got, want := off, len(b); got != want {
				t.Fatalf("bytes after the trailer: off = %v, want %v", got, want)
			}
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
	if err := c.Close(); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	got := readCpio(t, buf.Bytes())
	if got := len(got); got != 5 {
		t.Fatalf("len(got) = %d, want %d", got, 5)
	}
	if got, want := got[0], (cpioEntry{name: "bin", mode: modeDir | 0o755, data: []byte{}}); !reflect.DeepEqual(got, want) {
		t.Errorf("got[0] = %+v, want %+v", got, want)
	}
	if got, want := got[1].name, "bin/busybox"; got != want {
		t.Errorf("got[1].name = %q, want %q", got, want)
	}
	if got, want := got[1].data, []byte("12345"); !bytes.Equal(got, want) {
		t.Errorf("got[1].data = %x, want %x", got, want)
	}
	if got, want := got[1].mode, uint32(modeFile|0o755); got != want {
		t.Errorf("got[1].mode = %v, want %v", got, want)
	}
	if got, want := got[2].data, []byte("busybox"); !bytes.Equal(got, want) {
		t.Errorf("got[2].data = %x, want %x", got, want)
	}
	if got, want := got[2].mode, uint32(modeSymlink|0o777); got != want {
		t.Errorf("got[2].mode = %v, want %v", got, want)
	}
	if got, want := ([2]int{got[3].rdevMajor, got[3].rdevMinor}), ([2]int{5, 1}); !reflect.DeepEqual(got, want) {
		t.Errorf("[2]int{got[3].rdevMajor, got[3].rdevMinor} = %v, want %v", got, want)
	}
	if got, want := got[3].mode, uint32(modeCharDev|0o600); got != want {
		t.Errorf("got[3].mode = %v, want %v", got, want)
	}

	// cpio(1), where installed, reads it too.
	if _, err := exec.LookPath("cpio"); err == nil {
		cmd := exec.Command("cpio", "-t", "--quiet")
		cmd.Stdin = bytes.NewReader(buf.Bytes())
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		if got, want := string(out), "bin\nbin/busybox\nbin/sh\ndev/console\ninit\n"; got != want {
			t.Errorf("string(out) = %q, want %q", got, want)
		}
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
	if err := c.Close(); err == nil || err.Error() != "disk full" {
		t.Errorf("error %v, want %q", err, "disk full")
	}
}

func TestArchiveURIs(t *testing.T) {
	oneLine := "# comment\ndeb [arch=amd64 signed-by=/k.gpg] http://m.example/debian bookworm main\ndeb-src http://m.example/debian bookworm main\ndeb http://s.example/debian-security bookworm-security main\n"
	if got, want := archiveURIs(oneLine), ([]string{"http://m.example/debian", "http://s.example/debian-security"}); !reflect.DeepEqual(got, want) {
		t.Errorf("archiveURIs(oneLine) = %v, want %v", got, want)
	}
	deb822 := "Types: deb\nURIs: http://a.example/debian http://b.example/debian/\nSuites: bookworm\n"
	if got, want := archiveURIs(deb822), ([]string{"http://a.example/debian", "http://b.example/debian/"}); !reflect.DeepEqual(got, want) {
		t.Errorf("archiveURIs(deb822) = %v, want %v", got, want)
	}
}

func TestModuleName(t *testing.T) {
	for file, want := range map[string]string{
		"kernel/net/ipv4/tcp_diag.ko.xz":   "tcp_diag",
		"kernel/drivers/net/tun.ko":        "tun",
		"kernel/net/ipv4/inet_diag.ko.zst": "inet_diag",
		"kernel/x/nf-conntrack.ko":         "nf_conntrack",
	} {
		if got, want := moduleName(file), want; got != want {
			t.Errorf("%s: moduleName(file) = %q, want %q", file, got, want)
		}
	}
}

func TestLookupRelease(t *testing.T) {
	r, err := LookupRelease("debian-12")
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if got, want := r.Suite, "bookworm"; got != want {
		t.Errorf("r.Suite = %q, want %q", got, want)
	}
	_, err = LookupRelease("debian-10")
	if err == nil {
		t.Fatalf("got no error, want one")
	}
	if !strings.Contains(err.Error(), "debian-11, debian-12, debian-13, debian-unstable") {
		t.Errorf("%q does not contain %q", err.Error(), "debian-11, debian-12, debian-13, debian-unstable")
	}
}

func TestProtocolRoundTrip(t *testing.T) {
	for _, o := range []Outcome{
		{Name: "backlog zero", Verdict: "match", Late: 1500 * time.Microsecond},
		{Name: "x", Verdict: "void", Late: 30 * time.Millisecond, Detail: "both runs fell behind\nby much"},
	} {
		m, ok, err := parseMessage(ResultLine(o))
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		if !ok {
			t.Fatalf("want ok")
		}
		want := o
		want.Detail = strings.ReplaceAll(o.Detail, "\n", "; ")
		if got, want := m.outcome, want; !reflect.DeepEqual(got, want) {
			t.Errorf("m.outcome = %+v, want %+v", got, want)
		}
	}
	_, ok, err := parseMessage("[    1.2] some kernel line")
	if ok {
		t.Errorf("want !(ok)")
	}
	if err != nil {
		t.Errorf("unexpected error: %v", err)
	}
	_, _, err = parseMessage(marker + "result maybe 1 x")
	if err == nil {
		t.Errorf("an unknown verdict is an error, not a result: got no error, want one")
	}
	_, _, err = parseMessage(marker + "whatever")
	if err == nil {
		t.Errorf("got no error, want one")
	}
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
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if got, want := sum.Profile, "linux-6.1"; got != want {
		t.Errorf("sum.Profile = %q, want %q", got, want)
	}
	if got, want := sum.Matched(), 1; got != want {
		t.Errorf("sum.Matched() = %v, want %v", got, want)
	}
	if got, want := sum.MostLate(), 3*time.Millisecond; got != want {
		t.Errorf("a void run's lateness is not the counted runs': sum.MostLate() = %v, want %v", got, want)
	}
	if !strings.Contains(out.String(), "a: model linux-6.1 against kernel") {
		t.Errorf("%q does not contain %q", out.String(), "a: model linux-6.1 against kernel")
	}
	if strings.Contains(out.String(), "early noise") {
		t.Errorf("boot messages are not a comparison: %q contains %q", out.String(), "early noise")
	}
	if !strings.Contains(out.String(), "c: void on 6.1.0-50-cloud-amd64: too busy") {
		t.Errorf("%q does not contain %q", out.String(), "c: void on 6.1.0-50-cloud-amd64: too busy")
	}
	sum.Accel, sum.Took = "TCG", 90*time.Second
	if got, want := sum.Line(), "conformance: 1/3 scenarios match the kernel (6.1.0-50-cloud-amd64, Debian 12) "+
		"[profile linux-6.1, TCG, 1m30s; the runs kept to their schedules within 3ms; void (fell behind twice): c]"; got != want {
		t.Errorf("sum.Line() = %q, want %q", got, want)
	}
}

func TestReadGuestFailures(t *testing.T) {
	sum := func() *Summary { return &Summary{Kernel: "6.1.0-50-cloud-amd64"} }
	// The console ends before every scenario reported: the boot's last lines say why.
	err := readGuest(context.Background(), feed("Kernel panic - not syncing: no init"), time.Second, 2, sum(), io.Discard, false, func(string) {})
	if err == nil {
		t.Fatalf("got no error, want one")
	}
	if !strings.Contains(err.Error(), "Kernel panic - not syncing: no init") {
		t.Errorf("%q does not contain %q", err.Error(), "Kernel panic - not syncing: no init")
	}
	// synq exits early.
	err = readGuest(context.Background(), feed(KernelLine("6.1.0-50-cloud-amd64", "linux-6.1"), marker+"exit 2"), time.Second, 2, sum(), io.Discard, false, func(string) {})
	if err == nil || !strings.Contains(err.Error(), "after 0 of 2 scenarios") {
		t.Errorf("error %v, want one containing %q", err, "after 0 of 2 scenarios")
	}
	// Another kernel answered.
	err = readGuest(context.Background(), feed(KernelLine("6.12.1", "linux-6.12")), time.Second, 1, sum(), io.Discard, false, func(string) {})
	if err == nil || !strings.Contains(err.Error(), "not the kernel booted") {
		t.Errorf("error %v, want one containing %q", err, "not the kernel booted")
	}
	// The guest never starts its synq: notBooted, so that KVM can give way to TCG.
	never := make(chan string)
	err = readGuest(context.Background(), never, 50*time.Millisecond, 1, sum(), io.Discard, false, func(string) {})
	var nb notBooted
	if !errors.As(err, &nb) {
		t.Errorf("got %v: want errors.As(err, &nb)", err)
	}
	// Ctrl-C.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = readGuest(ctx, never, time.Minute, 1, sum(), io.Discard, false, func(string) {})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want %v", err, context.Canceled)
	}
}

func TestRequireStatic(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	// Debian's shells are dynamically linked.
	if requireStatic(sh) == nil {
		t.Skip(fmt.Sprintf("%s is static here; nothing to check", sh))
	}
	_, err = findBusybox(sh)
	if err == nil || !strings.Contains(err.Error(), "busybox-static") {
		t.Errorf("error %v, want one containing %q", err, "busybox-static")
	}
	_, err = findBusybox("/nonexistent/busybox")
	if err == nil || !strings.Contains(err.Error(), "busybox is missing") {
		t.Errorf("error %v, want one containing %q", err, "busybox is missing")
	}
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
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if got, want := out.String(), "b's comparison\n"; got != want {
		t.Errorf("out.String() = %q, want %q", got, want)
	}
}
