package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHandler(t *testing.T) {
	h := Handler()
	for _, tc := range []struct {
		method, path string
		status       int
		typ, body    string // a prefix of Content-Type, a substring of the body
	}{
		{"GET", "/", 200, "text/html", `src="/static/js/app.js"`},
		{"GET", "/docs", 200, "text/html", `src="/static/js/docs.js"`},
		{"GET", "/static/js/app.js", 200, "text/javascript", "hashchange"},
		{"GET", "/static/js/api.js", 200, "text/javascript", "biogate.token"},
		{"GET", "/static/css/console.css", 200, "text/css", "focus-visible"},
		{"HEAD", "/", 200, "text/html", ""},
		{"GET", "/static/", 404, "", ""},
		{"GET", "/static/js/", 404, "", ""},
		{"GET", "/static/nothing.js", 404, "", ""},
		{"GET", "/index.html", 404, "", ""},
		{"POST", "/", 405, "", ""},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, nil))
		res := rec.Result()
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != tc.status {
			t.Errorf("%s %s: status %d, want %d", tc.method, tc.path, res.StatusCode, tc.status)
			continue
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, tc.typ) {
			t.Errorf("%s %s: Content-Type %q, want %s…", tc.method, tc.path, ct, tc.typ)
		}
		if !strings.Contains(string(body), tc.body) {
			t.Errorf("%s %s: body lacks %q", tc.method, tc.path, tc.body)
		}
	}
}

// TestNoInlineScript checks the pages the console serves: every script is
// an external file of this origin (the CSP forbids inline scripts; this
// finds them before a browser would refuse them).
func TestNoInlineScript(t *testing.T) {
	for _, name := range []string{"index.html", "docs.html"} {
		b, err := Static.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		src, _ := io.ReadAll(b)
		b.Close()
		html := strings.ToLower(string(src))
		for i := strings.Index(html, "<script"); i >= 0; i = next(html, i) {
			tag := html[i : i+strings.Index(html[i:], ">")+1]
			if !strings.Contains(tag, `src="/static/`) {
				t.Errorf("%s: script without a same-origin src: %s", name, tag)
			}
			if end := strings.Index(html[i:], "</script>"); end < 0 || strings.TrimSpace(html[i+len(tag):i+end]) != "" {
				t.Errorf("%s: script element with content: %s", name, tag)
			}
		}
		for _, attr := range []string{" onclick=", " onload=", " onerror=", "javascript:", " style="} {
			if strings.Contains(html, attr) {
				t.Errorf("%s: inline %q", name, attr)
			}
		}
	}
}

func next(html string, i int) int {
	j := strings.Index(html[i+1:], "<script")
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

func TestSecurityHeaders(t *testing.T) {
	h := http.Header{}
	SetSecurityHeaders(h)
	for _, tc := range []struct{ name, want string }{
		{"Content-Security-Policy", "script-src 'self';"},
		{"Content-Security-Policy", "frame-ancestors 'none'"},
		{"Content-Security-Policy", "connect-src 'self'"},
		{"X-Content-Type-Options", "nosniff"},
		{"Referrer-Policy", "no-referrer"},
		{"X-Frame-Options", "DENY"},
		{"Cross-Origin-Opener-Policy", "same-origin"},
		{"Cross-Origin-Resource-Policy", "same-origin"},
		{"Permissions-Policy", "camera=()"},
	} {
		if !strings.Contains(h.Get(tc.name), tc.want) {
			t.Errorf("%s = %q, want it to contain %q", tc.name, h.Get(tc.name), tc.want)
		}
	}
	if strings.Contains(h.Get("Content-Security-Policy"), "unsafe-") {
		t.Errorf("CSP allows unsafe sources: %s", h.Get("Content-Security-Policy"))
	}
}
