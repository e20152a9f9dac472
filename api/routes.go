package api

import (
	"net/http"

	"github.com/biogate/biogate/internal/auth"
	"github.com/labstack/echo/v4"
)

// route is one row of the route table. Scope "" is public.
type route struct {
	method, path string
	handler      echo.HandlerFunc
	scope        string
}

// routes is the route table: every route of the service, and the scope a
// token needs for it. openapi.json describes the same set (a test checks).
func (s *Server) routes() []route {
	return []route{
		{http.MethodPost, "/v1/inspect", s.inspect, auth.ScopeConvert},
		{http.MethodPost, "/v1/validate", s.validate, auth.ScopeConvert},
		{http.MethodPost, "/v1/convert", s.convert, auth.ScopeConvert},
		{http.MethodPost, "/v1/render", s.render, auth.ScopeConvert},

		{http.MethodPost, "/v1/transactions", s.submit, auth.ScopeSubmit},
		{http.MethodGet, "/v1/transactions", s.list, auth.ScopeRead},
		{http.MethodGet, "/v1/transactions/:id", s.get, auth.ScopeRead},
		{http.MethodGet, "/v1/transactions/:id/meta", s.meta, auth.ScopeRead},
		{http.MethodDelete, "/v1/transactions/:id", s.delete, auth.ScopeAdmin},

		{http.MethodGet, "/v1/inbox", s.inbox, auth.ScopeRead},
		{http.MethodGet, "/v1/inbox/:id", s.inboxGet, auth.ScopeRead},
		{http.MethodPost, "/v1/inbox/:id/ack", s.ack, auth.ScopeRead},

		{http.MethodPut, "/v1/galleries/:gallery/subjects/:subject", s.enrolSubject, auth.ScopeEnrol},
		{http.MethodDelete, "/v1/galleries/:gallery/subjects/:subject", s.unenrolSubject, auth.ScopeEnrol},
		{http.MethodPost, "/v1/galleries/:gallery/search", s.searchGallery, auth.ScopeSearch},
		{http.MethodPost, "/v1/galleries/:gallery/subjects/:subject/verify", s.verifySubject, auth.ScopeSearch},

		{http.MethodPost, "/v1/batches", s.startBatch, auth.ScopeSubmit},
		{http.MethodGet, "/v1/batches/:id", s.getBatch, auth.ScopeRead},
		{http.MethodGet, "/v1/batches/:id/report", s.batchReport, auth.ScopeRead},
		{http.MethodPost, "/v1/batches/:id/submit", s.submitBatch, auth.ScopeSubmit},
		{http.MethodGet, "/v1/batches/:id/output", s.batchOutput, auth.ScopeRead},

		{http.MethodPost, "/v1/sign", s.sign, auth.ScopeSubmit},
		{http.MethodPost, "/v1/verify", s.verify, auth.ScopeConvert},
		{http.MethodPost, "/v1/admin/purge", s.purge, auth.ScopeAdmin},
		{http.MethodGet, "/v1/audit/report", s.auditReport, auth.ScopeAudit},

		{http.MethodGet, "/healthz", s.healthz, ""},
		{http.MethodGet, "/readyz", s.readyz, ""},
		{http.MethodGet, "/metrics", s.metricsHandler, ""},
		{http.MethodGet, "/openapi.json", s.openapi, ""},
	}
}

// consolePaths are the paths of the web console (package web): its page,
// the API reference page and their static assets. Public: the console
// holds no data, it calls /v1 with the token the user signs in with.
var consolePaths = []string{"/", "/docs", "/static/*"}
