package api

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/biogate/biogate/internal/auth"
	"github.com/labstack/echo/v4"
)

// authenticate requires a valid bearer token on a route with a scope
// ("" is public). It runs before the audit middleware: a call without a
// valid token is refused with 401 and is not appended to the audit chain,
// so that anyone able to reach the port cannot grow the log and make it
// fsync at will. Such refusals are counted in the request metrics (status
// 401) and logged at a bounded rate (see observe and unauthLog).
func (s *Server) authenticate(scope string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		if scope == "" {
			return next
		}
		return func(c echo.Context) error {
			h := c.Request().Header.Get(echo.HeaderAuthorization)
			token, ok := strings.CutPrefix(h, "Bearer ")
			if !ok || s.auth == nil {
				return unauthenticated("a bearer token is required (Authorization: Bearer <JWT>)", "")
			}
			p, err := s.auth.Verify(strings.TrimSpace(token))
			if err != nil {
				return unauthenticated(err.Error(), "invalid_token")
			}
			c.Set(keyPrincipal, p)
			return next(c)
		}
	}
}

// requireScope refuses an authenticated call whose token does not grant
// scope (audited: the caller is known).
func (s *Server) requireScope(scope string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		if scope == "" {
			return next
		}
		return func(c echo.Context) error {
			p, _ := c.Get(keyPrincipal).(*auth.Principal)
			if p == nil || !p.Has(scope) {
				partner := ""
				if p != nil {
					partner = p.Partner
				}
				pr := problem(http.StatusForbidden, "insufficient-scope",
					"this call needs the "+strconv.Quote(scope)+" scope, which the token of partner "+strconv.Quote(partner)+" does not grant")
				pr.header = http.Header{"WWW-Authenticate": {`Bearer error="insufficient_scope", scope="` + scope + `"`}}
				return pr
			}
			return next(c)
		}
	}
}

func unauthenticated(detail, code string) *Problem {
	p := problem(http.StatusUnauthorized, "unauthenticated", detail)
	v := `Bearer realm="biogate"`
	if code != "" {
		v += `, error="` + code + `"`
	}
	p.header = http.Header{"WWW-Authenticate": {v}}
	return p
}

// unauthLog bounds the request log lines of unauthenticated refusals to
// burst per second; the lines it holds back are counted and reported on
// the next line it lets through.
type unauthLog struct {
	mu         sync.Mutex
	burst      int
	window     time.Time
	inWindow   int
	suppressed int
}

// allow reports whether to log one more refusal now, and how many were
// held back since the last one logged.
func (u *unauthLog) allow(now time.Time) (bool, int) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if now.Sub(u.window) >= time.Second {
		u.window, u.inWindow = now, 0
	}
	if u.inWindow >= u.burst {
		u.suppressed++
		return false, 0
	}
	u.inWindow++
	n := u.suppressed
	u.suppressed = 0
	return true, n
}
