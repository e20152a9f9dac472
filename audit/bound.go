package audit

import (
	"strconv"
	"strings"
)

// Bounds of what one entry records: a caller controls the transaction
// id of a path and the text of a refusal, so Append cuts every field to
// MaxField bytes and the reason to MaxReason, marking the cut.
const (
	MaxField  = 256
	MaxReason = 2048
)

// Bound returns s cut to at most max bytes (at a UTF-8 boundary, invalid
// UTF-8 dropped), ending with "…[truncated from N bytes]" when cut.
func Bound(s string, max int) string {
	if len(s) <= max {
		return s
	}
	mark := "…[truncated from " + strconv.Itoa(len(s)) + " bytes]"
	keep := max - len(mark)
	if keep < 0 {
		keep = 0
	}
	return strings.ToValidUTF8(s[:keep], "") + mark
}

// bounded returns e with each field cut to its bound.
func (e Entry) bounded() Entry {
	for _, f := range []*string{&e.Actor, &e.Action, &e.Transaction, &e.Type, &e.To} {
		*f = Bound(*f, MaxField)
	}
	e.Reason = Bound(e.Reason, MaxReason)
	return e
}
