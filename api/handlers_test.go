package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/biogate/biogate/conformance"
	"github.com/biogate/biogate/internal/auth"
	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/store"
	"github.com/labstack/echo/v4"
)

// mockCore is a Core whose methods tests set; unset ones fail.
type mockCore struct {
	Core   // nil: calling an unset method panics
	submit func(c exchange.Caller, b []byte) (*store.Transaction, error)
}

func (m *mockCore) Submit(_ context.Context, c exchange.Caller, b []byte) (*store.Transaction, error) {
	return m.submit(c, b)
}

type mockAuth map[string]*auth.Principal

func (m mockAuth) Verify(token string) (*auth.Principal, error) {
	if p, ok := m[token]; ok {
		return p, nil
	}
	return nil, auth.ErrUnauthenticated
}

func newTestServer(t *testing.T, core Core) *Server {
	s, err := New(core, mockAuth{"good": {Partner: "a", Scopes: []string{"submit"}}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSubmitHandler(t *testing.T) {
	core := &mockCore{submit: func(c exchange.Caller, b []byte) (*store.Transaction, error) {
		if c.Partner != "a" || string(b) != "bytes" {
			t.Errorf("core called with %+v %q", c, b)
		}
		return &store.Transaction{ID: "x1"}, nil
	}}
	s := newTestServer(t, core)
	req := httptest.NewRequest(http.MethodPost, "/v1/transactions", nil)
	rec := httptest.NewRecorder()
	c := s.e.NewContext(req, rec)
	c.Set(keyPrincipal, &auth.Principal{Partner: "a"})
	c.Set(keyBody, []byte("bytes"))
	if err := s.submit(c); err != nil {
		t.Fatal(err)
	}
	if rec.Code != http.StatusCreated || rec.Header().Get("Location") != "/v1/transactions/x1" {
		t.Errorf("submit: %d %v", rec.Code, rec.Header())
	}
}

// TestErrorMapping checks the one place where core errors become
// problem details.
func TestErrorMapping(t *testing.T) {
	f := conformance.Finding{Assertion: "A.1", Severity: conformance.Error, Message: "bad"}
	cases := []struct {
		err      error
		status   int
		findings int
	}{
		{&exchange.Error{Kind: exchange.KindNonconformant, Msg: "no", Findings: []conformance.Finding{f}}, 422, 1},
		{&exchange.Error{Kind: exchange.KindUnroutable, Msg: "no"}, 422, 0},
		{&exchange.Error{Kind: exchange.KindInvalid, Msg: "no"}, 400, 0},
		{&exchange.Error{Kind: exchange.KindNotFound, Msg: "no"}, 404, 0},
		{&exchange.Error{Kind: exchange.KindUnsupported, Msg: "no"}, 415, 0},
		{&exchange.Error{Kind: exchange.KindUnavailable, Msg: "no", Err: errors.New("disk")}, 503, 0},
		{context.DeadlineExceeded, 503, 0},
		{echo.ErrStatusRequestEntityTooLarge, 413, 0},
		{errors.New("boom"), 500, 0},
	}
	s := newTestServer(t, &mockCore{})
	for _, tc := range cases {
		rec := httptest.NewRecorder()
		c := s.e.NewContext(httptest.NewRequest(http.MethodGet, "/v1/x", nil), rec)
		s.errorHandler(tc.err, c)
		var p Problem
		json.Unmarshal(rec.Body.Bytes(), &p)
		if rec.Code != tc.status || p.Status != tc.status || len(p.Findings) != tc.findings ||
			rec.Header().Get("Content-Type") != MediaProblem {
			t.Errorf("%v: %d %+v", tc.err, rec.Code, p)
		}
		if tc.status == 500 && bytes.Contains(rec.Body.Bytes(), []byte("boom")) {
			t.Error("an internal error's text reaches the client")
		}
	}
}

func TestAuthorizeMiddleware(t *testing.T) {
	s := newTestServer(t, &mockCore{})
	ok := func(c echo.Context) error { return c.NoContent(http.StatusNoContent) }
	for _, tc := range []struct {
		header, scope string
		status        int
	}{
		{"", "submit", 401},
		{"Bearer bad", "submit", 401},
		{"Basic good", "submit", 401},
		{"Bearer good", "admin", 403},
		{"Bearer good", "submit", 204},
		{"", "", 204},
	} {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		if tc.header != "" {
			req.Header.Set("Authorization", tc.header)
		}
		rec := httptest.NewRecorder()
		c := s.e.NewContext(req, rec)
		err := s.authenticate(tc.scope)(s.requireScope(tc.scope)(ok))(c)
		if err != nil {
			s.errorHandler(err, c)
		}
		if rec.Code != tc.status {
			t.Errorf("%q for scope %q: %d, want %d", tc.header, tc.scope, rec.Code, tc.status)
		}
	}
}
