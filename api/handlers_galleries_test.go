package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/biogate/biogate/audit"
	"github.com/biogate/biogate/internal/auth"
	"github.com/biogate/biogate/internal/exchange"
)

// galleryCore is a Core answering the gallery calls with what a test
// sets, recording each call and audit entry.
type galleryCore struct {
	Core
	err   error // returned by every gallery call when set
	mu    sync.Mutex
	calls []string // "op gallery subject purpose limit body"
	audit []audit.Entry
}

func (g *galleryCore) record(op, gallery, subject string, o exchange.MatchOptions, b []byte) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.calls = append(g.calls, strings.Join([]string{op, gallery, subject, o.Purpose, itoa(o.Limit), string(b)}, " "))
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func (g *galleryCore) Enrol(_ context.Context, c exchange.Caller, gallery, subject string, b []byte, o exchange.MatchOptions) (*exchange.Enrolled, error) {
	g.record("enrol", gallery, subject, o, b)
	if g.err != nil {
		return nil, g.err
	}
	return &exchange.Enrolled{Gallery: gallery, Subject: subject, Samples: 1, Backends: []string{"embedded"}}, nil
}

func (g *galleryCore) Unenrol(_ context.Context, c exchange.Caller, gallery, subject string, o exchange.MatchOptions) error {
	g.record("unenrol", gallery, subject, o, nil)
	return g.err
}

func (g *galleryCore) Search(_ context.Context, c exchange.Caller, gallery string, b []byte, o exchange.MatchOptions) (*exchange.SearchResult, error) {
	g.record("search", gallery, "", o, b)
	if g.err != nil {
		return nil, g.err
	}
	score := 0.5
	return &exchange.SearchResult{Gallery: gallery, Backends: []string{"embedded"}, Probe: 1, Scores: true,
		Candidates: []exchange.SearchCandidate{{Rank: 1, Subject: "s1", Score: &score, Position: 2}}}, nil
}

func (g *galleryCore) VerifySubject(_ context.Context, c exchange.Caller, gallery, subject string, b []byte, o exchange.MatchOptions) (*exchange.SubjectVerification, error) {
	g.record("verify", gallery, subject, o, b)
	if g.err != nil {
		return nil, g.err
	}
	return &exchange.SubjectVerification{Gallery: gallery, Subject: subject, Match: true, Backend: "embedded"}, nil
}

func (g *galleryCore) Audit(e audit.Entry) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.audit = append(g.audit, e)
	return nil
}

// TestGalleryHandlers drives the four gallery routes through the whole
// middleware stack over a mock core: scopes, parameters checked against
// the OpenAPI document, the body read for PUT as for POST, the core's
// errors mapped to problems (503 with Retry-After for a backend that is
// down), and one audit entry per call naming gallery, subject and purpose.
func TestGalleryHandlers(t *testing.T) {
	tokens := mockAuth{
		"enrol":  {Partner: "a", Scopes: []string{auth.ScopeEnrol}},
		"search": {Partner: "b", Scopes: []string{auth.ScopeSearch}},
	}
	unavailable := &exchange.Error{Kind: exchange.KindUnavailable, Msg: "backend embedded: unavailable"}
	unsupported := &exchange.Error{Kind: exchange.KindUnsupported, Msg: "no backend of gallery g supports the iris modality (embedded: finger)"}
	notFound := &exchange.Error{Kind: exchange.KindNotFound, Msg: "subject s9 is not enrolled in gallery g"}
	for _, tc := range []struct {
		name, method, path, token, body string
		err                             error
		status                          int
		call                            string // the core call expected, "" for none
		problem                         string // the problem type's suffix
	}{
		{"enrol", "PUT", "/v1/galleries/g/subjects/s1?purpose=asylum", "enrol", "img", nil, 201, "enrol g s1 asylum 0 img", ""},
		{"enrol without the scope", "PUT", "/v1/galleries/g/subjects/s1", "search", "img", nil, 403, "", "insufficient-scope"},
		{"enrol without a body", "PUT", "/v1/galleries/g/subjects/s1", "enrol", "", nil, 400, "", "invalid-request"},
		{"enrol a bad gallery name", "PUT", "/v1/galleries/Bad!/subjects/s1", "enrol", "img", nil, 400, "", "invalid-request"},
		{"enrol a bad subject name", "PUT", "/v1/galleries/g/subjects/-x", "enrol", "img", nil, 400, "", "invalid-request"},
		{"enrol, backend down", "PUT", "/v1/galleries/g/subjects/s1", "enrol", "img", unavailable, 503, "enrol g s1  0 img", "unavailable"},
		{"enrol an iris into a finger gallery", "PUT", "/v1/galleries/g/subjects/s1", "enrol", "iris", unsupported, 415, "enrol g s1  0 iris", "unsupported"},
		{"unenrol", "DELETE", "/v1/galleries/g/subjects/s1", "enrol", "", nil, 204, "unenrol g s1  0 ", ""},
		{"unenrol one not enrolled", "DELETE", "/v1/galleries/g/subjects/s9", "enrol", "", notFound, 404, "unenrol g s9  0 ", "not-found"},
		{"search", "POST", "/v1/galleries/g/search?limit=5&purpose=asylum", "search", "probe", nil, 200, "search g  asylum 5 probe", ""},
		{"search without the scope", "POST", "/v1/galleries/g/search", "enrol", "probe", nil, 403, "", "insufficient-scope"},
		{"search limit 0", "POST", "/v1/galleries/g/search?limit=0", "search", "probe", nil, 400, "", "invalid-request"},
		{"search limit 101", "POST", "/v1/galleries/g/search?limit=101", "search", "probe", nil, 400, "", "invalid-request"},
		{"search an unknown parameter", "POST", "/v1/galleries/g/search?k=5", "search", "probe", nil, 400, "", "invalid-request"},
		{"search, backend down", "POST", "/v1/galleries/g/search", "search", "probe", unavailable, 503, "search g   0 probe", "unavailable"},
		{"verify", "POST", "/v1/galleries/g/subjects/s1/verify", "search", "probe", nil, 200, "verify g s1  0 probe", ""},
		{"verify one not enrolled", "POST", "/v1/galleries/g/subjects/s9/verify", "search", "probe", notFound, 404, "verify g s9  0 probe", "not-found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			core := &galleryCore{err: tc.err}
			s, err := New(core, tokens, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var body *bytes.Reader
			if tc.body != "" {
				body = bytes.NewReader([]byte(tc.body))
			} else {
				body = bytes.NewReader(nil)
			}
			req := httptest.NewRequest(tc.method, tc.path, body)
			req.Header.Set("Authorization", "Bearer "+tc.token)
			rec := httptest.NewRecorder()
			s.Handler().ServeHTTP(rec, req)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.status, rec.Body)
			}
			var call string
			if len(core.calls) > 0 {
				call = core.calls[0]
			}
			if call != tc.call {
				t.Errorf("core call %q, want %q", call, tc.call)
			}
			if tc.problem != "" {
				var p Problem
				json.Unmarshal(rec.Body.Bytes(), &p)
				if p.Type != ProblemType+tc.problem || rec.Header().Get("Content-Type") != MediaProblem {
					t.Errorf("problem %q (%s), want %s", p.Type, rec.Header().Get("Content-Type"), tc.problem)
				}
				if tc.status == 503 && rec.Header().Get("Retry-After") == "" {
					t.Error("503 without Retry-After")
				}
			}
			if len(core.audit) != 1 {
				t.Fatalf("%d audit entries, want 1", len(core.audit))
			}
			a := core.audit[0]
			wantOutcome := audit.OK
			switch {
			case tc.status >= 500:
				wantOutcome = audit.Failed
			case tc.status >= 400:
				wantOutcome = audit.Rejected
			}
			if a.Outcome != wantOutcome || a.Actor != tokens[tc.token].Partner {
				t.Errorf("audit %+v, want outcome %s by %s", a, wantOutcome, tokens[tc.token].Partner)
			}
			if tc.status < 300 && !strings.Contains(a.Reason, "gallery g") {
				t.Errorf("audit reason %q does not name the gallery", a.Reason)
			}
		})
	}
}

// TestGalleryAnswers checks the JSON the gallery routes answer: the
// members as the core's types name them, valid against the response
// schemas of the OpenAPI document (kin-openapi).
func TestGalleryAnswers(t *testing.T) {
	doc, err := loadOpenAPI(OpenAPI)
	if err != nil {
		t.Fatal(err)
	}
	core := &galleryCore{}
	s, err := New(core, mockAuth{"t": {Partner: "a", Scopes: auth.AllScopes}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		method, path, schema, want string
	}{
		{"PUT", "/v1/galleries/g/subjects/s1", "Enrolled", `{"gallery":"g","subject":"s1","samples":1,"backends":["embedded"]}`},
		{"POST", "/v1/galleries/g/search", "SearchResult", `{"gallery":"g","backends":["embedded"],"probe":1,"scores":true,"candidates":[{"rank":1,"subject":"s1","score":0.5,"position":2}]}`},
		{"POST", "/v1/galleries/g/subjects/s1/verify", "SubjectVerification", `{"gallery":"g","subject":"s1","match":true,"backend":"embedded"}`},
	} {
		req := httptest.NewRequest(tc.method, tc.path, strings.NewReader("x"))
		req.Header.Set("Authorization", "Bearer t")
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		if got := strings.TrimSpace(rec.Body.String()); got != tc.want {
			t.Errorf("%s %s:\n got %s\nwant %s", tc.method, tc.path, got, tc.want)
		}
		var v any
		if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
			t.Fatal(err)
		}
		if err := doc.Components.Schemas[tc.schema].Value.VisitJSON(v); err != nil {
			t.Errorf("%s %s: not a %s: %v", tc.method, tc.path, tc.schema, err)
		}
	}
}
