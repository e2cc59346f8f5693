package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// page is a built page in miniature: the wasm with both compressed copies, the loader with a
// gzip copy only, index.html with none.
var page = fstest.MapFS{
	"index.html":        {Data: []byte("<!doctype html>page")},
	"loader.js":         {Data: []byte("raw js")},
	"loader.js.gz":      {Data: []byte("gzip js")},
	"synq.wasm":         {Data: []byte("raw wasm")},
	"synq.wasm.gz":      {Data: []byte("gzip wasm")},
	"synq.wasm.br":      {Data: []byte("br wasm")},
	"style.css":         {Data: []byte("body{}")},
	"favicon.svg":       {Data: []byte("<svg/>")},
	"notes.txt":         {Data: []byte("text")},
	"sub/x.js":          {Data: []byte("nested")},
	"sub/x.js.br":       {Data: []byte("nested br")},
	"dir.br/inside.txt": {Data: []byte("odd")},
}

func get(t *testing.T, method, target, acceptEncoding string) *http.Response {
	t.Helper()
	r := httptest.NewRequest(method, target, nil)
	if acceptEncoding != "" {
		r.Header.Set("Accept-Encoding", acceptEncoding)
	}
	w := httptest.NewRecorder()
	Handler(page).ServeHTTP(w, r)
	return w.Result()
}

func TestHandler(t *testing.T) {
	tests := []struct {
		target, accept string
		status         int
		ctype, enc     string
		body           string
	}{
		{"/", "", 200, "text/html; charset=utf-8", "", "<!doctype html>page"},
		{"/index.html", "gzip, br", 200, "text/html; charset=utf-8", "", "<!doctype html>page"},
		{"/synq.wasm", "", 200, "application/wasm", "", "raw wasm"},
		{"/synq.wasm", "gzip, deflate", 200, "application/wasm", "gzip", "gzip wasm"},
		{"/synq.wasm", "gzip, deflate, br, zstd", 200, "application/wasm", "br", "br wasm"},
		{"/synq.wasm", "br;q=0, gzip;q=0.5", 200, "application/wasm", "gzip", "gzip wasm"},
		{"/synq.wasm", "BR;Q=1", 200, "application/wasm", "br", "br wasm"},
		{"/synq.wasm", "*", 200, "application/wasm", "br", "br wasm"},
		{"/synq.wasm", "br;q=0, *", 200, "application/wasm", "gzip", "gzip wasm"},
		{"/synq.wasm", "identity", 200, "application/wasm", "", "raw wasm"},
		{"/loader.js", "br, gzip", 200, "text/javascript; charset=utf-8", "gzip", "gzip js"},
		{"/style.css", "gzip", 200, "text/css; charset=utf-8", "", "body{}"},
		{"/favicon.svg", "", 200, "image/svg+xml", "", "<svg/>"},
		{"/notes.txt", "", 200, "application/octet-stream", "", "text"},
		{"/sub/x.js", "br", 200, "text/javascript; charset=utf-8", "br", "nested br"},
		{"/sub/../synq.wasm", "", 200, "application/wasm", "", "raw wasm"},
		{"/missing.js", "gzip", 404, "text/plain; charset=utf-8", "", "404 page not found\n"},
		{"/synq.wasm.br", "br", 404, "text/plain; charset=utf-8", "", "404 page not found\n"},
		{"/synq.wasm.gz", "gzip", 404, "text/plain; charset=utf-8", "", "404 page not found\n"},
		{"/sub", "", 404, "text/plain; charset=utf-8", "", "404 page not found\n"},
		{"/../../etc/passwd", "", 404, "text/plain; charset=utf-8", "", "404 page not found\n"},
	}
	for _, tt := range tests {
		res := get(t, http.MethodGet, tt.target, tt.accept)
		body, _ := io.ReadAll(res.Body)
		h := res.Header
		if res.StatusCode != tt.status || h.Get("Content-Type") != tt.ctype || h.Get("Content-Encoding") != tt.enc || string(body) != tt.body {
			t.Errorf("GET %s (Accept-Encoding %q) = %d, type %q, encoding %q, body %q; want %d, %q, %q, %q",
				tt.target, tt.accept, res.StatusCode, h.Get("Content-Type"), h.Get("Content-Encoding"), body,
				tt.status, tt.ctype, tt.enc, tt.body)
		}
		if got := h.Get("Content-Security-Policy"); got != csp {
			t.Errorf("GET %s: Content-Security-Policy %q, want %q", tt.target, got, csp)
		}
		if tt.status == 200 && h.Get("Vary") != "Accept-Encoding" {
			t.Errorf("GET %s: Vary %q, want Accept-Encoding", tt.target, h.Get("Vary"))
		}
		if h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: no X-Content-Type-Options: nosniff", tt.target)
		}
	}
}

// The policy names no host at all: only 'self', and WebAssembly's compile permission.
func TestCSPAllowsOnlySelf(t *testing.T) {
	for _, d := range strings.Split(csp, ";") {
		fields := strings.Fields(d)
		if len(fields) < 2 {
			t.Fatalf("directive %q has no source", d)
		}
		for _, src := range fields[1:] {
			switch src {
			case "'self'", "'none'", "'wasm-unsafe-eval'":
			default:
				t.Errorf("directive %q allows %s; want only 'self', 'none' and 'wasm-unsafe-eval'", d, src)
			}
		}
	}
	for _, want := range []string{"default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("the policy %q lacks %q", csp, want)
		}
	}
}

func TestHandlerMethods(t *testing.T) {
	res := get(t, http.MethodHead, "/synq.wasm", "br")
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || len(body) != 0 || res.Header.Get("Content-Length") != "7" || res.Header.Get("Content-Encoding") != "br" {
		t.Errorf("HEAD /synq.wasm = %d, %d body bytes, Content-Length %q, encoding %q; want 200, none, 7, br",
			res.StatusCode, len(body), res.Header.Get("Content-Length"), res.Header.Get("Content-Encoding"))
	}
	// A range of an encoded body would be ambiguous: the whole copy is sent. A plain file
	// serves ranges as usual.
	for _, tt := range []struct{ accept, body string }{{"br", "br wasm"}, {"", "ra"}} {
		r := httptest.NewRequest(http.MethodGet, "/synq.wasm", nil)
		r.Header.Set("Range", "bytes=0-1")
		r.Header.Set("Accept-Encoding", tt.accept)
		w := httptest.NewRecorder()
		Handler(page).ServeHTTP(w, r)
		if got := w.Body.String(); got != tt.body || w.Header().Get("Content-Length") != strconv.Itoa(len(tt.body)) {
			t.Errorf("GET /synq.wasm, Range bytes=0-1, Accept-Encoding %q = %d %q (Content-Length %s); want %q",
				tt.accept, w.Code, got, w.Header().Get("Content-Length"), tt.body)
		}
	}
	res = get(t, http.MethodPost, "/", "")
	if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST / = %d, Allow %q; want 405, GET, HEAD", res.StatusCode, res.Header.Get("Allow"))
	}
}
