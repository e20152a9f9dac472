package httpmatcher

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/biogate/biogate/match/backend"
)

// ProblemType is the prefix of the protocol's problem types; the suffix
// is the kind (doc.go lists them).
const ProblemType = "urn:biogate:matcher:"

// MediaProblem is the media type of problem details (RFC 9457 section 3).
const MediaProblem = "application/problem+json"

// Problem kinds.
const (
	kindNotFound        = "not-found"
	kindUnsupported     = "unsupported"
	kindInvalidSample   = "invalid-sample"
	kindUnavailable     = "unavailable"
	kindInvalidRequest  = "invalid-request"
	kindUnauthenticated = "unauthenticated"
	kindNoRoute         = "no-route"
	kindMethod          = "method-not-allowed"
	kindTooLarge        = "too-large"
	kindMediaType       = "unsupported-media-type"
	kindInternal        = "internal"
)

// sentinels are the problem kinds that stand for package backend's
// sentinel errors, both ways: the server answers them for the sentinel,
// the client returns the sentinel for them.
var sentinels = []struct {
	kind   string
	status int
	err    error
}{
	{kindNotFound, 404, backend.ErrNotFound},
	{kindUnsupported, 422, backend.ErrUnsupported},
	{kindInvalidSample, 422, backend.ErrInvalidSample},
	{kindUnavailable, 503, backend.ErrUnavailable},
}

// ProblemError is an error answer of a matcher, as the client read it.
// It unwraps to the backend sentinel its type stands for (ErrUnavailable
// for any 5xx or 429), or to nothing.
type ProblemError struct {
	Status int    // HTTP status
	Type   string // the problem's type, "" when the answer was no problem document
	Detail string // the problem's detail, or the start of the answer's body
	// RetryAfter is the answer's Retry-After, 0 when absent.
	RetryAfter time.Duration
	sentinel   error
}

func (e *ProblemError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "matcher answered %d", e.Status)
	if e.Type != "" {
		fmt.Fprintf(&b, " (%s)", strings.TrimPrefix(e.Type, ProblemType))
	}
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, "; retry after %s", e.RetryAfter)
	}
	return b.String()
}

func (e *ProblemError) Unwrap() error { return e.sentinel }

// sentinelOf returns the backend sentinel of a problem type and status.
func sentinelOf(typ string, status int) error {
	for _, s := range sentinels {
		if typ == ProblemType+s.kind {
			return s.err
		}
	}
	if status >= 500 || status == 429 {
		return backend.ErrUnavailable
	}
	return nil
}

// kindOf returns the problem kind and status the server answers for a
// backend error wrapping one of the sentinels, ok false for none.
func kindOf(err error) (kind string, status int, ok bool) {
	for _, s := range sentinels {
		if errors.Is(err, s.err) {
			return s.kind, s.status, true
		}
	}
	return "", 0, false
}
