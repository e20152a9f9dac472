// Package web is the Biogate console: a static single-page application
// (plain ES modules, no build step) embedded in the binary and served by
// the api server at "/" and "/static/", and the API reference at "/docs"
// (swagger-ui-dist, vendored and pinned under static/vendor).
//
// The console calls the same /v1 API as any client with the token the
// user pasted, so it can do nothing the token's scopes and the partner's
// policy do not allow; hiding controls is a convenience, the server is
// the authority.
package web

import (
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var files embed.FS

// Static is the console's file tree (index.html, docs.html, js/, css/,
// vendor/), rooted at the static folder.
var Static, _ = fs.Sub(files, "static")

// Handler serves the console: GET "/" is index.html, "/docs" the API
// reference page, "/static/<file>" the assets. Anything else is 404.
// Directory listings are never served.
func Handler() http.Handler {
	assets := http.StripPrefix("/static/", http.FileServerFS(Static))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		switch p := r.URL.Path; {
		case p == "/":
			page(w, r, "index.html")
		case p == "/docs" || p == "/docs/":
			page(w, r, "docs.html")
		case strings.HasPrefix(p, "/static/") && !strings.HasSuffix(p, "/") && path.Ext(p) != "":
			// Assets change with the binary: revalidate, never cache
			// blindly (no fingerprinted names without a build step).
			w.Header().Set("Cache-Control", "no-cache")
			assets.ServeHTTP(w, r)
		default:
			http.NotFound(w, r)
		}
	})
}

// page serves one HTML page of the console.
func page(w http.ResponseWriter, r *http.Request, name string) {
	b, err := fs.ReadFile(Static, name)
	if err != nil {
		http.Error(w, "console page missing from the build", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	if r.Method == http.MethodHead {
		return
	}
	w.Write(b)
}
