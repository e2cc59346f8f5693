package main

import (
	"io"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// csp allows the page its own files and nothing else: no other host, no inline script or
// style, no plugins, no framing. 'wasm-unsafe-eval' is what WebAssembly.instantiate needs.
// Policy makes it with other frame-ancestors, for a page embedded in a learning platform.
const csp = cspBase + "; frame-ancestors 'none'"

const cspBase = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
	"img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"

// types are the MIME types of the files the page is made of. Anything else is served as
// application/octet-stream (and with nosniff, never run as a script).
var types = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".wasm": "application/wasm",
	".svg":  "image/svg+xml",
	".png":  "image/png",
	".json": "application/json",
}

// encodings are the precompressed copies a file may have, in order of preference: the file
// name's suffix and the Content-Encoding it is served with.
var encodings = []struct{ suffix, name string }{{".br", "br"}, {".gz", "gzip"}}

// Handler serves the files of dir with the default policy (no framing); see HandlerWith.
func Handler(dir fs.FS) http.Handler { return HandlerWith(dir, csp) }

// HandlerWith serves the files of dir, with policy as their Content-Security-Policy. "/" is index.html. A file is sent as its brotli or gzip
// copy (file.br, file.gz) when the copy exists and the request's Accept-Encoding allows it.
// The copies are not served under their own names.
func HandlerWith(dir fs.FS, policy string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", policy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if name == "" {
			name = "index.html"
		}
		if strings.HasSuffix(name, ".br") || strings.HasSuffix(name, ".gz") || !fs.ValidPath(name) {
			http.NotFound(w, r)
			return
		}
		f, err := dir.Open(name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		defer f.Close()
		h.Set("Vary", "Accept-Encoding")
		h.Set("Cache-Control", "no-cache") // revalidate, so a rebuilt page is never mixed with an old one
		if t, ok := types[path.Ext(name)]; ok {
			h.Set("Content-Type", t)
		} else {
			h.Set("Content-Type", "application/octet-stream")
		}
		accepted := acceptedEncodings(r.Header.Get("Accept-Encoding"))
		for _, e := range encodings {
			if !accepted[e.name] {
				continue
			}
			if c, err := dir.Open(name + e.suffix); err == nil {
				defer c.Close()
				f = c
				h.Set("Content-Encoding", e.name)
				break
			}
		}
		st, err := f.Stat()
		rs, seekable := f.(io.ReadSeeker)
		if err != nil || st.IsDir() || !seekable {
			h.Del("Content-Encoding")
			http.NotFound(w, r)
			return
		}
		if h.Get("Content-Encoding") != "" {
			// ServeContent leaves the length of an encoded body unset, because a byte range of
			// it is ambiguous; serve such a body whole, and say how long it is.
			r.Header.Del("Range")
			h.Set("Content-Length", strconv.FormatInt(st.Size(), 10))
		}
		http.ServeContent(w, r, name, st.ModTime(), rs)
	})
}

// acceptedEncodings reads an Accept-Encoding header into the set of codings it allows: those
// listed without q=0. A "*" allows every coding it does not list.
func acceptedEncodings(header string) map[string]bool {
	set := map[string]bool{}
	star, listed := false, map[string]bool{}
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		ok := true
		for _, p := range strings.Split(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(k, "q") {
				if q, err := strconv.ParseFloat(v, 64); err != nil || q <= 0 {
					ok = false
				}
			}
		}
		if coding == "*" {
			star = ok
			continue
		}
		listed[coding] = true
		set[coding] = ok
	}
	if star {
		for _, e := range encodings {
			if !listed[e.name] {
				set[e.name] = true
			}
		}
	}
	return set
}
