// Command pack writes a packed copy (synq/assets/yamlpack) of every YAML file under a folder,
// at the same place under another: the training page embeds the lessons this way, so that it
// starts without running the YAML parser. The output folder is emptied first, so a file
// removed from the source does not linger.
//
//	go run ./web/pack SRC DST
package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"go.yaml.in/yaml/v3"

	"synq/assets/yamlpack"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: pack SRC DST (packs every SRC/**/*.yaml to DST/**/*.yaml)")
		os.Exit(2)
	}
	n, err := packTree(os.Args[1], os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "pack:", err)
		os.Exit(1)
	}
	fmt.Printf("pack: %d files from %s packed in %s\n", n, os.Args[1], os.Args[2])
}

// packTree packs every .yaml file under src to the same path under dst and returns how many.
func packTree(src, dst string) (int, error) {
	if err := os.RemoveAll(dst); err != nil {
		return 0, err
	}
	n := 0
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".yaml" {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		packed, err := yamlpack.Pack(&doc)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		out := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		n++
		return os.WriteFile(out, packed, 0o644)
	})
	return n, err
}
