package api

import (
	"context"
	"net/http"

	"github.com/biogate/biogate/internal/exchange"

	"github.com/labstack/echo/v4"
)

type status struct {
	Status string `json:"status"`
	// Checks: each dependency's state ("ok"), when the core reports them.
	Checks map[string]string `json:"checks,omitempty"`
}

// checker is a core that reports each dependency's readiness (the store,
// NATS with several nodes).
type checker interface {
	Checks(ctx context.Context) []exchange.Check
}

// healthz: GET /healthz, the process answers.
func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, status{Status: "ok"})
}

// readyz: GET /readyz, the store (and NATS, with several nodes)
// answers; a 503 problem's detail names each dependency down.
func (s *Server) readyz(c echo.Context) error {
	if err := s.core.Ready(c.Request().Context()); err != nil {
		return err
	}
	st := status{Status: "ready"}
	if ck, ok := s.core.(checker); ok {
		st.Checks = map[string]string{}
		for _, x := range ck.Checks(c.Request().Context()) {
			st.Checks[x.Name] = "ok"
			if x.Error != nil {
				st.Checks[x.Name] = x.Error.Error()
			}
		}
	}
	return c.JSON(http.StatusOK, st)
}

// metricsHandler: GET /metrics, Prometheus exposition (text format unless
// the scraper asks for another).
func (s *Server) metricsHandler(c echo.Context) error {
	s.metrics.handler.ServeHTTP(c.Response(), c.Request())
	return nil
}

// openapi: GET /openapi.json.
func (s *Server) openapi(c echo.Context) error {
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, OpenAPI)
}
