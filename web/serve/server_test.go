package main

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A link inside the served folder that leads out of it serves nothing, whether it names a
// file, a folder or the precompressed copy of a file; a link that stays inside serves its
// target, which the folder serves anyway. The precompressed copies keep working.
func TestSymlinksStayInside(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	write := func(path, data string) {
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(outside, "secret.txt"), "secret")
	write(filepath.Join(outside, "secret.br"), "secret br")
	write(filepath.Join(dir, "index.html"), "page")
	write(filepath.Join(dir, "synq.wasm"), "raw wasm")
	write(filepath.Join(dir, "synq.wasm.br"), "br wasm")
	write(filepath.Join(dir, "app.js"), "raw js")
	link(filepath.Join(outside, "secret.txt"), "leak.txt")                     // absolute, out
	link(outside, "out")                                                       // a folder out
	link(filepath.Join("..", filepath.Base(outside), "secret.txt"), "rel.txt") // relative, out
	link(filepath.Join(outside, "secret.br"), "app.js.br")                     // a copy out
	link("index.html", "alias.html")                                           // inside
	page, err := pageFS(dir)
	if err != nil {
		t.Fatal(err)
	}
	h := Handler(page)
	for _, tt := range []struct {
		target, accept string
		status         int
		enc, body      string
	}{
		{"/leak.txt", "", 404, "", "404 page not found\n"},
		{"/out/secret.txt", "", 404, "", "404 page not found\n"},
		{"/rel.txt", "", 404, "", "404 page not found\n"},
		{"/app.js", "br", 200, "", "raw js"},
		{"/alias.html", "", 200, "", "page"},
		{"/", "", 200, "", "page"},
		{"/synq.wasm", "br, gzip", 200, "br", "br wasm"},
		{"/synq.wasm", "gzip", 200, "", "raw wasm"},
	} {
		r := httptest.NewRequest(http.MethodGet, tt.target, nil)
		r.Header.Set("Accept-Encoding", tt.accept)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != tt.status || w.Header().Get("Content-Encoding") != tt.enc || w.Body.String() != tt.body {
			t.Errorf("GET %s (Accept-Encoding %q) = %d, encoding %q, body %q; want %d, %q, %q",
				tt.target, tt.accept, w.Code, w.Header().Get("Content-Encoding"), w.Body.String(), tt.status, tt.enc, tt.body)
		}
	}
}

// The server the command runs bounds both waits.
func TestDefaultTimeouts(t *testing.T) {
	srv := newServer(nil, defaultTimeouts)
	if srv.ReadHeaderTimeout <= 0 || srv.IdleTimeout <= 0 {
		t.Errorf("ReadHeaderTimeout %v, IdleTimeout %v; want both set", srv.ReadHeaderTimeout, srv.IdleTimeout)
	}
}

// startServer runs newServer with short timeouts on a free port.
func startServer(t *testing.T, to timeouts) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("page"), 0o644); err != nil {
		t.Fatal(err)
	}
	page, err := pageFS(dir)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := newServer(Handler(page), to)
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// closedWithin reports whether the server closes the connection within d, reading (and
// discarding) whatever it sends before.
func closedWithin(t *testing.T, c net.Conn, r io.Reader, d time.Duration) bool {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, r)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return false
	}
	return true
}

// A kept-alive connection that goes quiet is closed after the idle timeout.
func TestServerClosesIdleConnections(t *testing.T) {
	addr := startServer(t, timeouts{header: 300 * time.Millisecond, idle: 300 * time.Millisecond})
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: test\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || string(body) != "page" || res.Close {
		t.Fatalf("GET / = %d %q (close %v); want 200 \"page\" on a kept-alive connection", res.StatusCode, body, res.Close)
	}
	if !closedWithin(t, c, br, 5*time.Second) {
		t.Error("the idle connection was still open 5 s after its response; the idle timeout is 300 ms")
	}
}

// A client that starts a request and never finishes its headers is dropped.
func TestServerDropsSlowHeaders(t *testing.T) {
	addr := startServer(t, timeouts{header: 300 * time.Millisecond, idle: time.Minute})
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: test\r\n"); err != nil {
		t.Fatal(err)
	}
	if !closedWithin(t, c, c, 5*time.Second) {
		t.Error("a request with unfinished headers kept its connection 5 s; the header timeout is 300 ms")
	}
}
