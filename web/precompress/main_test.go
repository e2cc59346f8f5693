package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

func TestCopyFor(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "page.js")
	if err := os.WriteFile(f, []byte("0123456789"), 0o644); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(f)
	copyPath := f + ".gz"

	// A smaller copy is written, and its size returned.
	n, err := copyFor(copyPath, st, command(exec.Command("printf", "abc")))
	if b, _ := os.ReadFile(copyPath); err != nil || n != 3 || string(b) != "abc" {
		t.Fatalf("copyFor with a 3-byte result = %d, %v, copy %q; want 3, nil, abc", n, err, b)
	}
	// A copy newer than the file is kept: the command does not run.
	later := st.ModTime().Add(time.Second)
	os.Chtimes(copyPath, later, later)
	n, err = copyFor(copyPath, st, command(exec.Command("false")))
	if err != nil || n != 3 {
		t.Errorf("copyFor with a fresh copy = %d, %v; want 3, nil (kept)", n, err)
	}
	// A copy older than the file is made again; one that is not smaller is removed, and the
	// file's own size counts.
	earlier := st.ModTime().Add(-time.Second)
	os.Chtimes(copyPath, earlier, earlier)
	n, err = copyFor(copyPath, st, command(exec.Command("cat", f)))
	if _, statErr := os.Stat(copyPath); err != nil || n != 10 || !os.IsNotExist(statErr) {
		t.Errorf("copyFor with a result as large as the file = %d, %v, copy there: %v; want 10, nil, no copy", n, err, statErr == nil)
	}
	// A failing compressor is an error.
	if _, err := copyFor(copyPath, st, command(exec.Command("false"))); err == nil {
		t.Error("copyFor with a failing command: no error")
	}
}

// TestGzipFile: the pure-Go gzip copy, made when zopfli is not installed, reads back as the file.
func TestGzipFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "page.js")
	want := bytes.Repeat([]byte("synq accepts connections. "), 100)
	if err := os.WriteFile(f, want, 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := gzipFile(f)
	if err != nil {
		t.Fatal(err)
	}
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("gzipFile wrote no gzip stream: %v", err)
	}
	got, err := io.ReadAll(r)
	if err != nil || !bytes.Equal(got, want) || len(b) >= len(want) {
		t.Errorf("gzipFile: %d bytes for %d, reads back %d bytes equal %v, err %v", len(b), len(want), len(got), bytes.Equal(got, want), err)
	}
}
