package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"synq/assets/yamlpack"
)

// Every YAML file lands packed at its own path; other files stay out; and a file that was
// packed before but is gone from the source is gone from the output.
func TestPackTreeMirrorsTheYAMLFiles(t *testing.T) {
	src, dst := t.TempDir(), filepath.Join(t.TempDir(), "out")
	write := func(name, text string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(src, name)), 0o755); err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		if err := os.WriteFile(filepath.Join(src, name), []byte(text), 0o644); err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
	}
	write("en/01-a.yaml", "id: a\ntitle: A\n")
	write("de/01-a.yaml", "id: a\ntitle: Ä\n")
	write("en/notes.txt", "not yaml")
	if err := os.MkdirAll(filepath.Join(dst, "en"), 0o755); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dst, "en/00-stale.yaml"), []byte("x"), 0o644); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}

	n, err := packTree(src, dst)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if got, want := n, 2; got != want {
		t.Fatalf("n = %v, want %v", got, want)
	}
	data, err := os.ReadFile(filepath.Join(dst, "de/01-a.yaml"))
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	doc, err := yamlpack.Unpack(data)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if got, want := doc.Content[0].Content[3].Value, "Ä"; got != want {
		t.Fatalf("doc.Content[0].Content[3].Value = %q, want %q", got, want)
	}
	if info, err := os.Stat(filepath.Join(dst, "en/notes.txt")); err == nil && !info.IsDir() {
		t.Fatalf("%s exists, want no such file", filepath.Join(dst, "en/notes.txt"))
	}
	if info, err := os.Stat(filepath.Join(dst, "en/00-stale.yaml")); err == nil && !info.IsDir() {
		t.Fatalf("%s exists, want no such file", filepath.Join(dst, "en/00-stale.yaml"))
	}
}

func TestPackTreeNamesTheFileWithBadYAML(t *testing.T) {
	src := t.TempDir()
	if err := os.WriteFile(filepath.Join(src, "bad.yaml"), []byte("a: [1,\n"), 0o644); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	_, err := packTree(src, filepath.Join(t.TempDir(), "out"))
	if err == nil || !strings.Contains(err.Error(), "bad.yaml") {
		t.Fatalf("error %v, want one containing %q", err, "bad.yaml")
	}
}
