package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

const centos6Paste = "doctor/testdata/centos-6-ticket.paste"

// The hand-written CentOS 6 ticket, end to end: from a file, from standard input, as JSON.
func TestDoctorFromCentOS6(t *testing.T) {
	code, out, errs := run("doctor", "--from", centos6Paste)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"profile centos-6", "[accept-queue-full] on :::443", "[backlog-clamped] on :::443",
		"[syn-queue-cookies] on :::443", "which came back", "the wording is exactly centos-6's"} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
	paste, err := os.ReadFile(centos6Paste)
	if err != nil {
		t.Fatal(err)
	}
	cmd := synqProcess("doctor", "--from", "-")
	cmd.Stdin = bytes.NewReader(paste)
	stdin, err := cmd.Output()
	if err != nil {
		t.Fatalf("--from -: %v", err)
	}
	if got := strings.Replace(string(stdin), "synq doctor: standard input", "synq doctor: "+centos6Paste, 1); got != out {
		t.Errorf("--from - differs from --from FILE:\n%s", stdin)
	}
	code, js, _ := run("doctor", "--from", centos6Paste, "--json")
	var d struct {
		Kernel   struct{ Profile string }
		Findings []struct{ ID, Listener string }
	}
	if code != 0 || json.Unmarshal([]byte(js), &d) != nil || d.Kernel.Profile != "centos-6" || len(d.Findings) == 0 || d.Findings[0].ID != "accept-queue-full" {
		t.Errorf("--json: exit %d, %+v", code, d)
	}
}

// A directory of separate outputs, as saved from a machine.
func TestDoctorFromDir(t *testing.T) {
	code, out, errs := run("doctor", "--from", "doctor/testdata/linux-6.18-accept-overflow")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "[accept-queue-full] on 127.0.0.1:8080") || !strings.Contains(out, "README.md was not used") {
		t.Errorf("report:\n%s", out)
	}
}

// --scenario writes a file `synq run` runs, and never replaces one without --force.
func TestDoctorScenario(t *testing.T) {
	out := filepath.Join(t.TempDir(), "ticket.yaml")
	if code, _, errs := run("doctor", "--from", centos6Paste, "--scenario", out); code != 0 || !strings.Contains(errs, "how it was estimated") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if code, rep, errs := run("run", out); code != 0 || !strings.Contains(rep, "centos-6") {
		t.Fatalf("synq run on the written scenario: exit %d: %s%s", code, rep, errs)
	}
	if err := os.WriteFile(out, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run("doctor", "--from", centos6Paste, "--scenario", out); code != 2 || !strings.Contains(errs, "--force") {
		t.Errorf("over an existing file: exit %d: %s", code, errs)
	}
	if b, _ := os.ReadFile(out); string(b) != "mine" {
		t.Errorf("the existing file was changed to %q", b)
	}
	if code, _, errs := run("doctor", "--from", centos6Paste, "--scenario", out, "--force"); code != 0 {
		t.Errorf("--force: exit %d: %s", code, errs)
	}
}

func TestDoctorBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"doctor", "--from", "/nonexistent/paste"}, "no such file"},
		{[]string{"doctor", "extra"}, "unexpected argument"},
		{[]string{"doctor", "--interval", "-1s"}, "allowed: 0s"},
		{[]string{"doctor", "--from", "go.mod"}, "found none of the outputs"},
	} {
		code, _, errs := run(tc.args...)
		if code != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, errs, tc.want)
		}
	}
}

// Live, on this machine: one reading of the current namespace.
func TestDoctorLive(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("synq doctor live: skipped, it looks at a Linux kernel and this is " + runtime.GOOS)
	}
	code, out, errs := run("doctor", "--interval", "0s")
	if code != 0 || !strings.Contains(out, "synq doctor: live") || !strings.Contains(out, "$ ss -ltn") {
		t.Errorf("exit %d: %s%s", code, out, errs)
	}
}
