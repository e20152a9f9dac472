package exchange

import (
	"fmt"

	"github.com/biogate/biogate/conformance"
	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/nist"
)

// rereadChecked returns a transaction read from XML or the JSON form as
// its traditional encoding reads back (loadTransaction did the reading,
// once), with what that reading found (1.003
// CNT that does not list the records, a record without LEN, ...), so that
// the conformance check reaches the verdict the same transaction sent in
// the traditional encoding gets. The problems carry no byte offset (it
// would be one of the encoding, not of the input). For the JSON form,
// which states each record's LEN, a LEN that is not the record's length is
// an error, as it is in the traditional encoding; XML carries no LEN.
func rereadChecked(l *loaded) (*nist.Transaction, nist.Problems, []conformance.Finding) {
	t, problems, err := l.t, l.reread, l.rereadErr
	if err != nil {
		return t, problems, []conformance.Finding{{
			Assertion: "BIOGATE.encode", Level: conformance.Level1, Severity: conformance.Error,
			Location: conformance.Location{Offset: -1},
			Message:  "the transaction has no traditional encoding: " + err.Error(),
		}}
	}
	out := make(nist.Problems, len(problems))
	for i, p := range problems {
		q := *p
		q.Offset = -1
		q.Msg = p.Msg + " (in the traditional encoding of this transaction)"
		out[i] = &q
	}
	if l.format != sniff.JSON {
		return t, out, nil
	}
	var fs []conformance.Finding
	for i, r := range l.stated.Records {
		if i >= len(t.Records) {
			break
		}
		stated, actual := r.Field(1), t.Records[i].Field(1)
		if stated == nil || actual == nil || string(stated.Value) == string(actual.Value) {
			continue
		}
		fs = append(fs, conformance.Finding{
			Assertion: "JSON.len", Level: conformance.Level1, Severity: conformance.Error,
			Location: conformance.Location{Record: i + 1, RecordType: r.Type, Field: nist.FieldTag(r.Type, 1), Offset: -1},
			Message: fmt.Sprintf("%s LEN is %q but the record is %s bytes long in the traditional encoding",
				nist.FieldTag(r.Type, 1), stated.Value, actual.Value),
			Source: "ANSI/NIST-ITL 1-2011 §7.2.1 (field xx.001 LEN: the record's length in bytes)",
		})
	}
	return t, out, fs
}
