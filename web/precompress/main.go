// Command precompress writes the compressed copies of the page's files that web/serve sends to
// browsers which accept them: FILE.gz, made by zopfli (Debian's zopfli package), and FILE.br,
// made by brotli (Debian's brotli package) at -q QUALITY. Both run at once, for every file.
//
// zopfli writes ordinary gzip files about 5% smaller than compress/gzip's best, which is what
// keeps the page within the budget of 4 MB gzip; it takes about as long as brotli at
// quality 11, most of a minute for synq.wasm. A copy newer than its file is kept, so an
// unchanged build is not compressed again; a copy that would not be smaller than the file is
// not written. It ends with a table of the sizes.
//
//	go run ./web/precompress [-q 11] FILE...
package main

import (
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
	for _, tool := range []string{"zopfli", "brotli"} {
		if _, err := exec.LookPath(tool); err != nil {
			fmt.Fprintf(os.Stderr, "precompress: no %s tool (Debian package %s; make deps installs it)\n", tool, tool)
			os.Exit(1)
		}
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
			sizes[i][1], errs[2*i] = copyFor(f+".gz", st, exec.Command("zopfli", "--i1", "-c", f))
		})
		wg.Go(func() {
			sizes[i][2], errs[2*i+1] = copyFor(f+".br", st, exec.Command("brotli", "-c", "-q", strconv.Itoa(*quality), f))
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
		s := sizes[i]
		fmt.Printf("%-28s %10d raw %10d gzip %10d brotli\n", f, s[0], s[1], s[2])
		for k := range total {
			total[k] += s[k]
		}
	}
	fmt.Printf("%-28s %10d raw %10d gzip %10d brotli (a file without a copy counts raw)\n", "total", total[0], total[1], total[2])
}

// copyFor makes sure the compressed copy at path is up to date with the file st describes,
// running compress (which writes it to standard output) when it is not, and returns the size a
// browser accepting that encoding downloads: the copy's, or the file's when the copy would not
// be smaller.
func copyFor(path string, st os.FileInfo, compress *exec.Cmd) (int64, error) {
	if c, err := os.Stat(path); err == nil && c.ModTime().After(st.ModTime()) {
		return c.Size(), nil
	}
	compress.Stderr = os.Stderr
	b, err := compress.Output()
	if err != nil {
		return 0, fmt.Errorf("%s: %w", compress, err)
	}
	if int64(len(b)) >= st.Size() {
		os.Remove(path)
		return st.Size(), nil
	}
	return int64(len(b)), os.WriteFile(path, b, 0o644)
}
