package api

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
)

// inbox: GET /v1/inbox?after=&limit=.
func (s *Server) inbox(c echo.Context) error {
	limit, _ := strconv.Atoi(c.QueryParam("limit"))
	page, err := s.core.Inbox(c.Request().Context(), caller(c), c.QueryParam("after"), limit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, page)
}

// inboxGet: GET /v1/inbox/{id}.
func (s *Server) inboxGet(c echo.Context) error {
	out, err := s.core.InboxGet(c.Request().Context(), caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	return writeOutput(c, out)
}

// ack: POST /v1/inbox/{id}/ack.
func (s *Server) ack(c echo.Context) error {
	if err := s.core.Ack(c.Request().Context(), caller(c), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
