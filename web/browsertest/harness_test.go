package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/biogate/biogate/api"
	"github.com/biogate/biogate/audit"
	"github.com/biogate/biogate/internal/auth"
	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/internal/matchers"
	"github.com/biogate/biogate/store"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// corpus is ../shared/corpus from the repository's root.
const corpus = "../../../shared/corpus"

// chromium is Debian's browser; scripts/test and .ci/run install it.
const chromium = "/usr/bin/chromium"

// partners: local has every scope (as `serve --dev` gives), clerk only
// read, fbi the sender of NIST's reference files.
const partners = `{
  "issuers": [{"name": "test-issuer", "jwks": %s}],
  "partners": [
    {"name": "local", "issuer": "test-issuer", "scopes": %s, "agencies": ["LOCAL"], "receive": {"format": "an2"}},
    {"name": "fbi", "issuer": "test-issuer", "scopes": ["submit", "read", "convert"], "agencies": ["MDNISTIMG"], "receive": {"format": "an2"}},
    {"name": "ipsg", "issuer": "test-issuer", "scopes": ["submit", "read", "convert"], "agencies": ["DAI000000", "INT"], "country": "XPO", "receive": {"format": "xml", "dialect": "inti"}},
    {"name": "clerk", "issuer": "test-issuer", "scopes": ["read"], "receive": {"format": "an2"}}
  ]
}`

// chromiumProc is the Chromium process the tests share (started by the first
// test that needs it, with a fresh user-data-dir; each test has its own
// browser context), stopped by TestMain.
var chromiumProc struct {
	once sync.Once
	ctx  context.Context
	stop func()
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if chromiumProc.stop != nil {
		chromiumProc.stop()
	}
	os.Exit(code)
}

// sharedBrowser starts the browser the first time.
func sharedBrowser() (context.Context, error) {
	chromiumProc.once.Do(func() {
		dir, err := os.MkdirTemp("", "biogate-chromium-")
		if err != nil {
			chromiumProc.err = err
			return
		}
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
			chromedp.ExecPath(chromium),
			chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-dev-shm-usage", true),
			chromedp.UserDataDir(dir),
			chromedp.WindowSize(1280, 1024),
		)
		ctx, cancel := chromedp.NewContext(actx)
		chromiumProc.ctx = ctx
		chromiumProc.stop = func() {
			cancel()
			cancelAlloc()
			os.RemoveAll(dir)
		}
		// The first Do starts the browser; its context must not time out.
		chromiumProc.err = chromedp.Do(ctx)
	})
	return chromiumProc.ctx, chromiumProc.err
}

// request is one request the page made.
type request struct {
	method, url string
	auth        bool // it carried an Authorization header
}

// console is a running server and a browser tab on it.
type console struct {
	URL    string
	Tokens map[string]string // partner -> a token with the partner's scopes
	Store  *store.Bolt
	Ctx    context.Context // the chromedp context of the tab

	mu       sync.Mutex
	requests []request // every request the page made
	problems []string  // uncaught exceptions and console errors
}

// server is a running api service (httptest, loopback) with the corpus
// validator, and a token for each of its partners named.
type server struct {
	url    string
	tokens map[string]string // partner -> a token with the partner's scopes
	store  *store.Bolt
}

// startServer starts the service of the partners document that doc
// makes of the issuer's public key set, with the configured matching
// backends when matching, and mints a token for each partner named.
func startServer(t *testing.T, doc func(keySet []byte) string, names []string, matching bool) *server {
	t.Helper()
	key, err := auth.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	set, _ := auth.PublicSet(key)
	setJSON, _ := json.Marshal(set)
	cfg, err := exchange.ParseConfig([]byte(doc(setJSON)))
	if err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	st, err := store.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	alog, err := audit.Open(audit.Path(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { alog.Close() })
	sets, err := cfg.KeySets()
	if err != nil {
		t.Fatal(err)
	}
	verifier := auth.NewVerifier(sets, cfg.Lookup, nil)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	opts := []exchange.Option{exchange.WithLogger(log), exchange.WithAudit(alog), exchange.WithValidator(exchange.NewValidator(corpus))}
	if matching {
		backends, err := matchers.Open(cfg, st, log)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { backends.Close() })
		opts = append(matchers.Options(backends), opts...)
	}
	srv, err := api.New(exchange.New(st, cfg, opts...), verifier, api.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close) // (cleanups run last first: the server stops before the store)
	x := &server{url: hs.URL, tokens: map[string]string{}, store: st}
	for _, name := range names {
		_, scopes, _ := cfg.Lookup(name)
		if x.tokens[name], err = auth.Mint(key, auth.Claims{Issuer: "test-issuer", Partner: name, Scopes: scopes}); err != nil {
			t.Fatal(err)
		}
	}
	return x
}

// startConsole starts the service of the partners above (no matching)
// and a browser tab on it. It skips only when Chromium or the corpus is
// absent.
func startConsole(t *testing.T) *console {
	t.Helper()
	requireBrowser(t)
	all, _ := json.Marshal(auth.AllScopes)
	srv := startServer(t, func(set []byte) string { return fmt.Sprintf(partners, set, all) },
		[]string{"local", "fbi", "ipsg", "clerk"}, false)
	return openConsole(t, srv)
}

// requireBrowser skips the test when Chromium or the corpus is absent
// (and fails it under BIOGATE_REQUIRE_SERVICES=1 when Chromium is).
func requireBrowser(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("BIOGATE_REQUIRE_SERVICES") == "1" {
			t.Fatalf("%s absent and BIOGATE_REQUIRE_SERVICES=1: %v", chromium, err)
		}
		t.Skipf("%s absent (apt-get install chromium; scripts/test installs it): %v", chromium, err)
	}
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("corpus absent at %s: %v", corpus, err)
	}
}

// openConsole opens a tab of the shared headless Chromium, in a browser
// context of its own, for the console of srv.
func openConsole(t *testing.T, srv *server) *console {
	t.Helper()
	c := &console{URL: srv.url, Tokens: srv.tokens, Store: srv.store}
	bctx, err := sharedBrowser()
	if err != nil {
		t.Fatalf("starting %s: %v", chromium, err)
	}
	// A tab in a browser context of its own: storage, cookies and cache
	// are this test's only (as in a fresh profile).
	ctx, cancelTab := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancelTab)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	if err := chromedp.Listen(ctx, c.listen); err != nil {
		t.Fatal(err)
	}
	// Content-Security-Policy violations, recorded by the page itself
	// (a script the browser injects, which the page's CSP does not govern).
	const watchCSP = `window.__csp = []; document.addEventListener("securitypolicyviolation",
		e => window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile + ":" + e.lineNumber));`
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: watchCSP}); err != nil {
		t.Fatal(err)
	}
	c.Ctx = ctx
	return c
}

// listen records the requests, exceptions and console errors of the tab
// (called on chromedp's reading goroutine: it only appends).
func (c *console) listen(ev any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		_, auth := ev.Request.Headers["Authorization"]
		c.requests = append(c.requests, request{ev.Request.Method, ev.Request.URL, auth})
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
		c.problems = append(c.problems, fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber, msg))
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError {
			var args []string
			for _, a := range ev.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			c.problems = append(c.problems, "console.error: "+strings.Join(args, " "))
		}
	}
}

// timeout bounds one step of a test.
const timeout = 30 * time.Second

// call calls the service as partner (no token when partner is ""),
// outside the browser: to script an exchange, or to get the values the
// page must show.
func (c *console) call(t *testing.T, method, path, partner string, body []byte) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, c.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if partner != "" {
		req.Header.Set("Authorization", "Bearer "+c.Tokens[partner])
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/octet-stream")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, b
}

// run runs chromedp actions on the tab, failing the test on error.
func (c *console) run(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(c.Ctx, timeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		c.screenshot(t, "failed-"+strings.ReplaceAll(what, " ", "-"))
		t.Fatalf("%s: %v", what, err)
	}
}

// signIn opens the console and signs in with partner's token through the
// sign-in form.
func (c *console) signIn(t *testing.T, partner string) {
	t.Helper()
	c.run(t, "sign in as "+partner,
		chromedp.Navigate(c.URL+"/#/signin"),
		chromedp.WaitVisible(chromedp.CSS("#token")),
		chromedp.SetValue(chromedp.CSS("#token"), c.Tokens[partner]),
		chromedp.Click(chromedp.CSS("#signin")),
		chromedp.WaitNotPresent(chromedp.CSS("#signin-form")),
	)
}

// screenshot saves the page as <dir>/<test>-<name>.png.
func (c *console) screenshot(t *testing.T, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(c.Ctx, timeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	c.save(t, name, png)
}

// save writes a screenshot as <dir>/<test>-<name>.png.
func (c *console) save(t *testing.T, name string, png []byte) {
	t.Helper()
	dir := os.Getenv("BIOGATE_SCREENSHOTS")
	if dir == "" {
		dir = "screenshots"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Errorf("screenshots: %v", err)
		return
	}
	file := filepath.Join(dir, strings.ReplaceAll(t.Name(), "/", "_")+"-"+name+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Errorf("screenshot: %v", err)
		return
	}
	t.Logf("screenshot %s", file)
}

// viewShot saves what the window shows (cheaper than a whole long page).
func (c *console) viewShot(t *testing.T, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(c.Ctx, timeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	c.save(t, name, png)
}

// screenshotOf saves the first element sel matches, as screenshot does.
func (c *console) screenshotOf(t *testing.T, sel, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(c.Ctx, timeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(sel)))
	if err != nil {
		t.Errorf("screenshot of %s: %v", sel, err)
		return
	}
	c.save(t, name, png)
}

// seen returns the URLs the page requested so far, and the exceptions,
// console errors and CSP violations.
func (c *console) seen(t *testing.T) (requests []request, problems []string) {
	t.Helper()
	csp, err := eval[[]string](c, `window.__csp || []`)
	if err != nil {
		t.Errorf("reading CSP violations: %v", err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	problems = append(append([]string(nil), c.problems...), prefixed("CSP violation: ", csp)...)
	return append([]request(nil), c.requests...), problems
}

func prefixed(p string, s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = p + x
	}
	return out
}

// eval evaluates a JavaScript expression in the page (awaiting a promise).
func eval[T any](c *console, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(c.Ctx, timeout)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, func(p *runtime.EvaluateParams) { p.AwaitPromise = new(true) }))
}

// void runs an action for its effect, dropping its value.
func void[T any](a chromedp.Action[T]) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := a(ctx, t)
		return chromedp.Void{}, err
	}
}
