package api

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// auditReport: GET /v1/audit/report?since=&until=&format=, the review of
// the audit log over a period (exchange.AuditReport bounds it) as JSON,
// or as CSV (audit.Summary.WriteCSV) with format=csv or an Accept header
// preferring text/csv. The period is recorded in the call's own entry.
func (s *Server) auditReport(c echo.Context) error {
	var since, until time.Time
	for _, p := range []struct {
		name string
		t    *time.Time
	}{{"since", &since}, {"until", &until}} {
		v := c.QueryParam(p.name)
		if v == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return problem(http.StatusBadRequest, "invalid-request", fmt.Sprintf("query parameter %q: %q is not an RFC 3339 time", p.name, v))
		}
		*p.t = t
	}
	sum, err := s.core.AuditReport(c.Request().Context(), caller(c), since, until)
	if err != nil {
		return err
	}
	period := sum.Since.Format(time.RFC3339) + " to " + sum.Until.Format(time.RFC3339)
	if !wantsCSV(c) {
		auditNote(c, "", "", "period "+period+", JSON")
		return c.JSON(http.StatusOK, sum)
	}
	auditNote(c, "", "", "period "+period+", CSV")
	var buf bytes.Buffer
	if err := sum.WriteCSV(&buf); err != nil {
		return err
	}
	name := fmt.Sprintf("biogate-audit-%s-%s.csv", sum.Since.Format("20060102T150405Z"), sum.Until.Format("20060102T150405Z"))
	c.Response().Header().Set(echo.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// wantsCSV reports whether the call asks for CSV: format=csv, or no
// format and an Accept header whose first media type it names is
// text/csv (RFC 9110 §12.5.1; weights are not ranked, the console and
// curl send one type).
func wantsCSV(c echo.Context) bool {
	if f := c.QueryParam("format"); f != "" {
		return f == "csv"
	}
	first, _, _ := strings.Cut(c.Request().Header.Get(echo.HeaderAccept), ",")
	mt, _, _ := mime.ParseMediaType(strings.TrimSpace(first))
	return mt == "text/csv"
}
