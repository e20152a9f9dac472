package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

type status struct {
	Status string `json:"status"`
}

// healthz: GET /healthz, the process answers.
func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, status{"ok"})
}

// readyz: GET /readyz, the store answers.
func (s *Server) readyz(c echo.Context) error {
	if err := s.core.Ready(c.Request().Context()); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, status{"ready"})
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
