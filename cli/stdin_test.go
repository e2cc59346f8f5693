package cli

import (
	"os"
	"strings"
	"testing"
	"time"
)

// withStdin runs f with standard input reading the file at path.
func withStdin(t *testing.T, path string, f func()) {
	t.Helper()
	in, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	saved := os.Stdin
	os.Stdin = in
	defer func() { os.Stdin = saved }()
	f()
}

// TestRunStandardInput: `synq run -` reads the scenario from standard input, gives the same
// report as the file, and names standard input in its errors.
func TestRunStandardInput(t *testing.T) {
	_, want, _ := run("run", "testdata/backlog-zero.yaml", "--json")
	withStdin(t, "testdata/backlog-zero.yaml", func() {
		code, got, errs := run("run", "-", "--json")
		if code != 0 || got != want {
			t.Errorf("synq run - < testdata/backlog-zero.yaml: exit %d, stderr %q; report differs from the file's: %v", code, errs, got != want)
		}
	})
	withStdin(t, "testdata/bad/unknown-key.yaml", func() {
		code, _, errs := run("run", "-")
		if want := "synq run: standard input:5: colour: unknown key"; code != 2 || !strings.HasPrefix(errs, want) {
			t.Errorf("synq run - < testdata/bad/unknown-key.yaml: exit %d, stderr %q; want 2 and %q", code, errs, want)
		}
	})
}

// TestRunRefusesDevices: a device or a directory is refused at once with exit 2; reading
// /dev/zero would never end.
func TestRunRefusesDevices(t *testing.T) {
	for path, want := range map[string]string{"/dev/zero": "is a device, not a regular file", "testdata": "is a directory, not a regular file"} {
		if _, err := os.Stat(path); err != nil {
			continue
		}
		start := time.Now()
		code, out, errs := run("run", path)
		if code != 2 || out != "" || !strings.Contains(errs, path+": "+want) || time.Since(start) > 5*time.Second {
			t.Errorf("synq run %s: exit %d after %v, stdout %q, stderr %q; want 2 at once and %q", path, code, time.Since(start), out, errs, want)
		}
	}
}
