package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/biogate/biogate/audit"
	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/store"
)

// quietCore is a mockCore that accepts audit entries.
type quietCore struct{ *mockCore }

func (quietCore) Audit(audit.Entry) error { return nil }

// TestHostileJSONNumbers sends JSON bodies whose numbers the schema
// validator cannot take (it panicked on 2.5e10000000, answered 500): each
// is a 400 naming the member, and the core is never called.
func TestHostileJSONNumbers(t *testing.T) {
	core := &mockCore{submit: func(exchange.Caller, []byte) (*store.Transaction, error) {
		t.Error("the core was called with a body the service should refuse")
		return &store.Transaction{ID: "x"}, nil
	}}
	s := newTestServer(t, quietCore{core})
	for _, tc := range []struct{ body, where string }{
		{`{"format":"biogate-an2","formatVersion":2.5e10000000,"records":[]}`, "/formatVersion"},
		{`{"format":"biogate-an2","formatVersion":1,"records":[{"type":1e-9999999,"fields":[]}]}`, "/records/0/type"},
		{`{"format":"biogate-an2","formatVersion":1` + strings.Repeat("0", 5000) + `,"records":[]}`, "/formatVersion"},
	} {
		req := httptest.NewRequest(http.MethodPost, "/v1/transactions", strings.NewReader(tc.body))
		req.Header.Set("Authorization", "Bearer good")
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		var p Problem
		_ = json.Unmarshal(rec.Body.Bytes(), &p)
		if rec.Code != http.StatusBadRequest || !strings.Contains(p.Detail, tc.where) || !strings.Contains(p.Detail, "number") {
			t.Errorf("%.60s: %d %q, want 400 saying which number (%s)", tc.body, rec.Code, p.Detail, tc.where)
		}
	}
}

// TestJSONBodySchemaErrors sends JSON bodies the transaction schema
// refuses: the 400 names the offending value (JSON Pointer) and what is
// wrong with it.
func TestJSONBodySchemaErrors(t *testing.T) {
	core := &mockCore{submit: func(exchange.Caller, []byte) (*store.Transaction, error) {
		t.Error("the core was called with a body the schema refuses")
		return &store.Transaction{ID: "x"}, nil
	}}
	s := newTestServer(t, quietCore{core})
	for _, tc := range []struct{ body, where, what string }{
		{`{"format":"biogate-an2","formatVersion":1,"records":[{"type":1,"fields":[]},{"type":140,"fields":[]}]}`, "/records/1/type", "140 is greater than 99"},
		{`{"format":"biogate-an2","formatVersion":1,"records":[{"type":1,"fields":[]}],"colour":1}`, "unexpected additional properties", `"colour"`},
		{`{"format":"biogate-an2","formatVersion":1,"records":[{"fields":[]}]}`, "/records/0", `missing properties: ["type"]`},
		{`{"format":"biogate-an2","formatVersion":1,"records":3}`, "/records", `want "array"`},
	} {
		req := httptest.NewRequest(http.MethodPost, "/v1/transactions", strings.NewReader(tc.body))
		req.Header.Set("Authorization", "Bearer good")
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		var p Problem
		_ = json.Unmarshal(rec.Body.Bytes(), &p)
		if rec.Code != http.StatusBadRequest || !strings.Contains(p.Detail, tc.where) || !strings.Contains(p.Detail, tc.what) {
			t.Errorf("%.70s: %d %q, want 400 naming %s and %s", tc.body, rec.Code, p.Detail, tc.where, tc.what)
		}
	}
}
