package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/biogate/biogate/internal/auth"
	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/store"
)

// TestRoutes calls every route of the route table on a running server.
func TestRoutes(t *testing.T) {
	e := startEnv(t, nil)
	b := readCorpus(t, slaps)
	fbi, ipsg, root := e.token(t, "fbi"), e.token(t, "ipsg"), e.token(t, "root")

	e.do(t, "GET", "/healthz", "", nil).expect(t, "healthz", 200)
	var ready status
	e.do(t, "GET", "/readyz", "", nil).expect(t, "readyz", 200).json(t, &ready)
	if ready.Status != "ready" || ready.Checks["store"] != "ok" {
		t.Errorf("readyz: %+v", ready)
	}
	doc := e.do(t, "GET", "/openapi.json", "", nil).expect(t, "openapi", 200)
	if !bytes.Equal(doc.body, OpenAPI) {
		t.Error("/openapi.json is not the document in the repository")
	}

	var in exchange.Inspection
	e.do(t, "POST", "/v1/inspect", fbi, b).expect(t, "inspect", 200).json(t, &in)
	if in.Format != "an2" || in.Transaction == nil || in.Transaction.DAI != "DAI000000" {
		t.Errorf("inspect: %+v", in)
	}
	var rep exchange.Report
	e.do(t, "POST", "/v1/validate", fbi, b).expect(t, "validate", 200).json(t, &rep)
	if !rep.Conformant {
		t.Errorf("validate: %+v", rep)
	}
	e.do(t, "POST", "/v1/validate?profile=no-such", fbi, b).expect(t, "unknown profile", 400)
	x := e.do(t, "POST", "/v1/convert?to=xml&dialect=inti", fbi, b).expect(t, "convert", 200)
	if x.header.Get("Content-Type") != exchange.MediaXML || sniff.Format(x.body) != "xml" {
		t.Errorf("convert to xml: %s", x.header.Get("Content-Type"))
	}

	var tr store.Transaction
	sub := e.do(t, "POST", "/v1/transactions", fbi, b).expect(t, "submit", 201)
	sub.json(t, &tr)
	if sub.header.Get("Location") != "/v1/transactions/"+tr.ID || len(tr.Deliveries) != 1 {
		t.Errorf("submit: %+v", tr)
	}
	got := e.do(t, "GET", "/v1/transactions/"+tr.ID, fbi, nil).expect(t, "get", 200)
	if !bytes.Equal(got.body, b) || got.header.Get("Content-Type") != exchange.MediaAN2 {
		t.Error("get: not the original bytes")
	}
	js := e.do(t, "GET", "/v1/transactions/"+tr.ID+"?format=json", fbi, nil).expect(t, "get json", 200)
	if sniff.Format(js.body) != "json" {
		t.Error("get json: not JSON")
	}
	e.do(t, "GET", "/v1/transactions/"+tr.ID+"/meta", fbi, nil).expect(t, "meta", 200)
	var page exchange.Page[*store.Transaction]
	e.do(t, "GET", "/v1/transactions?limit=10", fbi, nil).expect(t, "list", 200).json(t, &page)
	if len(page.Items) != 1 {
		t.Errorf("list: %d items", len(page.Items))
	}
	var inbox exchange.Page[*store.Delivery]
	e.do(t, "GET", "/v1/inbox", ipsg, nil).expect(t, "inbox", 200).json(t, &inbox)
	if len(inbox.Items) != 1 || inbox.Items[0].ID != tr.ID {
		t.Fatalf("inbox: %+v", inbox)
	}
	xml := e.do(t, "GET", "/v1/inbox/"+tr.ID, ipsg, nil).expect(t, "inbox get", 200)
	if sniff.Format(xml.body) != "xml" {
		t.Error("inbox get: not XML")
	}
	e.do(t, "POST", "/v1/inbox/"+tr.ID+"/ack", ipsg, nil).expect(t, "ack", 204)
	e.do(t, "GET", "/v1/inbox", ipsg, nil).expect(t, "inbox after ack", 200).json(t, &inbox)
	if len(inbox.Items) != 0 {
		t.Errorf("inbox after ack: %d items", len(inbox.Items))
	}
	e.do(t, "DELETE", "/v1/transactions/"+tr.ID, fbi, nil).expect(t, "delete without admin", 403)
	e.do(t, "DELETE", "/v1/transactions/"+tr.ID, root, nil).expect(t, "delete", 204)
	e.do(t, "GET", "/v1/transactions/"+tr.ID, fbi, nil).expect(t, "get after delete", 404)

	m := e.do(t, "GET", "/metrics", "", nil).expect(t, "metrics", 200)
	if !strings.Contains(string(m.body), `biogate_http_requests_total{code="201",method="POST",route="/v1/transactions"} 1`) {
		t.Errorf("metrics do not count the submission:\n%.2000s", m.body)
	}
	if e.do(t, "GET", "/v1/inbox", ipsg, nil).header.Get("X-Request-Id") == "" {
		t.Error("no X-Request-Id")
	}
}

// TestRequestChecks covers the OpenAPI checks, limits and refusals.
func TestRequestChecks(t *testing.T) {
	e := startEnv(t, &envOptions{opts: Options{BodyLimit: "1M"}})
	b := readCorpus(t, slaps)
	fbi := e.token(t, "fbi")
	e.do(t, "POST", "/v1/convert", fbi, b).expect(t, "convert without to", 400)
	e.do(t, "POST", "/v1/convert?to=gif", fbi, b).expect(t, "unknown format", 400)
	e.do(t, "POST", "/v1/convert?to=png&record=x", fbi, b).expect(t, "record not a number", 400)
	e.do(t, "POST", "/v1/convert?to=png&fromat=an2", fbi, b).expect(t, "unknown parameter", 400)
	e.do(t, "POST", "/v1/convert?to=png", fbi, b).expect(t, "several images", 400)
	e.do(t, "POST", "/v1/convert?to=iso19794-2:2005", fbi, b).expect(t, "unsupported conversion", 415)
	e.do(t, "POST", "/v1/inspect", fbi, nil).expect(t, "no body", 400)
	e.do(t, "POST", "/v1/inspect", fbi, []byte("hello")).expect(t, "not a format", 415)
	e.do(t, "POST", "/v1/inspect", fbi, []byte(`{"format": "biogate-an2", "records": 3}`)).expect(t, "JSON against schema", 400)
	e.do(t, "POST", "/v1/inspect", fbi, bytes.Repeat(b, 5)).expect(t, "too large", 413)
	e.do(t, "GET", "/v1/transactions/zzz", fbi, nil).expect(t, "bad id", 404)
	e.do(t, "GET", "/v1/transactions?limit=0", fbi, nil).expect(t, "limit 0", 400)
	e.do(t, "GET", "/v1/nothing", fbi, nil).expect(t, "no route", 404)

	// Refusals: unroutable, nonconformant (findings attached).
	un := bytes.Replace(b, []byte("DAI000000"), []byte("NOBODY999"), 1)
	r := e.do(t, "POST", "/v1/transactions", fbi, un).expect(t, "unroutable", 422)
	if !strings.Contains(string(r.body), "NOBODY999") {
		t.Errorf("unroutable: %s", r.body)
	}
	var p Problem
	e.do(t, "POST", "/v1/transactions", fbi, b[:len(b)-100]).expect(t, "truncated", 422).json(t, &p)
	if p.Type != ProblemType+"nonconformant" || len(p.Findings) == 0 || p.RequestID == "" {
		t.Errorf("nonconformant problem: %+v", p)
	}
}

// TestAuthFailures: no token, bad signature, wrong scope, expired token,
// another partner's transaction.
func TestAuthFailures(t *testing.T) {
	e := startEnv(t, nil)
	b := readCorpus(t, slaps)
	other, err := auth.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	forged, _ := auth.Mint(other, auth.Claims{Issuer: "test-issuer", Partner: "fbi", Scopes: auth.AllScopes})
	expired, _ := auth.Mint(e.key, auth.Claims{Issuer: "test-issuer", Partner: "fbi", Scopes: auth.AllScopes, Now: time.Now().Add(-25 * time.Hour)})
	unknown, _ := auth.Mint(e.key, auth.Claims{Issuer: "test-issuer", Partner: "stranger", Scopes: auth.AllScopes})

	for name, tok := range map[string]string{"no token": "", "bad signature": forged, "expired": expired,
		"garbage": "not-a-jwt", "unknown partner": unknown} {
		r := e.do(t, "POST", "/v1/transactions", tok, b).expect(t, name, http.StatusUnauthorized)
		if !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("%s: no WWW-Authenticate", name)
		}
	}
	clerk := e.token(t, "clerk")
	e.do(t, "POST", "/v1/transactions", clerk, b).expect(t, "clerk submits", 403)
	e.do(t, "POST", "/v1/validate", clerk, b).expect(t, "clerk validates", 403)
	// Scopes beyond the partner's agreement are not granted.
	e.do(t, "DELETE", "/v1/transactions/"+strings.Repeat("0", 28), e.token(t, "fbi", "admin"), nil).expect(t, "fbi claims admin", 403)
	// A token with fewer scopes.
	e.do(t, "POST", "/v1/transactions", e.token(t, "fbi", "read"), b).expect(t, "read-only token", 403)

	var tr store.Transaction
	e.do(t, "POST", "/v1/transactions", e.token(t, "fbi"), b).expect(t, "submit", 201).json(t, &tr)
	for _, path := range []string{"/v1/transactions/" + tr.ID, "/v1/transactions/" + tr.ID + "/meta", "/v1/inbox/" + tr.ID} {
		e.do(t, "GET", path, clerk, nil).expect(t, "another partner's transaction "+path, 404)
	}
	e.do(t, "POST", "/v1/inbox/"+tr.ID+"/ack", clerk, nil).expect(t, "ack another's delivery", 404)
	var page exchange.Page[*store.Transaction]
	e.do(t, "GET", "/v1/transactions", clerk, nil).expect(t, "clerk lists", 200).json(t, &page)
	if len(page.Items) != 0 {
		t.Errorf("clerk sees %d transactions", len(page.Items))
	}
	// The recipient sees it; the admin sees everything.
	e.do(t, "GET", "/v1/transactions/"+tr.ID, e.token(t, "ipsg"), nil).expect(t, "recipient reads", 200)
	e.do(t, "GET", "/v1/transactions", e.token(t, "root"), nil).expect(t, "admin lists", 200).json(t, &page)
	if len(page.Items) != 1 {
		t.Errorf("admin sees %d transactions", len(page.Items))
	}
}

// TestOpenAPICoversRoutes checks that the route table and openapi.json
// describe the same operations with the same scopes, and that the
// format names are those the core writes.
func TestOpenAPICoversRoutes(t *testing.T) {
	s, err := New(nil, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range s.routes() {
		key := r.method + " " + r.path
		op := s.spec.ops[key]
		if op == nil {
			t.Errorf("%s is not in openapi.json", key)
			continue
		}
		if op.scope != r.scope {
			t.Errorf("%s: scope %q in the route table, %q in openapi.json", key, r.scope, op.scope)
		}
		seen[key] = true
	}
	for key := range s.spec.ops {
		if !seen[key] {
			t.Errorf("openapi.json describes %s, which has no route", key)
		}
	}
	var doc struct {
		Components struct {
			Schemas struct {
				Format struct {
					Enum []string `json:"enum"`
				} `json:"Format"`
			} `json:"schemas"`
		} `json:"components"`
	}
	json.Unmarshal(OpenAPI, &doc)
	if got, want := strings.Join(doc.Components.Schemas.Format.Enum, " "), strings.Join(exchange.OutputFormats(), " "); got != want {
		t.Errorf("Format enum\n got %s\nwant %s", got, want)
	}
}
