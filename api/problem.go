package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/biogate/biogate/conformance"
	"github.com/biogate/biogate/internal/exchange"
	"github.com/labstack/echo/v4"
)

// Problem is an RFC 9457 problem details object, with Biogate's
// extension members: the request id and the conformance findings that
// explain the problem.
type Problem struct {
	Type       string                `json:"type"`
	Title      string                `json:"title"`
	Status     int                   `json:"status"`
	Detail     string                `json:"detail,omitempty"`
	Instance   string                `json:"instance,omitempty"`
	RequestID  string                `json:"requestId,omitempty"`
	Catalogues []string              `json:"catalogues,omitempty"`
	Findings   []conformance.Finding `json:"findings,omitempty"`
	// Verification is the failed signature verification (POST /v1/verify).
	Verification *exchange.Verification `json:"verification,omitempty"`

	header http.Header // extra response headers (WWW-Authenticate, Retry-After)
	cause  error       // logged, never shown
}

func (p *Problem) Error() string { return p.Title + ": " + p.Detail }

// ProblemType is the prefix of the problem type URIs; the suffix is the
// kind (exchange.Kind names, plus unauthenticated, overloaded, ...).
const ProblemType = "urn:biogate:problem:"

// MediaProblem is the media type of problem details.
const MediaProblem = "application/problem+json"

func problem(status int, kind, detail string) *Problem {
	return &Problem{Type: ProblemType + kind, Title: http.StatusText(status), Status: status, Detail: detail}
}

var kindStatus = map[exchange.Kind]int{
	exchange.KindInvalid:       http.StatusBadRequest,
	exchange.KindUnreadable:    http.StatusUnprocessableEntity,
	exchange.KindUnsupported:   http.StatusUnsupportedMediaType,
	exchange.KindNonconformant: http.StatusUnprocessableEntity,
	exchange.KindUnroutable:    http.StatusUnprocessableEntity,
	exchange.KindNotFound:      http.StatusNotFound,
	exchange.KindForbidden:     http.StatusForbidden,
	exchange.KindUnavailable:   http.StatusServiceUnavailable,
	exchange.KindUnverified:    http.StatusUnprocessableEntity,
	exchange.KindDenied:        http.StatusForbidden,
	exchange.KindNoImage:       http.StatusUnprocessableEntity,
}

// RetryUnavailable is the Retry-After, in seconds, of a 503 for a store
// or matching backend that does not answer.
const RetryUnavailable = 5

// toProblem maps any error a handler returns to a problem: the one place
// where core errors become status codes.
func toProblem(err error) *Problem {
	var p *Problem
	var ce *exchange.Error
	var he *echo.HTTPError
	if bp := budgetProblem(err); bp != nil {
		return bp
	}
	switch {
	case errors.As(err, &p):
		return p
	case errors.As(err, &ce):
		status, ok := kindStatus[ce.Kind]
		if !ok {
			status = http.StatusInternalServerError
		}
		p = problem(status, ce.Kind.String(), ce.Error())
		p.Findings = ce.Findings
		p.Verification = ce.Verification
		if ce.Report != nil {
			p.Catalogues = ce.Report.Catalogues
		}
		if status == http.StatusServiceUnavailable {
			p.Detail, p.cause = ce.Msg, err // the store's or backend's error stays in the log
			// A store or matching backend that does not answer is a
			// retryable condition (backend.Retryable): say when to retry.
			p.header = http.Header{"Retry-After": {strconv.Itoa(RetryUnavailable)}}
		}
		return p
	case errors.Is(err, context.DeadlineExceeded):
		p = problem(http.StatusServiceUnavailable, "timeout", "the request took longer than the service allows")
		p.cause = err
		return p
	case errors.Is(err, context.Canceled):
		p = problem(499, "canceled", "the client went away")
		p.Title = "Client Closed Request"
		return p
	case errors.As(err, &he):
		kind := "http"
		switch he.Code {
		case http.StatusRequestEntityTooLarge:
			kind = "too-large"
		case http.StatusNotFound:
			kind = "not-found"
		case http.StatusMethodNotAllowed:
			kind = "method-not-allowed"
		}
		msg, _ := he.Message.(string)
		if msg == "" {
			msg = http.StatusText(he.Code)
		}
		return problem(he.Code, kind, msg)
	}
	p = problem(http.StatusInternalServerError, "internal", "the service failed; the request id identifies it in the log")
	p.cause = err
	return p
}

// errorHandler is echo's HTTPErrorHandler: every error becomes
// application/problem+json.
func (s *Server) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	p := toProblem(err)
	p.Instance = c.Request().URL.Path
	p.RequestID = c.Response().Header().Get(echo.HeaderXRequestID)
	for k, vs := range p.header {
		for _, v := range vs {
			c.Response().Header().Add(k, v)
		}
	}
	if p.Status >= 500 && p.cause != nil {
		s.log.Error("request failed", "request_id", p.RequestID, "path", p.Instance, "error", p.cause)
	}
	c.Response().Header().Set(echo.HeaderContentType, MediaProblem)
	c.Response().WriteHeader(p.Status)
	if c.Request().Method == http.MethodHead {
		return
	}
	enc := jsonEncoder(c.Response())
	enc.Encode(p)
}
