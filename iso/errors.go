package iso

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors a [FormatError] may wrap, for callers that branch with
// errors.Is.
var (
	ErrTruncated = errors.New("iso: truncated")
	ErrLength    = errors.New("iso: length disagrees with content")
	ErrRange     = errors.New("iso: value out of range")
	ErrMagic     = errors.New("iso: not a record of this format")
	ErrTrailing  = errors.New("iso: bytes after the record")
)

// FormatError reports a problem in a record and where it is: the byte
// offset from the start of the input (-1 where there is no single position)
// and the field, as a path such as "view 2 minutia 14: angle".
type FormatError struct {
	Format Format
	Offset int64
	Field  string
	Msg    string
	Err    error // one of the sentinels above, or nil
}

func (e *FormatError) Error() string {
	var b strings.Builder
	b.WriteString("iso: ")
	if e.Format != "" {
		b.WriteString(string(e.Format))
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(" ")
	}
	b.WriteString(e.Msg)
	if e.Offset >= 0 {
		fmt.Fprintf(&b, " (byte %d)", e.Offset)
	}
	return b.String()
}

func (e *FormatError) Unwrap() error { return e.Err }

// UnsupportedError reports a valid input that uses a feature, edition or
// format this package does not implement.
type UnsupportedError string

func (e UnsupportedError) Error() string { return "iso: unsupported: " + string(e) }

// Problems lists the recoverable problems a lenient decode found. It is
// returned as the error beside a usable record.
type Problems []*FormatError

func (p Problems) Error() string {
	switch len(p) {
	case 0:
		return "iso: no problems"
	case 1:
		return p[0].Error()
	}
	return fmt.Sprintf("%s (and %d more problems)", p[0].Error(), len(p)-1)
}

// Unwrap gives errors.Is and errors.As access to every problem.
func (p Problems) Unwrap() []error {
	errs := make([]error, len(p))
	for i, e := range p {
		errs[i] = e
	}
	return errs
}
