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

// metricsHandler: GET /metrics, Prometheus text format.
func (s *Server) metricsHandler(c echo.Context) error {
	c.Response().Header().Set(echo.HeaderContentType, "text/plain; version=0.0.4; charset=utf-8")
	c.Response().WriteHeader(http.StatusOK)
	return s.metrics.write(c.Response())
}

// openapi: GET /openapi.json.
func (s *Server) openapi(c echo.Context) error {
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, OpenAPI)
}
