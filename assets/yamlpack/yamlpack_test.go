package yamlpack_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"synq/assets/yamlpack"
)

// parse reads YAML text into a document node, as the lesson and scenario parsers do.
func parse(t testing.TB, data []byte) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	require.NoError(t, yaml.Unmarshal(data, &doc))
	return &doc
}

// stripComments clears what Pack leaves out, so that trees compare.
func stripComments(n *yaml.Node) {
	n.HeadComment, n.LineComment, n.FootComment = "", "", ""
	for _, c := range n.Content {
		stripComments(c)
	}
}

// The files synq embeds come back node for node: every field the parsers read, and aliases
// pointing at the unpacked tree's own anchored nodes.
func TestRoundTripOfEmbeddedFiles(t *testing.T) {
	var files []string
	for _, dir := range []string{"../../lessons", "../scenarios"} {
		require.NoError(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err == nil && filepath.Ext(path) == ".yaml" {
				files = append(files, path)
			}
			return err
		}))
	}
	require.Greater(t, len(files), 5)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		doc := parse(t, data)
		packed, err := yamlpack.Pack(doc)
		require.NoError(t, err, f)
		require.True(t, yamlpack.Is(packed))
		require.False(t, yamlpack.Is(data), "%s: YAML text is not taken for a packed file", f)
		got, err := yamlpack.Unpack(packed)
		require.NoError(t, err, f)
		stripComments(doc)
		require.True(t, reflect.DeepEqual(doc, got), "%s: the unpacked tree differs", f)
	}
}

func TestAliasesPointIntoTheUnpackedTree(t *testing.T) {
	doc := parse(t, []byte("base: &b {rate: 10/s}\nflood: *b\nlist: [*b, *b]\n"))
	packed, err := yamlpack.Pack(doc)
	require.NoError(t, err)
	got, err := yamlpack.Unpack(packed)
	require.NoError(t, err)
	m := got.Content[0]
	anchored := m.Content[1]
	require.Equal(t, "b", anchored.Anchor)
	require.Equal(t, yaml.AliasNode, m.Content[3].Kind)
	require.Same(t, anchored, m.Content[3].Alias)
	require.Same(t, anchored, m.Content[5].Content[1].Alias)
	require.Equal(t, 3, m.Content[5].Content[1].Line)
}

func TestAnAliasOutsideTheDocumentIsAnError(t *testing.T) {
	other := &yaml.Node{Kind: yaml.ScalarNode, Value: "x"}
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.AliasNode, Value: "x", Alias: other, Line: 4}}}
	_, err := yamlpack.Pack(doc)
	require.EqualError(t, err, "yamlpack: line 4: the alias *x points outside the document")
}

// Damaged data is an error, never a panic or a tree that reads past its end: every truncation
// and every single-byte change of a real file.
func TestDamagedDataIsAnError(t *testing.T) {
	data, err := os.ReadFile("../scenarios/flood.yaml")
	require.NoError(t, err)
	packed, err := yamlpack.Pack(parse(t, data))
	require.NoError(t, err)
	for n := 0; n < len(packed); n++ {
		_, err := yamlpack.Unpack(packed[:n])
		require.Error(t, err, "truncated to %d bytes", n)
	}
	for i := len("synq-yamlpack 1\n"); i < len(packed); i++ {
		for _, b := range []byte{0x00, 0x7f, 0xff} {
			bad := append([]byte(nil), packed...)
			bad[i] = b
			_, _ = yamlpack.Unpack(bad) // must not panic; a change may still be a valid document
		}
	}
	_, err = yamlpack.Unpack(data)
	require.Error(t, err, "YAML text is not a packed document")
}

func FuzzUnpack(f *testing.F) {
	packed, err := yamlpack.Pack(parse(f, []byte("a: &x [1, 2, {b: c}]\nd: *x\n")))
	require.NoError(f, err)
	f.Add(packed)
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := yamlpack.Unpack(data)
		if err == nil && n == nil {
			t.Fatal("no error and no node")
		}
	})
}
