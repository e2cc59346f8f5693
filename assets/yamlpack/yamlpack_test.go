package yamlpack_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"go.yaml.in/yaml/v3"

	"synq/assets/yamlpack"
)

// parse reads YAML text into a document node, as the lesson and scenario parsers do.
func parse(t testing.TB, data []byte) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
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
		if err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err == nil && filepath.Ext(path) == ".yaml" {
				files = append(files, path)
			}
			return err
		}); err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
	}
	if len(files) <= 5 {
		t.Fatalf("len(files) = %v, want > %v", len(files), 5)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		doc := parse(t, data)
		packed, err := yamlpack.Pack(doc)
		if err != nil {
			t.Fatalf("%s: unexpected error: %v", f, err)
		}
		if !yamlpack.Is(packed) {
			t.Fatalf("want yamlpack.Is(packed)")
		}
		if yamlpack.Is(data) {
			t.Fatalf("%s: YAML text is not taken for a packed file: want !(yamlpack.Is(data))", f)
		}
		got, err := yamlpack.Unpack(packed)
		if err != nil {
			t.Fatalf("%s: unexpected error: %v", f, err)
		}
		stripComments(doc)
		if !reflect.DeepEqual(doc, got) {
			t.Fatalf("%s: the unpacked tree differs: want reflect.DeepEqual(doc, got)", f)
		}
	}
}

func TestAliasesPointIntoTheUnpackedTree(t *testing.T) {
	doc := parse(t, []byte("base: &b {rate: 10/s}\nflood: *b\nlist: [*b, *b]\n"))
	packed, err := yamlpack.Pack(doc)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	got, err := yamlpack.Unpack(packed)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	m := got.Content[0]
	anchored := m.Content[1]
	if got, want := anchored.Anchor, "b"; got != want {
		t.Fatalf("anchored.Anchor = %q, want %q", got, want)
	}
	if got, want := m.Content[3].Kind, yaml.AliasNode; got != want {
		t.Fatalf("m.Content[3].Kind = %v, want %v", got, want)
	}
	if anchored != m.Content[3].Alias {
		t.Fatalf("m.Content[3].Alias is not anchored")
	}
	if anchored != m.Content[5].Content[1].Alias {
		t.Fatalf("m.Content[5].Content[1].Alias is not anchored")
	}
	if got, want := m.Content[5].Content[1].Line, 3; got != want {
		t.Fatalf("m.Content[5].Content[1].Line = %v, want %v", got, want)
	}
}

func TestAnAliasOutsideTheDocumentIsAnError(t *testing.T) {
	other := &yaml.Node{Kind: yaml.ScalarNode, Value: "x"}
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.AliasNode, Value: "x", Alias: other, Line: 4}}}
	_, err := yamlpack.Pack(doc)
	if err == nil || err.Error() != "yamlpack: line 4: the alias *x points outside the document" {
		t.Fatalf("error %v, want %q", err, "yamlpack: line 4: the alias *x points outside the document")
	}
}

// Damaged data is an error, never a panic or a tree that reads past its end: every truncation
// and every single-byte change of a real file.
func TestDamagedDataIsAnError(t *testing.T) {
	data, err := os.ReadFile("../scenarios/flood.yaml")
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	packed, err := yamlpack.Pack(parse(t, data))
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	for n := 0; n < len(packed); n++ {
		_, err := yamlpack.Unpack(packed[:n])
		if err == nil {
			t.Fatalf("truncated to %d bytes: got no error, want one", n)
		}
	}
	for i := len("synq-yamlpack 1\n"); i < len(packed); i++ {
		for _, b := range []byte{0x00, 0x7f, 0xff} {
			bad := append([]byte(nil), packed...)
			bad[i] = b
			_, _ = yamlpack.Unpack(bad) // must not panic; a change may still be a valid document
		}
	}
	_, err = yamlpack.Unpack(data)
	if err == nil {
		t.Fatalf("YAML text is not a packed document: got no error, want one")
	}
}

func FuzzUnpack(f *testing.F) {
	packed, err := yamlpack.Pack(parse(f, []byte("a: &x [1, 2, {b: c}]\nd: *x\n")))
	if err != nil {
		f.Fatalf("unexpected error: %v", err)
	}
	f.Add(packed)
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := yamlpack.Unpack(data)
		if err == nil && n == nil {
			t.Fatal("no error and no node")
		}
	})
}
