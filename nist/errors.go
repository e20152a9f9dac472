package nist

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Sentinel errors that a [FormatError] may wrap, for callers that branch on
// the kind of problem with errors.Is.
var (
	ErrTruncated    = errors.New("nist: truncated")
	ErrLength       = errors.New("nist: wrong record length")
	ErrCount        = errors.New("nist: 1.003 CNT disagrees with the records")
	ErrTag          = errors.New("nist: malformed field tag")
	ErrSeparator    = errors.New("nist: separator out of place")
	ErrBinaryHeader = errors.New("nist: impossible binary record header")
	ErrEncoding     = errors.New("nist: value breaks the declared character encoding")
	ErrTrailingData = errors.New("nist: bytes after the last record")
	ErrVersion      = errors.New("nist: unknown version")
	ErrIDC          = errors.New("nist: IDC disagrees with 1.003 CNT")
	ErrValue        = errors.New("nist: value cannot be encoded")
)

// FormatError reports a problem in the traditional encoding and where it is.
// Record, Subfield and Item count from 1, as the standard does; 0 means the
// location does not go that deep. Offset is the byte offset in the input, or
// -1 where the problem has no single position.
type FormatError struct {
	Offset     int64
	Record     int // index of the record in the transaction, from 1
	RecordType int
	Field      int // field number, such as 13 for 14.013
	Subfield   int
	Item       int
	Err        error // one of the sentinel errors above, or nil
	Msg        string
}

// FieldTag returns the field's tag such as "14.013", or "" when the error
// names no field.
func (e *FormatError) FieldTag() string {
	if e.Field <= 0 {
		return ""
	}
	return FieldTag(e.RecordType, e.Field)
}

func (e *FormatError) Error() string {
	var b strings.Builder
	b.WriteString("nist: ")
	sep := ""
	if e.Record > 0 {
		fmt.Fprintf(&b, "record %d (Type-%d)", e.Record, e.RecordType)
		sep = ", "
	}
	if e.Field > 0 {
		b.WriteString(sep + "field " + e.FieldTag())
		sep = ", "
		if e.Subfield > 0 {
			b.WriteString(" subfield " + strconv.Itoa(e.Subfield))
		}
		if e.Item > 0 {
			b.WriteString(" item " + strconv.Itoa(e.Item))
		}
	}
	if e.Offset >= 0 {
		fmt.Fprintf(&b, "%sbyte %d", sep, e.Offset)
		sep = ", "
	}
	if sep != "" {
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

func (e *FormatError) Unwrap() error { return e.Err }

// Problems is the list of recoverable problems found by a lenient decode.
// It is returned as the error beside a usable transaction.
type Problems []*FormatError

func (p Problems) Error() string {
	switch len(p) {
	case 0:
		return "nist: no problems"
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

// FieldTag formats a field tag the canonical way: the record type without
// leading zeros, a dot, the field number on at least three digits ("14.013").
func FieldTag(recordType, field int) string {
	return string(appendTag(nil, recordType, field))
}

func appendTag(dst []byte, recordType, field int) []byte {
	dst = strconv.AppendInt(dst, int64(recordType), 10)
	dst = append(dst, '.')
	switch {
	case field < 10:
		dst = append(dst, '0', '0')
	case field < 100:
		dst = append(dst, '0')
	}
	return strconv.AppendInt(dst, int64(field), 10)
}
