package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/biogate/biogate/internal/budget"
	"github.com/labstack/echo/v4"
)

// Default memory budgets. A request decodes its body into a model several
// times the body's size (the decoders charge their estimate as they build
// it, see internal/budget); 256 MiB covers a 64 MiB body of images in any
// encoding, and four such requests may be in progress at once.
const (
	DefaultRequestMemory = 256 << 20
	DefaultTotalMemory   = 4 * DefaultRequestMemory
)

// budgeted gives each request under /v1/ a memory account drawing on the
// server's pool, charged first with the body's declared length, and
// released when the request is done.
func (s *Server) budgeted(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !strings.HasPrefix(c.Request().URL.Path, "/v1/") {
			return next(c)
		}
		m := s.memory.Meter(s.opts.RequestMemory)
		defer m.Release()
		if n := c.Request().ContentLength; n > 0 {
			if err := m.Charge(n); err != nil {
				return err
			}
		}
		r := c.Request()
		c.SetRequest(r.WithContext(budget.With(r.Context(), m)))
		return next(c)
	}
}

// budgetProblem is the answer to a request its memory budget stopped: 413
// when the request alone needs more than one may use, 503 with
// Retry-After when the requests in progress together hold the memory. It
// returns nil for any other error.
func budgetProblem(err error) *Problem {
	switch {
	case errors.Is(err, budget.ErrRequest):
		p := problem(http.StatusRequestEntityTooLarge, "too-large",
			fmt.Sprintf("decoding the body needs more memory than one request may use: %v", err))
		p.cause = err
		return p
	case errors.Is(err, budget.ErrBusy):
		p := problem(http.StatusServiceUnavailable, "overloaded", "the memory for requests in progress is in use; retry shortly")
		p.header = http.Header{"Retry-After": {"1"}}
		p.cause = err
		return p
	}
	return nil
}
