package api

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/biogate/biogate/internal/auth"
	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/internal/sniff"
	"github.com/labstack/echo/v4"
)

// Context keys.
const (
	keyPrincipal = "biogate.principal"
	keyBody      = "biogate.body"
)

// observe logs one line per request and records its metrics. Errors are
// handled here (c.Error) so that the status logged is the one sent.
func (s *Server) observe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		s.metrics.inFlight.Add(1)
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		s.metrics.inFlight.Add(-1)
		d := time.Since(start)
		req, res := c.Request(), c.Response()
		route := c.Path()
		if route == "" || c.Handler() == nil {
			route = "other"
		}
		s.metrics.observe(req.Method, route, res.Status, d)
		level := slog.LevelInfo
		if res.Status >= 500 {
			level = slog.LevelError
		}
		attrs := []slog.Attr{
			slog.String("request_id", res.Header().Get(echo.HeaderXRequestID)),
			slog.String("method", req.Method), slog.String("path", req.URL.Path), slog.String("route", route),
			slog.Int("status", res.Status), slog.Duration("duration", d),
			slog.Int64("bytes_in", req.ContentLength), slog.Int64("bytes_out", res.Size),
		}
		if p, ok := c.Get(keyPrincipal).(*auth.Principal); ok {
			attrs = append(attrs, slog.String("partner", p.Partner))
		}
		if err != nil {
			attrs = append(attrs, slog.String("error", err.Error()))
		}
		s.log.LogAttrs(req.Context(), level, "request", attrs...)
		return nil
	}
}

// limiter bounds the requests worked on at once.
type limiter struct {
	slots chan struct{}
	wait  time.Duration
}

// limited admits a request when a slot frees within the queue wait and
// answers 503 with Retry-After otherwise. Health, readiness and metrics
// are never limited, so that an overloaded service can still be watched.
func (s *Server) limited(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !strings.HasPrefix(c.Request().URL.Path, "/v1/") {
			return next(c)
		}
		select {
		case s.limit.slots <- struct{}{}:
		default:
			t := time.NewTimer(s.limit.wait)
			select {
			case s.limit.slots <- struct{}{}:
				t.Stop()
			case <-t.C:
				s.metrics.rejected.Add(1)
				p := problem(http.StatusServiceUnavailable, "overloaded", "the service is at capacity; retry shortly")
				p.header = http.Header{"Retry-After": {"1"}}
				return p
			case <-c.Request().Context().Done():
				t.Stop()
				return c.Request().Context().Err()
			}
		}
		defer func() { <-s.limit.slots }()
		return next(c)
	}
}

// timeout bounds the time a request may take; the core checks the
// context between stages.
func (s *Server) timeout(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx, cancel := context.WithTimeout(c.Request().Context(), s.opts.Timeout)
		defer cancel()
		c.SetRequest(c.Request().WithContext(ctx))
		return next(c)
	}
}

// authorize requires a bearer token granting scope ("" is public).
func (s *Server) authorize(scope string) echo.MiddlewareFunc {
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
			if !p.Has(scope) {
				pr := problem(http.StatusForbidden, "insufficient-scope",
					"this call needs the "+strconv.Quote(scope)+" scope, which the token of partner "+strconv.Quote(p.Partner)+" does not grant")
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

// caller returns who the request speaks for.
func caller(c echo.Context) exchange.Caller {
	p, _ := c.Get(keyPrincipal).(*auth.Principal)
	if p == nil {
		return exchange.Caller{}
	}
	return exchange.Caller{Partner: p.Partner, Admin: p.Has(auth.ScopeAdmin)}
}

// checkRequest checks parameters against the OpenAPI operation, reads
// the body of operations that take one, and checks a JSON body against
// the operation's schema.
func (s *Server) checkRequest(op *operation) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if msg := op.checkParams(c.QueryParams(), c.Param); msg != "" {
				if len(c.ParamNames()) > 0 && strings.Contains(msg, "parameter \"id\"") {
					return problem(http.StatusNotFound, "not-found", msg)
				}
				return problem(http.StatusBadRequest, "invalid-request", msg)
			}
			if c.Request().Method != http.MethodPost || !op.hasBody {
				return next(c)
			}
			b, err := readBody(c.Request())
			if err != nil {
				return err
			}
			if len(b) == 0 {
				return problem(http.StatusBadRequest, "invalid-request", "the request has no body; send the file as the body")
			}
			if op.jsonBody != nil && sniff.Format(b) == sniff.JSON {
				v, p := decodeJSONBody(b)
				if p != nil {
					return p
				}
				if err := op.jsonBody.Validate(v); err != nil {
					return problem(http.StatusBadRequest, "invalid-request", "the JSON body does not match the transaction schema: "+leafMessage(err))
				}
			}
			c.Set(keyBody, b)
			return next(c)
		}
	}
}

// readBody reads a request body, sized by Content-Length where given
// (the body limit has already refused what is too large).
func readBody(r *http.Request) ([]byte, error) {
	if r.ContentLength > 0 {
		b := make([]byte, r.ContentLength)
		_, err := io.ReadFull(r.Body, b)
		return b, err
	}
	return io.ReadAll(r.Body)
}

func body(c echo.Context) []byte {
	b, _ := c.Get(keyBody).([]byte)
	return b
}
