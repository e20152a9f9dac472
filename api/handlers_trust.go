package api

import (
	"net/http"

	"github.com/biogate/biogate/internal/exchange"
	"github.com/labstack/echo/v4"
)

// sign: POST /v1/sign?to=&dialect=, with the service's own key.
func (s *Server) sign(c echo.Context) error {
	out, err := s.core.Sign(c.Request().Context(), body(c),
		exchange.SignOptions{To: c.QueryParam("to"), Dialect: c.QueryParam("dialect")})
	if err != nil {
		return err
	}
	return writeOutput(c, out)
}

// verify: POST /v1/verify, 200 with the result when the signature
// verifies, 422 with the reason otherwise. With a Biogate-Signature
// header, the detached signature it holds is checked over the body as
// given (a delivery in a form without Type-98, see inboxGet).
func (s *Server) verify(c echo.Context) error {
	ctx := c.Request().Context()
	var v *exchange.Verification
	var err error
	if jws := c.Request().Header.Get(SignatureHeader); jws != "" {
		v, err = s.core.VerifyDetached(ctx, body(c), jws)
	} else {
		v, err = s.core.Verify(ctx, body(c))
	}
	if err != nil {
		return err
	}
	auditNote(c, "", v.TOT, "")
	return c.JSON(http.StatusOK, v)
}

// purge: POST /v1/admin/purge, the retention purge on demand.
func (s *Server) purge(c echo.Context) error {
	p, err := s.core.Purge(c.Request().Context(), caller(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}
