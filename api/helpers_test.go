package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/biogate/biogate/batch"
	"github.com/biogate/biogate/internal/auth"
	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/internal/matchers"
	"github.com/biogate/biogate/sign"
	"github.com/biogate/biogate/store"
)

const corpus = "../../shared/corpus"

// readCorpus reads a corpus file, skipping the test where it is absent.
func readCorpus(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpus, name))
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("corpus file %s absent (../shared/corpus is not here)", name)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const slaps = "jnbis/ansi/references/type-4-14-slaps.an2"

// testPartners: fbi speaks traditional files and owns MDNISTIMG; bka, the
// German agency of INTERPOL's samples, speaks traditional files too; ipsg
// receives INT-I XML and owns DAI000000 (the destination of NIST's
// reference files) and INT (INTERPOL); clerk may only read; root is an
// admin.
const testPartners = `{
  "issuers": [{"name": "test-issuer", "jwks": %s}],
  "partners": [
    {"name": "fbi", "issuer": "test-issuer", "scopes": ["submit", "read", "convert"], "agencies": ["MDNISTIMG"], "receive": {"format": "an2"}},
    {"name": "bka", "issuer": "test-issuer", "scopes": ["submit", "read", "convert"], "agencies": ["BKA"], "country": "DEU", "receive": {"format": "an2"}},
    {"name": "ipsg", "issuer": "test-issuer", "scopes": ["submit", "read", "convert"], "agencies": ["DAI000000", "INT"], "country": "XPO", "receive": {"format": "xml", "dialect": "inti"}},
    {"name": "clerk", "issuer": "test-issuer", "scopes": ["read"], "receive": {"format": "an2"}},
    {"name": "root", "issuer": "test-issuer", "scopes": ["submit", "read", "convert", "admin"], "receive": {"format": "an2"}}
  ]
}`

// env is a running server on a loopback port and what it takes to call it.
type env struct {
	url    string
	key    sign.Key
	client *http.Client
	store  store.Store
	data   string   // the data folder: the embedded store and audit.log, batches
	audit  envAudit // the audit log (the file, or the database's on PostgreSQL)
	// verifyAudit checks the audit chain and returns its number of
	// entries.
	verifyAudit func() (int, error)
	stop        func()
}

type envOptions struct {
	opts     Options
	log      io.Writer
	partners string            // the partner configuration, %s for the issuer's JWK set; testPartners when ""
	core     []exchange.Option // more options of the core (signing key, trusted keys, clock)
	setup    func(data string) // called with the data folder before the server starts
	// matching opens the matching backends the configuration names
	// (matchers.Open: one embedded backend on the store when it names
	// none) and runs the search-transaction worker, retrying
	// pending searches every searchRetry (0: every second).
	matching    bool
	searchRetry time.Duration
	// batches keeps batch jobs in DATA/batches, run by batch.RunService
	// under RunBatches.
	batches bool
}

func startEnv(t testing.TB, eo *envOptions) *env {
	t.Helper()
	if eo == nil {
		eo = &envOptions{}
	}
	key, err := auth.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	set, _ := auth.PublicSet(key)
	setJSON, _ := json.Marshal(set)
	partners := eo.partners
	if partners == "" {
		partners = testPartners
	}
	cfg, err := exchange.ParseConfig([]byte(fmt.Sprintf(partners, setJSON)))
	if err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	if eo.setup != nil {
		eo.setup(data)
	}
	st, alog, verifyAudit := openTestStore(t, data)
	sets, err := cfg.KeySets()
	if err != nil {
		t.Fatal(err)
	}
	verifier := auth.NewVerifier(sets, func(name string) (string, []string, bool) {
		p, ok := cfg.Partner(name)
		if !ok {
			return "", nil, false
		}
		return p.Issuer, p.Scopes, true
	}, nil)
	w := eo.log
	if w == nil {
		w = io.Discard
	}
	o := eo.opts
	o.Logger = slog.New(slog.NewJSONHandler(w, nil))
	// Named profiles (inti, ebts) from the corpus beside the checkout, as
	// `serve --tables` gives them (the default is relative to the
	// repository's root, not to this package's folder).
	coreOpts := append([]exchange.Option{exchange.WithLogger(o.Logger), exchange.WithAudit(alog),
		exchange.WithValidator(exchange.NewValidator(corpus))}, eo.core...)
	if eo.batches {
		coreOpts = append(coreOpts, exchange.WithBatchDir(filepath.Join(data, "batches")), exchange.WithBatchRunner(batch.RunService))
	}
	var backends exchange.Backends
	if eo.matching {
		backends, err = matchers.Open(cfg, st, o.Logger)
		if err != nil {
			t.Fatal(err)
		}
		coreOpts = append(coreOpts, matchers.Options(backends)...)
	}
	svc := exchange.New(st, cfg, coreOpts...)
	srv, err := New(svc, verifier, o)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	searched, batched := make(chan struct{}), make(chan struct{})
	go func() {
		if eo.batches {
			svc.RunBatches(ctx)
		}
		close(batched)
	}()
	go func() {
		srv.Serve(ctx, ln)
		close(done)
	}()
	go func() {
		if eo.matching {
			retry := eo.searchRetry
			if retry <= 0 {
				retry = time.Second
			}
			svc.RunSearches(ctx, retry)
		}
		close(searched)
	}()
	e := &env{url: "http://" + ln.Addr().String(), key: key, store: st, data: data, audit: alog, verifyAudit: verifyAudit,
		client: &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}}
	e.stop = func() {
		cancel()
		<-done
		<-searched
		<-batched
		backends.Close()
		st.Close()
		alog.Close()
	}
	t.Cleanup(e.stop)
	return e
}

func (e *env) token(t testing.TB, partner string, scopes ...string) string {
	t.Helper()
	if scopes == nil {
		scopes = auth.AllScopes
	}
	tok, err := auth.Mint(e.key, auth.Claims{Issuer: "test-issuer", Partner: partner, Scopes: scopes})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// response is what do returns.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r *response) json(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("response %d is not JSON: %v: %.200s", r.status, err, r.body)
	}
}

// do sends a request with a bearer token ("" for none).
func (e *env) do(t testing.TB, method, path, token string, body []byte) *response {
	t.Helper()
	req, err := http.NewRequest(method, e.url+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/octet-stream")
	}
	res, err := e.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return &response{status: res.StatusCode, header: res.Header, body: b}
}

// expect fails the test unless r has the status; problems must be
// problem+json.
func (r *response) expect(t testing.TB, what string, status int) *response {
	t.Helper()
	if r.status != status {
		t.Errorf("%s: status %d, want %d: %.300s", what, r.status, status, r.body)
	}
	if r.status >= 400 && r.header.Get("Content-Type") != MediaProblem {
		t.Errorf("%s: error with Content-Type %q", what, r.header.Get("Content-Type"))
	}
	return r
}
