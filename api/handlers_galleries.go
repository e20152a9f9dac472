package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/biogate/biogate/internal/exchange"
	"github.com/labstack/echo/v4"
)

// matchOptions reads ?purpose= and ?limit= (already checked against the
// OpenAPI document: limit 1..100).
func matchOptions(c echo.Context) exchange.MatchOptions {
	o := exchange.MatchOptions{Purpose: c.QueryParam("purpose")}
	o.Limit, _ = strconv.Atoi(c.QueryParam("limit"))
	return o
}

// galleryNote is the audit reason of a gallery call: which gallery, which
// subject, for which declared purpose.
func galleryNote(c echo.Context, extra string) {
	parts := []string{"gallery " + c.Param("gallery")}
	if s := c.Param("subject"); s != "" {
		parts = append(parts, "subject "+s)
	}
	if p := c.QueryParam("purpose"); p != "" {
		parts = append(parts, "purpose "+p)
	}
	if extra != "" {
		parts = append(parts, extra)
	}
	auditNote(c, "", "", strings.Join(parts, ", "))
}

// enrolSubject: PUT /v1/galleries/{gallery}/subjects/{subject}?purpose=.
func (s *Server) enrolSubject(c echo.Context) error {
	galleryNote(c, "")
	en, err := s.core.Enrol(c.Request().Context(), caller(c), c.Param("gallery"), c.Param("subject"), body(c), matchOptions(c))
	if err != nil {
		return err
	}
	galleryNote(c, strconv.Itoa(en.Samples)+" samples")
	return c.JSON(http.StatusCreated, en)
}

// unenrolSubject: DELETE /v1/galleries/{gallery}/subjects/{subject}?purpose=.
func (s *Server) unenrolSubject(c echo.Context) error {
	galleryNote(c, "")
	if err := s.core.Unenrol(c.Request().Context(), caller(c), c.Param("gallery"), c.Param("subject"), matchOptions(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// searchGallery: POST /v1/galleries/{gallery}/search?limit=&purpose=.
func (s *Server) searchGallery(c echo.Context) error {
	galleryNote(c, "")
	res, err := s.core.Search(c.Request().Context(), caller(c), c.Param("gallery"), body(c), matchOptions(c))
	if err != nil {
		return err
	}
	galleryNote(c, strconv.Itoa(len(res.Candidates))+" candidates")
	return c.JSON(http.StatusOK, res)
}

// verifySubject: POST /v1/galleries/{gallery}/subjects/{subject}/verify?purpose=.
func (s *Server) verifySubject(c echo.Context) error {
	galleryNote(c, "")
	v, err := s.core.VerifySubject(c.Request().Context(), caller(c), c.Param("gallery"), c.Param("subject"), body(c), matchOptions(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}
