// Command serve serves the training page that `make web` builds (web/dist) on this machine:
// the right MIME types, the precompressed .br and .gz copies to browsers that accept them,
// and a Content-Security-Policy that lets the page load only its own files and WebAssembly.
// It serves nothing outside the folder, not even through a symbolic link, and closes
// connections that stall on their headers or stay idle.
//
//	go run ./web/serve [-addr 127.0.0.1:8080] [-dir web/dist] [-frame-ancestors 'SOURCES']
//	go run ./web/serve -headers [-frame-ancestors 'SOURCES'] > web/dist/_headers
//
// -frame-ancestors names the pages allowed to show the page in a frame (see Policy); by
// default none. -headers prints the headers it would send as a _headers file for static
// hosts, and exits.
//
// It prints the page's address on its first line of output. Port 0 picks a free port, which
// the browser test uses.
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "`host:port` to listen on (port 0: any free port)")
	dir := flag.String("dir", "web/dist", "`directory` that `make web` built")
	ancestors := flag.String("frame-ancestors", "'none'", "the `sources` allowed to frame the page, space-separated: 'none', 'self', https://lms.example ...")
	headers := flag.Bool("headers", false, "print the headers as a _headers file for static hosts, and exit")
	flag.Parse()
	policy, err := Policy(*ancestors)
	if err != nil {
		fmt.Fprintf(os.Stderr, "serve: %v\n", err)
		os.Exit(2)
	}
	if *headers {
		fmt.Print(headersFile(policy))
		return
	}
	if err := serve(*addr, *dir, policy); err != nil {
		fmt.Fprintf(os.Stderr, "serve: %v\n", err)
		os.Exit(1)
	}
}

func serve(addr, dir, policy string) error {
	if _, err := os.Stat(dir + "/index.html"); err != nil {
		return fmt.Errorf("no page in %s (run make web first): %w", dir, err)
	}
	page, err := pageFS(dir)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Printf("synq: serving %s at http://%s/\n", dir, ln.Addr())
	return newServer(HandlerWith(page, policy), defaultTimeouts).Serve(ln)
}

// pageFS is the folder's files, confined to it: a symbolic link is followed only while it
// stays inside the folder, so a link to /etc or to a home directory serves nothing. A link
// that stays inside serves what the folder serves anyway, under a second name.
func pageFS(dir string) (fs.FS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return root.FS(), nil // the root stays open for as long as the server runs
}

// timeouts bound how long a connection may hold the server's attention.
type timeouts struct {
	header time.Duration // to send a request's headers: a client that trickles them is dropped
	idle   time.Duration // between requests on a kept-alive connection, before it is closed
}

// defaultTimeouts: a browser sends its headers in one go, and reuses a connection within
// seconds while it loads the page. There is no limit on writing a response: the WebAssembly
// is megabytes, and a slow link must still be able to fetch it.
var defaultTimeouts = timeouts{header: 5 * time.Second, idle: 60 * time.Second}

func newServer(h http.Handler, t timeouts) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: t.header, IdleTimeout: t.idle}
}
