package exchange

import (
	"context"
	"errors"

	"github.com/biogate/biogate/conformance"
)

// Validator checks bytes of any transaction format against a conformance
// profile ("" or "base" for the base standard of the transaction's
// version) up to a conformance level (0 means DefaultLevel). It returns an
// error only when it cannot check at all: an unknown profile (wrapping
// ErrUnknownProfile), a done context, or the refusal of the memory budget
// the context carries (internal/budget). Input that cannot be read is a
// report with findings, not an error.
type Validator interface {
	Validate(ctx context.Context, b []byte, profile string, level conformance.Level) (*conformance.Report, error)
}

// DefaultLevel is the level checked when none is asked for: syntax and
// internal consistency. Level 3 decodes every image, which costs a
// ten-print about a third of a second; callers ask for it explicitly.
const DefaultLevel = conformance.Level2

// ErrUnknownProfile is wrapped by a Validator asked for a profile it does
// not know.
var ErrUnknownProfile = errors.New("unknown conformance profile")

// ValidatorFunc adapts a function to a Validator.
type ValidatorFunc func(ctx context.Context, b []byte, profile string, level conformance.Level) (*conformance.Report, error)

// Validate calls f.
func (f ValidatorFunc) Validate(ctx context.Context, b []byte, profile string, level conformance.Level) (*conformance.Report, error) {
	return f(ctx, b, profile, level)
}
