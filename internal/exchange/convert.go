package exchange

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"

	"github.com/biogate/biogate/codec"
	"github.com/biogate/biogate/convert"
	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/nist"
	nistxml "github.com/biogate/biogate/xml"
)

// ConvertOptions says what Convert writes.
type ConvertOptions struct {
	To      string // a format name of DESIGN.md
	Dialect string // for xml: 2008, 2011 (default), inti, 2015
	Record  int    // for an image from a transaction: the record, from 1; 0 when it holds one image
}

// Output is converted bytes and what the conversion noticed.
type Output struct {
	Body        []byte
	Format      string
	ContentType string
	Notes       []string // what the target cannot carry as it was, problems recovered from
	TOT         string   // a transaction's 1.004 TOT, for the audit trail
	Removed     []string // what the reader's disclosure policy withheld (policy.Removal)
}

func (o ConvertOptions) check() error {
	switch {
	case o.To == "":
		return errorf(KindInvalid, "the target format is required (one of %v)", OutputFormats())
	case !isTransactionFormat(o.To) && !isImageFormat(o.To) && !isISOFormat(o.To):
		return errorf(KindInvalid, "%q is not a format name (one of %v)", o.To, OutputFormats())
	case o.Dialect != "" && !validDialect(o.Dialect):
		return errorf(KindInvalid, "dialect %q is not one of %v", o.Dialect, Dialects())
	case o.Record < 0:
		return errorf(KindInvalid, "record must be 1 or more")
	}
	return nil
}

// Convert reads b (its format sniffed) and writes it as o asks.
func Convert(ctx context.Context, b []byte, o ConvertOptions) (*Output, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	from := sniff.Format(b)
	switch {
	case isImageFormat(from):
		if !isImageFormat(o.To) {
			return nil, errorf(KindUnsupported, "the input is a %s image; it converts to png, wsq, jpeg or jp2", from)
		}
		m, err := codec.Decode(b, codec.Unknown, nil)
		if err != nil {
			return nil, imageError(err, "the input image")
		}
		return encodeImage(m, o.To)
	case from == sniff.ISO:
		return convertISO(b, o)
	}
	l, err := loadTransaction(ctx, b)
	if err != nil {
		return nil, err
	}
	out, err := convertTransaction(l, o)
	if err != nil {
		return nil, err
	}
	for _, p := range l.problems {
		out.Notes = append(out.Notes, "input: "+p.Error())
	}
	return out, nil
}

// convertTransaction writes a decoded transaction in a transaction format
// or writes one of its images.
func convertTransaction(l *loaded, o ConvertOptions) (*Output, error) {
	switch {
	case isImageFormat(o.To):
		return transactionImage(l.t, o)
	case isISOFormat(o.To):
		return transactionToISO(l.t, o)
	}
	body, notes, err := encodeTransaction(l.t, o.To, o.Dialect)
	if err != nil {
		return nil, err
	}
	return &Output{Body: body, Format: o.To, ContentType: ContentType(o.To), Notes: notes}, nil
}

// encodeTransaction writes t as an2, json or xml (in dialect).
func encodeTransaction(t *nist.Transaction, format, dialect string) ([]byte, []string, error) {
	var buf bytes.Buffer
	var notes []string
	var err error
	switch format {
	case sniff.AN2:
		err = nist.Encode(&buf, t)
	case sniff.JSON:
		err = nist.EncodeJSON(&buf, t)
	case sniff.XML:
		var fs []nistxml.Finding
		fs, err = nistxml.Encode(&buf, t, &nistxml.EncodeOptions{Dialect: nistxml.Dialect(dialect)})
		notes = notesText(fs)
	}
	if err != nil {
		return nil, nil, &Error{Kind: KindUnsupported, Msg: "the transaction cannot be written as " + format, Err: err}
	}
	return buf.Bytes(), notes, nil
}

// transactionImage writes the image of record o.Record, or of the only
// image record.
func transactionImage(t *nist.Transaction, o ConvertOptions) (*Output, error) {
	n := o.Record
	if n == 0 {
		var with []int
		for i, r := range t.Records {
			if im, ok := t.ImageOf(r); ok && len(im.Data()) > 0 {
				with = append(with, i+1)
			}
		}
		switch len(with) {
		case 0:
			return nil, errorf(KindUnsupported, "the transaction holds no image")
		case 1:
			n = with[0]
		default:
			return nil, errorf(KindInvalid, "the transaction holds %d images (records %v); choose one with record", len(with), with)
		}
	}
	if n > len(t.Records) {
		return nil, errorf(KindInvalid, "record %d: the transaction has %d records", n, len(t.Records))
	}
	r := t.Records[n-1]
	im, ok := t.ImageOf(r)
	if !ok {
		return nil, errorf(KindUnsupported, "record %d is a Type-%d record, which holds no image", n, r.Type)
	}
	m, err := convert.RecordImage(im)
	if err != nil {
		return nil, imageError(err, fmt.Sprintf("record %d (Type-%d)", n, r.Type))
	}
	return encodeImage(m, o.To)
}

var imageCodecs = map[string]codec.Compression{
	sniff.PNG: codec.PNG, sniff.WSQ: codec.WSQ20, sniff.JPEG: codec.JPEGB, sniff.JP2: codec.JP2,
}

func encodeImage(m image.Image, to string) (*Output, error) {
	var buf bytes.Buffer
	if err := codec.Encode(&buf, m, imageCodecs[to], nil); err != nil {
		return nil, imageError(err, "writing "+to)
	}
	return &Output{Body: buf.Bytes(), Format: to, ContentType: ContentType(to)}, nil
}

// imageError classifies a codec error: unsupported features (such as
// JPEG 2000 in a build without openjp2) apart from unreadable data.
func imageError(err error, what string) *Error {
	var u *codec.UnsupportedError
	if errors.As(err, &u) {
		return &Error{Kind: KindUnsupported, Msg: what, Err: err}
	}
	return &Error{Kind: KindUnreadable, Msg: what, Err: err}
}

// convertISO converts an ISO/IEC 19794 or INCITS record to another
// edition of the same kind (minutiae through package convert, which
// rescales units and angles) or wraps it in a transaction.
func convertISO(b []byte, o ConvertOptions) (*Output, error) {
	rec, from, err := iso.DecodeWith(b, &iso.DecodeOptions{Lenient: true})
	if rec == nil {
		return nil, &Error{Kind: KindUnreadable, Msg: "the input record cannot be read", Err: err}
	}
	var notes []string
	if err != nil {
		notes = append(notes, "input: "+err.Error())
	}
	if isTransactionFormat(o.To) {
		t, rep, err := convert.ISOToTransaction(rec, nil)
		notes = append(notes, conversionNotes(rep)...)
		if err != nil {
			return nil, &Error{Kind: KindUnsupported, Msg: "the record cannot become a transaction", Err: err}
		}
		body, more, err := encodeTransaction(t, o.To, o.Dialect)
		if err != nil {
			return nil, err
		}
		return &Output{Body: body, Format: o.To, ContentType: ContentType(o.To), Notes: append(notes, more...)}, nil
	}
	if !isISOFormat(o.To) {
		return nil, errorf(KindUnsupported, "the input is an ISO/IEC 19794 or INCITS record; it converts to another edition of its kind or to a transaction (an2, xml, json), not to %s", o.To)
	}
	to := iso.Format(o.To)
	if to.Kind() != from.Kind() {
		return nil, errorf(KindUnsupported, "the input is a %s record (%s); %s holds %s records", from.Kind(), from, to, to.Kind())
	}
	if m, ok := rec.(*iso.MinutiaeRecord); ok {
		conv, rep, err := convert.Minutiae(m, to)
		notes = append(notes, conversionNotes(rep)...)
		if err != nil {
			return nil, &Error{Kind: KindUnsupported, Msg: fmt.Sprintf("the record cannot be written as %s", to), Err: err}
		}
		rec = conv
	}
	out, err := iso.Marshal(rec, to)
	if err != nil {
		return nil, &Error{Kind: KindUnsupported, Msg: fmt.Sprintf("the record cannot be written as %s", to), Err: err}
	}
	return &Output{Body: out, Format: o.To, ContentType: MediaISO, Notes: notes}, nil
}

// transactionToISO converts record o.Record of a transaction (or the first
// that fits the target, when 0) to an ISO/IEC 19794 or INCITS record.
func transactionToISO(t *nist.Transaction, o ConvertOptions) (*Output, error) {
	to := iso.Format(o.To)
	rec, rep, err := convert.RecordToISO(t, o.Record, to)
	notes := conversionNotes(rep)
	if err != nil {
		return nil, &Error{Kind: KindUnsupported, Msg: fmt.Sprintf("the transaction cannot be written as %s", to), Err: err}
	}
	out, err := iso.Marshal(rec, to)
	if err != nil {
		return nil, &Error{Kind: KindUnsupported, Msg: fmt.Sprintf("the record cannot be written as %s", to), Err: err}
	}
	return &Output{Body: out, Format: o.To, ContentType: MediaISO, Notes: notes}, nil
}

// conversionNotes lists what a conversion could not carry as it was.
func conversionNotes(rep *convert.Report) []string {
	if rep == nil {
		return nil
	}
	notes := make([]string, 0, len(rep.Findings))
	for _, f := range rep.Findings {
		notes = append(notes, "conversion: "+f.String())
	}
	return notes
}
