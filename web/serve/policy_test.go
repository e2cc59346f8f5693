package main

import (
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func TestPolicy(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", "frame-ancestors 'none'"},
		{"'none'", "frame-ancestors 'none'"},
		{"https://lms.example", "frame-ancestors https://lms.example"},
		{"  'self'   https://lms.example:8443/course/ *.example.org https: ", "frame-ancestors 'self' https://lms.example:8443/course/ *.example.org https:"},
	} {
		got, err := Policy(tt.in)
		if err != nil || !strings.HasSuffix(got, tt.want) || !strings.HasPrefix(got, "default-src 'self'; ") || strings.Count(got, "frame-ancestors") != 1 {
			t.Errorf("Policy(%q) = %q, %v; want one ending in %q", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{
		"https://lms.example; script-src *", // a second directive
		"https://lms.example,https://b.example",
		"'none' https://lms.example",
		"'unsafe-inline'",
		"*",
		"data:",
		"javascript:alert(1)",
		"https://",
		"lms.example:99999999",
		strings.Repeat("x", 100_000) + ";",
	} {
		got, err := Policy(in)
		if err == nil {
			t.Errorf("Policy(%.40q) = %q; want an error", in, got)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, "frame ancestors") || len(msg) > 400 {
			t.Errorf("Policy(%.40q): error %.100q... (%d bytes) does not name the setting or is unbounded", in, msg, len(msg))
		}
	}
}

func TestHandlerWithPolicy(t *testing.T) {
	policy, err := Policy("https://lms.example")
	if err != nil {
		t.Fatal(err)
	}
	page := fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}}
	w := httptest.NewRecorder()
	HandlerWith(page, policy).ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	if got := w.Header().Get("Content-Security-Policy"); got != policy {
		t.Errorf("Content-Security-Policy %q, want %q", got, policy)
	}
	if h := headersFile(policy); !strings.Contains(h, "  Content-Security-Policy: "+policy+"\n") || !strings.HasPrefix(strings.SplitN(h, "\n/*\n", 2)[1], "  ") {
		t.Errorf("headersFile:\n%s", h)
	}
}
