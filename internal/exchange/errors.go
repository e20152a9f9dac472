package exchange

import (
	"errors"
	"fmt"

	"github.com/biogate/biogate/conformance"
)

// Kind classifies an Error for callers that map it (the API to a status
// code, the CLI to an exit code).
type Kind int

const (
	KindInvalid       Kind = iota + 1 // the request itself is wrong (an unknown format name, a bad id)
	KindUnreadable                    // the input cannot be read as the format it appears to be
	KindUnsupported                   // the input format, or the conversion asked for, is not supported
	KindNonconformant                 // the profile's errors forbid accepting the input
	KindUnroutable                    // the destination (1.007 DAI) belongs to no partner
	KindNotFound                      // no such transaction or delivery, or not visible to the caller
	KindForbidden                     // the caller may not do this
	KindUnavailable                   // the store or a dependency cannot serve now
	KindUnverified                    // a signature does not verify (invalid, untrusted, missing)
	KindDenied                        // a partner's disclosure policy refuses it
	KindNoImage                       // the record asked for holds no image (POST /v1/render)
)

var kindNames = map[Kind]string{
	KindInvalid: "invalid-request", KindUnreadable: "unreadable-input", KindUnsupported: "unsupported",
	KindNonconformant: "nonconformant", KindUnroutable: "unroutable", KindNotFound: "not-found",
	KindForbidden: "forbidden", KindUnavailable: "unavailable", KindUnverified: "unverified",
	KindDenied: "policy-denied", KindNoImage: "no-image",
}

// String returns the kind's stable name, used in problem type URIs.
func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return "internal"
}

// Error is a failure of a core operation, with the findings that explain
// it where there are any.
type Error struct {
	Kind     Kind
	Msg      string
	Findings []conformance.Finding // what is wrong in the input, where
	Report   *conformance.Report   // the validation report, for KindNonconformant
	// Verification is the failed verification, for KindUnverified.
	Verification *Verification
	Err          error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Msg + ": " + e.Err.Error()
	}
	return e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

func errorf(k Kind, format string, a ...any) *Error {
	return &Error{Kind: k, Msg: fmt.Sprintf(format, a...)}
}

// KindOf returns the kind of err, 0 when it is not an *Error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return 0
}
