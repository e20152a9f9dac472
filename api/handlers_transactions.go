package api

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
)

// submit: POST /v1/transactions.
func (s *Server) submit(c echo.Context) error {
	t, err := s.core.Submit(c.Request().Context(), caller(c), body(c))
	if err != nil {
		return err
	}
	auditNote(c, t.ID, t.TOT, "")
	c.Response().Header().Set(echo.HeaderLocation, "/v1/transactions/"+t.ID)
	return c.JSON(http.StatusCreated, t)
}

// list: GET /v1/transactions?after=&limit=.
func (s *Server) list(c echo.Context) error {
	limit, _ := strconv.Atoi(c.QueryParam("limit"))
	page, err := s.core.List(c.Request().Context(), caller(c), c.QueryParam("after"), limit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, page)
}

// get: GET /v1/transactions/{id}?format=&dialect=&record=.
func (s *Server) get(c echo.Context) error {
	out, err := s.core.Get(c.Request().Context(), caller(c), c.Param("id"), convertOptions(c, "format"))
	if err != nil {
		return err
	}
	return writeOutput(c, out)
}

// meta: GET /v1/transactions/{id}/meta.
func (s *Server) meta(c echo.Context) error {
	t, err := s.core.Meta(c.Request().Context(), caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	auditNote(c, "", t.TOT, "")
	return c.JSON(http.StatusOK, t)
}

// delete: DELETE /v1/transactions/{id}.
func (s *Server) delete(c echo.Context) error {
	if err := s.core.Delete(c.Request().Context(), caller(c), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
