package api

import (
	"fmt"
	"net/http"

	"github.com/biogate/biogate/internal/exchange"
	"github.com/labstack/echo/v4"
)

// batchLinks is where a batch job's state and report are.
type batchLinks struct {
	Self   string `json:"self"`
	Report string `json:"report"`
}

// batchStarted is the answer to POST /v1/batches.
type batchStarted struct {
	ID    string     `json:"id"`
	State string     `json:"state"`
	Links batchLinks `json:"links"`
}

// startBatch: POST /v1/batches?op=&to=&dialect=&profile= with a tar or
// zip body (issue 14, item 3).
func (s *Server) startBatch(c echo.Context) error {
	o := exchange.BatchOptions{Op: c.QueryParam("op"), To: c.QueryParam("to"),
		Dialect: c.QueryParam("dialect"), Profile: c.QueryParam("profile")}
	j, err := s.core.StartBatch(c.Request().Context(), caller(c), body(c), o)
	if err != nil {
		return err
	}
	auditNote(c, j.ID, "", "")
	self := "/v1/batches/" + j.ID
	c.Response().Header().Set(echo.HeaderLocation, self)
	return c.JSON(http.StatusAccepted, batchStarted{ID: j.ID, State: j.State,
		Links: batchLinks{Self: self, Report: self + "/report"}})
}

// getBatch: GET /v1/batches/{id}.
func (s *Server) getBatch(c echo.Context) error {
	j, err := s.core.Batch(c.Request().Context(), caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, j)
}

// batchReport: GET /v1/batches/{id}/report.
func (s *Server) batchReport(c echo.Context) error {
	b, err := s.core.BatchReport(c.Request().Context(), caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "application/x-ndjson", b)
}

// batchOutput: GET /v1/batches/{id}/output?path=.
func (s *Server) batchOutput(c echo.Context) error {
	b, err := s.core.BatchOutput(c.Request().Context(), caller(c), c.Param("id"), c.QueryParam("path"))
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "application/octet-stream", b)
}

// submitBatch: POST /v1/batches/{id}/submit, the job's transaction
// outputs submitted onward.
func (s *Server) submitBatch(c echo.Context) error {
	out, err := s.core.SubmitBatch(c.Request().Context(), caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	auditNote(c, c.Param("id"), "", fmt.Sprintf("%d submitted, %d refused", out.Submitted, out.Refused))
	return c.JSON(http.StatusOK, out)
}
