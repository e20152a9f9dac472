package api

import (
	"strings"
	"testing"

	"github.com/biogate/biogate/web"
)

// TestConsoleAndSecurityHeaders checks that the server answers the
// console's paths and that every response, console, API and error alike,
// carries the security headers.
func TestConsoleAndSecurityHeaders(t *testing.T) {
	e := startEnv(t, nil)
	for _, tc := range []struct {
		method, path string
		token        bool
		status       int
		typ          string
	}{
		{"GET", "/", false, 200, "text/html"},
		{"GET", "/docs", false, 200, "text/html"},
		{"GET", "/static/js/app.js", false, 200, "text/javascript"},
		{"GET", "/static/none.js", false, 404, ""},
		{"GET", "/healthz", false, 200, "application/json"},
		{"GET", "/v1/transactions", false, 401, "application/problem+json"},
		{"GET", "/v1/transactions", true, 200, "application/json"},
		{"GET", "/nowhere", false, 404, "application/problem+json"},
	} {
		tok := ""
		if tc.token {
			tok = e.token(t, "fbi")
		}
		r := e.do(t, tc.method, tc.path, tok, nil)
		if r.status != tc.status {
			t.Errorf("%s %s: status %d, want %d", tc.method, tc.path, r.status, tc.status)
		}
		if !strings.HasPrefix(r.header.Get("Content-Type"), tc.typ) {
			t.Errorf("%s %s: Content-Type %q, want %s", tc.method, tc.path, r.header.Get("Content-Type"), tc.typ)
		}
		if got := r.header.Get("Content-Security-Policy"); got != web.ContentSecurityPolicy {
			t.Errorf("%s %s: CSP %q", tc.method, tc.path, got)
		}
		for _, h := range []string{"X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options", "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy", "Permissions-Policy"} {
			if r.header.Get(h) == "" {
				t.Errorf("%s %s: no %s", tc.method, tc.path, h)
			}
		}
	}
}
