package api

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/biogate/biogate/audit"
	"github.com/biogate/biogate/internal/auth"
	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/web"
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
		var held int
		if res.Status == http.StatusUnauthorized && c.Get(keyPrincipal) == nil {
			ok, n := s.unauth.allow(start)
			if !ok {
				return nil // counted in the metrics; the log is kept to a bounded rate
			}
			held = n
		}
		level := slog.LevelInfo
		if res.Status >= 500 {
			level = slog.LevelError
		}
		attrs := []slog.Attr{
			slog.String("request_id", res.Header().Get(echo.HeaderXRequestID)),
			slog.String("method", req.Method), slog.String("path", audit.Bound(req.URL.Path, audit.MaxField)), slog.String("route", route),
			slog.Int("status", res.Status), slog.Duration("duration", d),
			slog.Int64("bytes_in", req.ContentLength), slog.Int64("bytes_out", res.Size),
		}
		if p, ok := c.Get(keyPrincipal).(*auth.Principal); ok {
			attrs = append(attrs, slog.String("partner", p.Partner))
		}
		if err != nil {
			attrs = append(attrs, slog.String("error", audit.Bound(err.Error(), audit.MaxReason)))
		}
		if held > 0 {
			attrs = append(attrs, slog.Int("unauthenticated_not_logged", held))
		}
		s.log.LogAttrs(req.Context(), level, "request", attrs...)
		return nil
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

// caller returns who the request speaks for.
func caller(c echo.Context) exchange.Caller {
	p, _ := c.Get(keyPrincipal).(*auth.Principal)
	if p == nil {
		return exchange.Caller{}
	}
	return exchange.Caller{Partner: p.Partner, Admin: p.Has(auth.ScopeAdmin), Audit: p.Has(auth.ScopeAudit)}
}

// checkParams checks the query and path parameters against the OpenAPI
// operation (an {id} of the wrong form is not found).
func (s *Server) checkParams(op *operation) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if msg := op.checkParams(c.QueryParams(), c.Param); msg != "" {
				if len(c.ParamNames()) > 0 && strings.Contains(msg, "parameter \"id\"") {
					return problem(http.StatusNotFound, "not-found", msg)
				}
				return problem(http.StatusBadRequest, "invalid-request", msg)
			}
			return next(c)
		}
	}
}

// checkBody checks a JSON body (read by receive) against the operation's
// schema.
func (s *Server) checkBody(op *operation) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			b := body(c)
			if op.jsonBody == nil || b == nil || sniff.Format(b) != sniff.JSON {
				return next(c)
			}
			v, p := decodeJSONBody(b)
			if p != nil {
				return p
			}
			if err := op.jsonBody.Validate(v); err != nil {
				return problem(http.StatusBadRequest, "invalid-request", "the JSON body does not match the transaction schema: "+leafMessage(err))
			}
			return next(c)
		}
	}
}

func body(c echo.Context) []byte {
	b, _ := c.Get(keyBody).([]byte)
	return b
}

// secured sets the security headers (web.SetSecurityHeaders: CSP,
// nosniff, no referrer, no framing, same-origin opener and resources) on
// every response, API and console alike, errors included: it runs first
// so that they are set before any handler writes.
func secured(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		web.SetSecurityHeaders(c.Response().Header())
		return next(c)
	}
}
