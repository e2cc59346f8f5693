//go:build linux

package scenario_test

import (
	"path/filepath"
	"syscall"
	"testing"
)

// TestLoadRefusesFIFO checks that a named pipe with no writer is refused at once: opening it
// for reading would block until a writer came.
func TestLoadRefusesFIFO(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pipe.yaml")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := loadWithin(t, path)
	if err == nil {
		t.Fatal("a FIFO loaded")
	}
	if want := path + ": is a named pipe (FIFO), not a regular file; allowed: a scenario file, or - for standard input"; err.Error() != want {
		t.Errorf("error %q, want %q", err.Error(), want)
	}
}
