package exchange

import (
	"bytes"
	"context"
	"errors"

	"github.com/biogate/biogate/internal/budget"
	"github.com/biogate/biogate/nist"
)

// Estimated memory of a transaction decoded from the traditional
// encoding, per tagged field and per record, beyond the input itself
// (which the model refers to rather than copies). A 1.1 MB transaction of
// 50,000 empty records peaked at 47 MiB when submitted
// (TestHostileInputsMemory without a budget); this estimates 39 MB for
// each of its two decodings (loading and validation).
const (
	an2FieldCost  = 128
	an2RecordCost = 512
)

// an2Memory estimates the memory decoding b in the traditional encoding
// takes, from its separators (one pass, nothing decoded).
func an2Memory(b []byte) int64 {
	fields := bytes.Count(b, []byte{nist.GS}) + bytes.Count(b, []byte{nist.FS})
	records := bytes.Count(b, []byte{nist.FS}) + 1
	return int64(len(b)) + int64(fields)*an2FieldCost + int64(records)*an2RecordCost
}

// interrupted reports whether err says the request must stop rather than
// that its input is bad: its context is done or its memory budget spent.
// Such an error is returned as it is, never as a finding.
func interrupted(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || budget.Stopped(err)
}
