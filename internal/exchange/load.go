package exchange

import (
	"context"
	"errors"
	"fmt"

	"github.com/biogate/biogate/conformance"
	"github.com/biogate/biogate/internal/budget"
	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/nist"
	nistxml "github.com/biogate/biogate/xml"
)

// loaded is a transaction read from bytes of any transaction format.
type loaded struct {
	format   string
	t        *nist.Transaction
	problems nist.Problems     // an2: what a lenient decode recovered from
	dialect  nistxml.Dialect   // xml: the dialect detected
	notes    []nistxml.Finding // xml: what the traditional form cannot carry as it was
	// stated is the transaction as XML or the JSON form stated it, before
	// t was read back through the traditional encoding (its LEN values as
	// sent; see rereadChecked).
	stated *nist.Transaction
	// reread and rereadErr are what reading stated back through the
	// traditional encoding found (nist.RereadChecked), for rereadChecked.
	reread    nist.Problems
	rereadErr error
}

// loadTransaction decodes b, whose format is sniffed, as a transaction.
// An error is a *Error of KindUnsupported (not a transaction) or
// KindUnreadable (with a finding saying where), or, returned as it is,
// ctx's error or the refusal of the memory budget ctx carries (see
// internal/budget), which the decoders charge as they build.
func loadTransaction(ctx context.Context, b []byte) (*loaded, error) {
	return loadTransactionWith(ctx, b, false)
}

// loadTransactionWith decodes b as a transaction; strict refuses what a
// lenient read recovers from. XML and the JSON form are read back through
// the traditional encoding (nist.RereadChecked), so that every path sees the
// same model with its LEN values computed; what they stated is kept in
// loaded.stated.
func loadTransactionWith(ctx context.Context, b []byte, strict bool) (*loaded, error) {
	l := &loaded{format: sniff.Format(b)}
	account := budget.Account(ctx)
	switch l.format {
	case sniff.AN2:
		if err := budget.Charge(ctx, an2Memory(b)); err != nil {
			return nil, err
		}
		t, err := nist.DecodeBytes(b, &nist.DecodeOptions{Lenient: !strict})
		if t == nil {
			return nil, unreadable(err)
		}
		if err != nil && !errors.As(err, &l.problems) {
			return nil, unreadable(err)
		}
		l.t = t
	case sniff.XML:
		doc, err := nistxml.UnmarshalContext(ctx, b, &nistxml.DecodeOptions{Account: account})
		if interrupted(err) {
			return nil, err
		}
		if err != nil {
			return nil, unreadable(err)
		}
		l.stated, l.dialect, l.notes = doc.Transaction, doc.Dialect, doc.Findings
		if strict {
			if err := strictXML(l.notes); err != nil {
				return nil, err
			}
		}
		l.t, l.reread, l.rereadErr = nist.RereadChecked(l.stated)
	case sniff.JSON:
		t, err := nist.DecodeJSONBytes(ctx, b, &nist.DecodeJSONOptions{Account: account})
		if interrupted(err) {
			return nil, err
		}
		if err != nil {
			return nil, unreadable(err)
		}
		l.stated = t
		l.t, l.reread, l.rereadErr = nist.RereadChecked(t)
	case sniff.Unknown:
		return nil, errorf(KindUnsupported, "the input is not in a format Biogate recognises (no ANSI/NIST-ITL Type-1 record, JSON form, XML, ISO/IEC 19794 record or image)")
	default:
		return nil, errorf(KindUnsupported, "the input is a %s %s, not a transaction", l.format, thing(l.format))
	}
	return l, nil
}

func thing(format string) string {
	if format == sniff.ISO {
		return "record"
	}
	return "image"
}

// unreadable wraps a decoding error with the finding that locates it.
func unreadable(err error) *Error {
	e := &Error{Kind: KindUnreadable, Msg: "the input cannot be read", Err: err}
	var p nist.Problems
	var fe *nist.FormatError
	switch {
	case errors.As(err, &p):
		e.Findings = problemFindings(p)
	case errors.As(err, &fe):
		e.Findings = problemFindings(nist.Problems{fe})
	default:
		e.Findings = []conformance.Finding{{
			Assertion: "BIOGATE.decode", Level: conformance.Level1, Severity: conformance.Error,
			Location: conformance.Location{Offset: -1}, Message: err.Error(),
		}}
	}
	return e
}

// problemFindings turns the problems of a decode into level-1 error
// findings. The assertion id names the kind of problem.
func problemFindings(ps nist.Problems) []conformance.Finding {
	out := make([]conformance.Finding, 0, len(ps))
	for _, p := range ps {
		loc := conformance.Location{Record: p.Record, RecordType: p.RecordType, Subfield: p.Subfield, Item: p.Item, Offset: p.Offset}
		if p.Field > 0 {
			loc.Field = p.FieldTag()
		}
		msg := p.Msg
		if msg == "" {
			msg = p.Error()
		}
		out = append(out, conformance.Finding{
			Assertion: "AN2.decode." + problemID(p.Err),
			Level:     conformance.Level1,
			Severity:  conformance.Error,
			Location:  loc,
			Message:   msg,
			Source:    "ANSI/NIST-ITL 1-2011 §7.1-7.2 (record and field syntax)",
		})
	}
	return out
}

var problemIDs = map[error]string{
	nist.ErrTruncated: "truncated", nist.ErrLength: "length", nist.ErrCount: "count", nist.ErrTag: "tag",
	nist.ErrSeparator: "separator", nist.ErrBinaryHeader: "binary-header", nist.ErrEncoding: "encoding",
	nist.ErrTrailingData: "trailing-data", nist.ErrVersion: "version", nist.ErrIDC: "idc", nist.ErrValue: "value",
}

func problemID(err error) string {
	for sentinel, id := range problemIDs {
		if errors.Is(err, sentinel) {
			return id
		}
	}
	return "syntax"
}

// noteText says where an XML conversion note is and what it says.
func noteText(f nistxml.Finding) string {
	switch {
	case f.Record >= 0 && f.Field > 0:
		return fmt.Sprintf("record %d (Type-%d), field %s: %s", f.Record+1, f.Type, nist.FieldTag(f.Type, f.Field), f.Msg)
	case f.Record >= 0:
		return fmt.Sprintf("record %d (Type-%d): %s", f.Record+1, f.Type, f.Msg)
	}
	return f.Msg
}

func notesText(fs []nistxml.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, noteText(f))
	}
	return out
}
