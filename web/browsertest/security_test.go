package browsertest

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/biogate/biogate/web"
	"github.com/chromedp/chromedp"
)

// TestSecurityHeaders checks the headers and the served HTML: the CSP on
// the pages, their assets and the API, and no inline script in a page.
func TestSecurityHeaders(t *testing.T) {
	c := startConsole(t)
	script := regexp.MustCompile(`(?is)<script\b([^>]*)>(.*?)</script>`)
	for _, tc := range []struct {
		path string
		html bool
	}{
		{"/", true},
		{"/docs", true},
		{"/static/js/app.js", false},
		{"/static/vendor/swagger-ui-dist/swagger-ui-bundle.js", false},
		{"/openapi.json", false},
		{"/v1/inbox", false}, // 401: errors carry them too
	} {
		res, err := http.Get(c.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if got := res.Header.Get("Content-Security-Policy"); got != web.ContentSecurityPolicy {
			t.Errorf("%s: CSP %q", tc.path, got)
		}
		for _, h := range []string{"X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options", "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy", "Permissions-Policy"} {
			if res.Header.Get(h) == "" {
				t.Errorf("%s: no %s", tc.path, h)
			}
		}
		if !tc.html {
			continue
		}
		scripts := script.FindAllStringSubmatch(string(body), -1)
		if len(scripts) == 0 {
			t.Errorf("%s: no script element at all", tc.path)
		}
		for _, m := range scripts {
			if !strings.Contains(m[1], `src="/static/`) || strings.TrimSpace(m[2]) != "" {
				t.Errorf("%s: inline or foreign script: %s", tc.path, m[0])
			}
		}
	}
}

// TestReadOnlyToken signs in with a token holding only "read": the
// console shows no write control, and a write forced from the page (the
// console's own client, as a user could from the developer tools) gets
// 403 from the server, which is the authority.
func TestReadOnlyToken(t *testing.T) {
	c := startConsole(t)
	c.signIn(t, "clerk")
	c.run(t, "open inspect", chromedp.Navigate(c.URL+"/#/inspect"), chromedp.WaitVisible(chromedp.CSS("main h1")))
	c.screenshot(t, "read-only")
	type shown struct {
		Writes, Files, InspectLink int
		Who                        string
	}
	got, err := eval[shown](c, `({
		writes: [...document.querySelectorAll("[data-write], #submit-tx, #convert")].filter(e => e.offsetParent !== null).length,
		files: document.querySelectorAll("input[type=file]").length,
		inspectLink: [...document.querySelectorAll('nav a[href="#/inspect"]')].filter(e => e.offsetParent !== null).length,
		who: document.getElementById("who").textContent})`)
	if err != nil {
		t.Fatal(err)
	}
	if got.Writes != 0 || got.Files != 0 || got.InspectLink != 0 {
		t.Errorf("a read-only token sees %d write controls, %d file inputs, %d Inspect links", got.Writes, got.Files, got.InspectLink)
	}
	if !strings.Contains(got.Who, "clerk") || !strings.Contains(got.Who, "read") {
		t.Errorf("the header shows %q, want the partner and its scopes", got.Who)
	}
	for _, tc := range []struct{ method, path string }{
		{"POST", "/v1/transactions"},
		{"POST", "/v1/inspect"},
		{"POST", "/v1/admin/purge"},
	} {
		status, err := eval[int](c, `import("/static/js/api.js").then(async (m) => {
			try { await new m.API().json("`+tc.method+`", "`+tc.path+`", new Blob(["x"])); return 200; }
			catch (e) { return e.status || -1; } })`)
		if err != nil {
			t.Fatal(err)
		}
		if status != http.StatusForbidden {
			t.Errorf("forced %s %s from the console: %d, want 403", tc.method, tc.path, status)
		}
	}
	c.checkClean(t)
}

// TestTokenStaysHome asks the console's client to call other origins: it
// refuses before any request is made, so the token cannot leave.
func TestTokenStaysHome(t *testing.T) {
	c := startConsole(t)
	c.signIn(t, "local")
	for _, url := range []string{"https://evil.example/v1/inbox", "//evil.example/v1/inbox", "/\\evil.example/x", "javascript:alert(1)"} {
		lit, _ := json.Marshal(url)
		msg, err := eval[string](c, `import("/static/js/api.js").then(async (m) => {
			try { await new m.API().json("GET", `+string(lit)+`); return "sent"; }
			catch (e) { return e.message; } })`)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(msg, "refusing") {
			t.Errorf("GET %s: %q, want a refusal", url, msg)
		}
	}
	stored, err := eval[[]string](c, `[sessionStorage.getItem("biogate.token") ? "session" : "", localStorage.length ? "local" : "", document.cookie]`)
	if err != nil {
		t.Fatal(err)
	}
	if stored[0] != "session" || stored[1] != "" || stored[2] != "" {
		t.Errorf("token storage: %q, want sessionStorage only", stored)
	}
	c.checkClean(t)
}

// TestCSPEnforced checks that the browser applies the policy to the
// console: an inline script injected into the page does not run, a fetch
// to another origin is refused, and both are reported as violations (so
// the harness's violation check, run by every test, does see them).
func TestCSPEnforced(t *testing.T) {
	c := startConsole(t)
	c.run(t, "open the console", chromedp.Navigate(c.URL+"/"), chromedp.WaitVisible(chromedp.CSS("main")))
	ran, err := eval[bool](c, `(() => { window.__ran = false; const s = document.createElement("script");
		s.textContent = "window.__ran = true"; document.body.append(s); return window.__ran; })()`)
	if err != nil {
		t.Fatal(err)
	}
	if ran {
		t.Error("an inline script ran")
	}
	fetched, err := eval[string](c, `fetch("http://127.0.0.2:9/x").then(() => "fetched", (e) => "refused")`)
	if err != nil {
		t.Fatal(err)
	}
	if fetched != "refused" {
		t.Errorf("a fetch to another origin: %s", fetched)
	}
	_, problems := c.seen(t)
	var inline, connect bool
	for _, p := range problems {
		inline = inline || strings.Contains(p, "CSP violation: script-src")
		connect = connect || strings.Contains(p, "CSP violation: connect-src")
	}
	if !inline || !connect {
		t.Errorf("violations reported: %q; want script-src and connect-src", problems)
	}
}
