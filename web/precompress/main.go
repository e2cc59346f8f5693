// Command precompress writes the compressed copies of the page's files that web/serve (and a
// static server configured as docs/hosting.md says) sends to browsers which accept them:
// FILE.gz and FILE.br. Both run at once, for every file.
//
// FILE.gz is made by zopfli (Debian's zopfli package) when it is installed: ordinary gzip
// about 5% smaller than compress/gzip's best, which it is made with otherwise (pure Go, so
// that `make web` needs nothing but Go). FILE.br is made by brotli (Debian's brotli package)
// at -q QUALITY; without it no .br copy is written, with a note, and browsers get the gzip
// copies. zopfli takes about as long as brotli at quality 11, most of a minute for synq.wasm.
// A copy newer than its file is kept, so an unchanged build is not compressed again; a copy
// that would not be smaller than the file is not written. It ends with a table of the sizes.
//
//	go run ./web/precompress [-q 11] FILE...
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"sync"
)

func main() {
	quality := flag.Int("q", 11, "brotli `quality`, 0 to 11 (11: smallest, slowest)")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: precompress [-q QUALITY] FILE...")
		os.Exit(2)
	}
	if *quality < 0 || *quality > 11 {
		fmt.Fprintf(os.Stderr, "precompress: -q %d: brotli's quality is 0 to 11\n", *quality)
		os.Exit(2)
	}
	_, zerr := exec.LookPath("zopfli")
	_, berr := exec.LookPath("brotli")
	if zerr != nil {
		fmt.Fprintln(os.Stderr, "precompress: no zopfli tool (Debian package zopfli): the .gz copies are made with Go's compress/gzip, about 5% larger")
	}
	if berr != nil {
		fmt.Fprintln(os.Stderr, "precompress: no brotli tool (Debian package brotli): no .br copies are made; browsers get the .gz copies")
	}
	files := flag.Args()
	sizes := make([][3]int64, len(files)) // raw, gzip, brotli
	errs := make([]error, 2*len(files))
	var wg sync.WaitGroup
	for i, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			fmt.Fprintf(os.Stderr, "precompress: %v\n", err)
			os.Exit(1)
		}
		sizes[i][0] = st.Size()
		wg.Go(func() {
			gz := func() ([]byte, error) { return gzipFile(f) }
			if zerr == nil {
				gz = command(exec.Command("zopfli", "--i1", "-c", f))
			}
			sizes[i][1], errs[2*i] = copyFor(f+".gz", st, gz)
		})
		if berr != nil {
			// No brotli: a stale copy must not be served for a newer file.
			os.Remove(f + ".br")
			sizes[i][2] = sizes[i][1]
			continue
		}
		wg.Go(func() {
			sizes[i][2], errs[2*i+1] = copyFor(f+".br", st, command(exec.Command("brotli", "-c", "-q", strconv.Itoa(*quality), f)))
		})
	}
	wg.Wait()
	var total [3]int64
	for i, f := range files {
		for _, err := range errs[2*i : 2*i+2] {
			if err != nil {
				fmt.Fprintf(os.Stderr, "precompress: %s: %v\n", f, err)
				os.Exit(1)
			}
		}
		if berr != nil {
			sizes[i][2] = sizes[i][1]
		}
		s := sizes[i]
		fmt.Printf("%-28s %10d raw %10d gzip %10d brotli\n", f, s[0], s[1], s[2])
		for k := range total {
			total[k] += s[k]
		}
	}
	note := "(a file without a copy counts raw)"
	if berr != nil {
		note = "(no brotli tool: the brotli column is what gzip sends)"
	}
	fmt.Printf("%-28s %10d raw %10d gzip %10d brotli %s\n", "total", total[0], total[1], total[2], note)
}

// command runs cmd, which writes the compressed file to its standard output.
func command(cmd *exec.Cmd) func() ([]byte, error) {
	return func() ([]byte, error) {
		cmd.Stderr = os.Stderr
		b, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", cmd, err)
		}
		return b, nil
	}
}

// gzipFile compresses a file with compress/gzip at its best level: the pure-Go stand-in for
// zopfli.
func gzipFile(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // a valid level: no error
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// copyFor makes sure the compressed copy at path is up to date with the file st describes,
// calling compress when it is not, and returns the size a browser accepting that encoding
// downloads: the copy's, or the file's when the copy would not be smaller.
func copyFor(path string, st os.FileInfo, compress func() ([]byte, error)) (int64, error) {
	if c, err := os.Stat(path); err == nil && c.ModTime().After(st.ModTime()) {
		return c.Size(), nil
	}
	b, err := compress()
	if err != nil {
		return 0, err
	}
	if int64(len(b)) >= st.Size() {
		os.Remove(path)
		return st.Size(), nil
	}
	return int64(len(b)), os.WriteFile(path, b, 0o644)
}
