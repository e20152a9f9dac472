package browsertest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/biogate/biogate/convert"
	"github.com/biogate/biogate/internal/reply"
	"github.com/biogate/biogate/match/backend/backendtest"
	"github.com/biogate/biogate/match/source"
	"github.com/biogate/biogate/nist"
	"github.com/biogate/biogate/store"
)

// exchangePartners: a sends NIST's slap file to b (agency DAI000000) and
// enrols FVC prints into gallery fvc; b's matching rules make its CPS
// transactions searches of fvc, answered by response transactions in its
// inbox; b's disclosure policy withholds the Type-4 records (so the
// review has withholdings to show); reviewer holds the audit scope only.
const exchangePartners = `{
  "issuers": [{"name": "test-issuer", "jwks": %s}],
  "backends": [{"name": "embedded", "type": "embedded"}],
  "galleries": [{"name": "fvc", "backends": ["embedded"]}],
  "partners": [
    {"name": "a", "issuer": "test-issuer", "scopes": ["submit", "read", "convert", "enrol"], "agencies": ["AGENCYA", "MDNISTIMG"], "country": "FRA", "receive": {"format": "an2"}},
    {"name": "b", "issuer": "test-issuer", "scopes": ["submit", "read", "convert", "search"], "agencies": ["AGENCYB", "DAI000000"], "country": "XPO", "receive": {"format": "an2"},
     "matching": {"search": [{"types": ["CPS"], "galleries": ["fvc"], "purpose": "criminal-records", "limit": 3}]},
     "policy": {"partner": "b", "submit": {"transactionTypes": ["CPS"], "recordTypes": [14]},
                "read": {"transactionTypes": ["*"], "recordTypes": [2, 14], "type2Fields": "*"}, "retentionDays": 30,
                "galleries": [{"name": "fvc", "search": true, "purposes": ["criminal-records"]}]}},
    {"name": "reviewer", "issuer": "test-issuer", "scopes": ["audit"], "receive": {"format": "an2"}}
  ]
}`

// exchangeServer is an api server with the embedded matcher, its tokens
// and what the scripted exchange made.
type exchangeServer struct {
	*server

	delivered string // the slap file a submitted, delivered to b
	search    string // b's CPS search transaction
}

// startExchange starts the server of the scripted exchange (httptest,
// loopback, the corpus validator, one embedded matching backend).
func startExchange(t *testing.T) *exchangeServer {
	t.Helper()
	requireBrowser(t)
	return &exchangeServer{server: startServer(t, func(set []byte) string { return fmt.Sprintf(exchangePartners, set) },
		[]string{"a", "b", "reviewer"}, true)}
}

// must returns v once the test has failed on err.
func must[T any](v T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// callJSON makes one API call as partner (console.call) and decodes a
// JSON answer into v (when not nil), failing unless the status is want.
func (c *console) callJSON(t *testing.T, method, path, partner string, body []byte, want int, v any) {
	t.Helper()
	code, b := c.call(t, method, path, partner, body)
	if code != want {
		t.Fatalf("%s %s as %s: %d, want %d: %.300s", method, path, partner, code, want, b)
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
}

// fvc reads impression i of finger f of the FVC2002 DB1_B set.
func fvc(t *testing.T, f, i int) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(backendtest.CorpusDir(t), backendtest.FVCSet, fmt.Sprintf("%d_%d.tif", f, i)))
	if err != nil {
		t.Skipf("corpus file absent: %v", err)
	}
	return b
}

// script runs the exchange: a submits the slap file (delivered to b) and
// enrols impression 1 of three FVC fingers; b submits a CPS search with
// impression 2 of the first, answered by a response transaction in its
// inbox.
func (x *exchangeServer) script(t *testing.T, c *console) {
	t.Helper()
	slaps, err := os.ReadFile(filepath.Join(corpus, "jnbis/ansi/references/type-4-14-slaps.an2"))
	if err != nil {
		t.Fatal(err)
	}
	var tr store.Transaction
	c.callJSON(t, "POST", "/v1/transactions", "a", slaps, 201, &tr)
	x.delivered = tr.ID
	for f := 101; f <= 103; f++ {
		c.callJSON(t, "PUT", fmt.Sprintf("/v1/galleries/fvc/subjects/s%d?purpose=criminal-records", f), "a", fvc(t, f, 1), 201, nil)
	}
	c.callJSON(t, "POST", "/v1/transactions", "b", cpsOf(t, fvc(t, 101, 2)), 201, &tr)
	x.search = tr.ID
	deadline := time.Now().Add(30 * time.Second)
	for tr.Search == nil || tr.Search.State != store.SearchAnswered {
		if tr.Search == nil || tr.Search.State == store.SearchFailed || time.Now().After(deadline) {
			t.Fatalf("search %s: %+v", x.search, tr.Search)
		}
		time.Sleep(100 * time.Millisecond)
		c.callJSON(t, "GET", "/v1/transactions/"+x.search+"/meta", "b", nil, 200, &tr)
	}
}

// cpsOf wraps a scan in a traditional INT-I CPS search from AGENCYB to
// AGENCYA (convert.WrapImages: a Type-1 and a Type-14, WSQ at 500 ppi),
// with the INT-I domain, priority and agency names its reply echoes.
func cpsOf(t *testing.T, scan []byte) []byte {
	t.Helper()
	fg := must(source.ImageFile(scan, nil))(t)
	tr, _, err := convert.WrapImages([]convert.LooseImage{fg.Loose("101_2.tif")}, &convert.TransactionOptions{
		TypeOfTransaction: "CPS", Destination: "AGENCYA", Originating: "AGENCYB", ControlNumber: must(reply.INTITCN(2, 10102))(t),
		Image: &convert.ImageOptions{Source: "AGENCYB", Date: "20020101"},
	})
	if err != nil {
		t.Fatal(err)
	}
	// 1.006 PRY, 1.013 DOM (INT-I 06.00), 1.017 ANM (MRT_INT-I tables).
	for field, subfields := range map[int][]string{6: {"2"}, 13: {"INT-I", "06.00"}, 17: {"Agency A", "Agency B"}} {
		tr.Records[0].SetSubfields(field, subfields)
	}
	return must(nist.Marshal(tr))(t)
}
