package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/biogate/biogate/internal/exchange"
	"github.com/labstack/echo/v4"
)

// inspect: POST /v1/inspect.
func (s *Server) inspect(c echo.Context) error {
	in, err := s.core.Inspect(c.Request().Context(), body(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, in)
}

// validate: POST /v1/validate?profile=&level=&as=. With as (an ISO/INCITS
// record edition, for the card formats and INCITS 385 that no header
// identifies) the body is checked as a record of that edition, as
// `biogate validate --as` does.
func (s *Server) validate(c echo.Context) error {
	level, _ := strconv.Atoi(c.QueryParam("level"))
	var rep *exchange.Report
	var err error
	if as := c.QueryParam("as"); as != "" {
		rep, err = s.core.ValidateRecord(c.Request().Context(), body(c), as, level)
	} else {
		rep, err = s.core.Validate(c.Request().Context(), body(c), c.QueryParam("profile"), level)
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rep)
}

// convert: POST /v1/convert?to=&dialect=&record=.
func (s *Server) convert(c echo.Context) error {
	out, err := s.core.Convert(c.Request().Context(), body(c), convertOptions(c, "to"))
	if err != nil {
		return err
	}
	return writeOutput(c, out)
}

// render: POST /v1/render?record=&view=, the PNG of one image of the body
// (the parameters already checked against the OpenAPI document).
func (s *Server) render(c echo.Context) error {
	var o exchange.RenderOptions
	o.Record, _ = strconv.Atoi(c.QueryParam("record"))
	o.View, _ = strconv.Atoi(c.QueryParam("view"))
	out, err := s.core.Render(c.Request().Context(), body(c), o)
	if err != nil {
		return err
	}
	return writeOutput(c, out)
}

// convertOptions reads the target format from parameter name and the
// dialect and record parameters (already checked against the OpenAPI
// document).
func convertOptions(c echo.Context, name string) exchange.ConvertOptions {
	o := exchange.ConvertOptions{To: c.QueryParam(name), Dialect: c.QueryParam("dialect")}
	o.Record, _ = strconv.Atoi(c.QueryParam("record"))
	return o
}

// writeOutput sends converted bytes with their media type.
func writeOutput(c echo.Context, out *exchange.Output) error {
	h := c.Response().Header()
	h.Set("X-Biogate-Format", out.Format)
	auditNote(c, "", out.TOT, "")
	if len(out.Removed) > 0 {
		auditNote(c, "", "", "withheld by the disclosure policy: "+strings.Join(out.Removed, "; "))
	}
	for i, r := range out.Removed {
		if i == 50 {
			h.Add("X-Biogate-Removed", strconv.Itoa(len(out.Removed)-i)+" more")
			break
		}
		h.Add("X-Biogate-Removed", headerSafe(r))
	}
	for i, n := range out.Notes {
		if i == 20 {
			h.Add("X-Biogate-Notes", strconv.Itoa(len(out.Notes)-i)+" more")
			break
		}
		h.Add("X-Biogate-Notes", headerSafe(n))
	}
	if out.Signature != "" {
		h.Set(SignatureHeader, out.Signature)
	}
	return c.Blob(http.StatusOK, out.ContentType, out.Body)
}

// SignatureHeader carries a detached signature (package sign,
// SignDetached: a compact JWS with an unencoded detached payload, RFC
// 7797) of the body: on GET /v1/inbox/{id} a delivery whose form has no
// place for the Type-98 signature record (an INT-I XML reply), on POST
// /v1/verify the signature to check over the request body.
const SignatureHeader = "Biogate-Signature"

// headerSafe keeps printable ASCII, so a note can travel in a header.
func headerSafe(s string) string {
	b := []byte(s)
	for i, ch := range b {
		if ch < 0x20 || ch > 0x7e {
			b[i] = '?'
		}
	}
	if len(b) > 300 {
		b = append(b[:297], "..."...)
	}
	return string(b)
}
