package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"synq/assets/yamlpack"
)

// Every YAML file lands packed at its own path; other files stay out; and a file that was
// packed before but is gone from the source is gone from the output.
func TestPackTreeMirrorsTheYAMLFiles(t *testing.T) {
	src, dst := t.TempDir(), filepath.Join(t.TempDir(), "out")
	write := func(name, text string) {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(src, name)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(src, name), []byte(text), 0o644))
	}
	write("en/01-a.yaml", "id: a\ntitle: A\n")
	write("de/01-a.yaml", "id: a\ntitle: Ä\n")
	write("en/notes.txt", "not yaml")
	require.NoError(t, os.MkdirAll(filepath.Join(dst, "en"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dst, "en/00-stale.yaml"), []byte("x"), 0o644))

	n, err := packTree(src, dst)
	require.NoError(t, err)
	require.Equal(t, 2, n)
	data, err := os.ReadFile(filepath.Join(dst, "de/01-a.yaml"))
	require.NoError(t, err)
	doc, err := yamlpack.Unpack(data)
	require.NoError(t, err)
	require.Equal(t, "Ä", doc.Content[0].Content[3].Value)
	require.NoFileExists(t, filepath.Join(dst, "en/notes.txt"))
	require.NoFileExists(t, filepath.Join(dst, "en/00-stale.yaml"))
}

func TestPackTreeNamesTheFileWithBadYAML(t *testing.T) {
	src := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(src, "bad.yaml"), []byte("a: [1,\n"), 0o644))
	_, err := packTree(src, filepath.Join(t.TempDir(), "out"))
	require.ErrorContains(t, err, "bad.yaml")
}
