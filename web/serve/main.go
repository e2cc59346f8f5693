// Command serve serves the training page that `make web` builds (web/dist) on this machine:
// the right MIME types, the precompressed .br and .gz copies to browsers that accept them,
// and a Content-Security-Policy that lets the page load only its own files and WebAssembly.
//
//	go run ./web/serve [-addr 127.0.0.1:8080] [-dir web/dist]
//
// It prints the page's address on its first line of output. Port 0 picks a free port, which
// the browser test uses.
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "`host:port` to listen on (port 0: any free port)")
	dir := flag.String("dir", "web/dist", "`directory` that `make web` built")
	flag.Parse()
	if err := serve(*addr, *dir); err != nil {
		fmt.Fprintf(os.Stderr, "serve: %v\n", err)
		os.Exit(1)
	}
}

func serve(addr, dir string) error {
	if _, err := os.Stat(dir + "/index.html"); err != nil {
		return fmt.Errorf("no page in %s (run make web first): %w", dir, err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Printf("synq: serving %s at http://%s/\n", dir, ln.Addr())
	srv := &http.Server{Handler: Handler(os.DirFS(dir)), ReadHeaderTimeout: 10 * time.Second}
	return srv.Serve(ln)
}
