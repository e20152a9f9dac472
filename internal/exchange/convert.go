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

	// Image sets the encoder of an image target (WSQ bit rate and
	// resolution, JPEG quality, JPEG 2000 ratio); nil for the defaults.
	Image *codec.Options
	// Lossless writes jp2 with the reversible 5/3 wavelet.
	Lossless bool
	// Wrap fills the Type-1 fields (and image record details) of the
	// transaction an ISO/INCITS record becomes; nil for the defaults.
	Wrap *convert.TransactionOptions
}

// Output is converted bytes and what the conversion noticed.
type Output struct {
	Body        []byte
	Format      string
	ContentType string
	Notes       []string // what the target cannot carry as it was, problems recovered from
	TOT         string   // a transaction's 1.004 TOT, for the audit trail
	Removed     []string // what the reader's disclosure policy withheld (policy.Removal)
	Signature   string   // a delivery's detached signature of Body (store.Delivery.Signature)
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

// Convert reads b (its format sniffed, leniently) and writes it as o
// asks; the problems the read recovered from are among the notes.
func Convert(ctx context.Context, b []byte, o ConvertOptions) (*Output, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	if from := sniff.Format(b); isImageFormat(from) && !isImageFormat(o.To) {
		// Refused before the image is decoded.
		return nil, imageOnly(from)
	}
	in, err := Load(ctx, b, nil)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err // the request's time ran out while reading
	}
	out, err := in.Convert(o)
	if err != nil {
		return nil, err
	}
	var notes []string
	for _, n := range in.Notes() {
		notes = append(notes, "input: "+n)
	}
	out.Notes = append(notes, out.Notes...)
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
	n, err := chooseImageRecord(t, o.Record, KindUnsupported)
	if err != nil {
		return nil, err
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
	return encodeImage(m, o)
}

// chooseImageRecord returns n (a record, from 1) when t has it, or when n
// is 0 the only record of t holding image data; none is an error of kind
// none.
func chooseImageRecord(t *nist.Transaction, n int, none Kind) (int, error) {
	if n == 0 {
		var with []int
		for i, r := range t.Records {
			if im, ok := t.ImageOf(r); ok && len(im.Data()) > 0 {
				with = append(with, i+1)
			}
		}
		switch len(with) {
		case 0:
			return 0, errorf(none, "the transaction holds no image")
		case 1:
			return with[0], nil
		default:
			return 0, errorf(KindInvalid, "the transaction holds %d images (records %v); choose one with record", len(with), with)
		}
	}
	if n > len(t.Records) {
		return 0, errorf(KindInvalid, "record %d: the transaction has %d records", n, len(t.Records))
	}
	return n, nil
}

var imageCodecs = map[string]codec.Compression{
	sniff.PNG: codec.PNG, sniff.WSQ: codec.WSQ20, sniff.JPEG: codec.JPEGB, sniff.JP2: codec.JP2,
}

func encodeImage(m image.Image, o ConvertOptions) (*Output, error) {
	c := imageCodecs[o.To]
	if c == codec.JP2 && o.Lossless {
		c = codec.JP2L
	}
	var buf bytes.Buffer
	if err := codec.Encode(&buf, m, c, o.Image); err != nil {
		return nil, imageError(err, "writing "+o.To)
	}
	return &Output{Body: buf.Bytes(), Format: o.To, ContentType: ContentType(o.To)}, nil
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

// convertRecord converts an ISO/IEC 19794 or INCITS record to another
// edition of the same kind (minutiae through package convert, which
// rescales units and angles) or wraps it in a transaction. b is the record
// as read: converting to its own edition returns it unchanged.
func convertRecord(b []byte, rec iso.Record, from iso.Format, o ConvertOptions) (*Output, error) {
	var notes []string
	if isTransactionFormat(o.To) {
		t, rep, err := convert.ISOToTransaction(rec, o.Wrap)
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
		return nil, errorf(KindUnsupported, "a %s record (%s) cannot become %s (a %s record)", from.Kind(), from, to, to.Kind())
	}
	out, rep, err := convert.Edition(b, rec, from, to)
	notes = append(notes, conversionNotes(rep)...)
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

// imageOnly refuses a non-image target for an image input.
func imageOnly(format string) *Error {
	return errorf(KindUnsupported, "the input is a %s image; it converts to png, wsq, jpeg or jp2", format)
}
