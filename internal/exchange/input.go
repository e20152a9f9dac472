package exchange

import (
	"context"
	"errors"
	"fmt"
	"image"
	"strings"

	"github.com/biogate/biogate/codec"
	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/nist"
	nistxml "github.com/biogate/biogate/xml"
)

// LoadOptions says how Load reads its input.
type LoadOptions struct {
	// Strict refuses input with any problem a lenient read would recover
	// from: a traditional transaction's decoding problems, an XML
	// document's elements the model cannot carry as they were, an
	// ISO/INCITS record's problems.
	Strict bool
	// As reads the input as this ISO/INCITS edition, for the formats the
	// bytes cannot tell (card formats, INCITS 385).
	As iso.Format
}

// Input is bytes read in whatever format they are (sniffed, never named):
// a transaction, an ISO/IEC 19794 or INCITS record, or an image. Exactly
// one of Transaction, Record and Image is set.
type Input struct {
	Format string // sniffed: an2, xml, json, iso, wsq, png, jpeg, jp2
	Size   int

	// A transaction; XML and JSON input is read back through the
	// traditional encoding, so its LEN fields are computed as an an2
	// file would carry them.
	Transaction *nist.Transaction
	Problems    nist.Problems     // an2: what a lenient decode recovered from
	Dialect     nistxml.Dialect   // xml: the dialect detected
	XMLNotes    []nistxml.Finding // xml: what the traditional form cannot carry as it was

	// An ISO/IEC 19794 or INCITS record, its edition and the problems a
	// lenient decode recovered from.
	Record         iso.Record
	RecordFormat   iso.Format
	RecordProblems []string

	Image image.Image

	raw []byte
}

// Bytes returns the input as it was read.
func (in *Input) Bytes() []byte { return in.raw }

// Load reads b, whose format is sniffed (o.As names an ISO/INCITS edition
// the bytes cannot tell). An error is a *Error of KindUnsupported (a
// format Biogate does not read) or KindUnreadable (saying where).
func Load(ctx context.Context, b []byte, o *LoadOptions) (*Input, error) {
	if o == nil {
		o = &LoadOptions{}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	in := &Input{Format: sniff.Format(b), Size: len(b), raw: b}
	switch {
	case o.As != "" || in.Format == sniff.ISO:
		return in, in.loadRecord(o)
	case isImageFormat(in.Format):
		m, err := codec.Decode(b, codec.Unknown, nil)
		if err != nil {
			return nil, imageError(err, "the input image")
		}
		in.Image = m
		return in, nil
	}
	l, err := loadTransactionWith(ctx, b, o.Strict)
	if err != nil {
		return nil, err
	}
	in.Transaction, in.Problems, in.Dialect, in.XMLNotes = l.t, l.problems, l.dialect, l.notes
	return in, nil
}

// loadRecord decodes an ISO/INCITS record, identified from its bytes
// unless o.As names the edition.
func (in *Input) loadRecord(o *LoadOptions) error {
	in.Format = sniff.ISO
	f := o.As
	if f == "" {
		var err error
		if f, err = iso.Identify(in.raw); err != nil {
			return &Error{Kind: KindUnreadable, Msg: "the input record cannot be read", Err: err}
		}
	} else if !f.Known() {
		return errorf(KindInvalid, "%q is not an ISO/IEC 19794 or INCITS format name", f)
	}
	rec, err := iso.DecodeAs(in.raw, f, &iso.DecodeOptions{Lenient: !o.Strict})
	if rec == nil {
		return &Error{Kind: KindUnreadable, Msg: "the input record cannot be read as " + string(f), Err: err}
	}
	if err != nil {
		var p iso.Problems
		if !errors.As(err, &p) {
			return &Error{Kind: KindUnreadable, Msg: "the input record cannot be read as " + string(f), Err: err}
		}
		for _, e := range p {
			in.RecordProblems = append(in.RecordProblems, e.Error())
		}
	}
	in.Record, in.RecordFormat = rec, f
	return nil
}

// Notes lists what reading the input recovered from: decoding problems
// and what an XML document carries that the model cannot, one line each.
func (in *Input) Notes() []string {
	var notes []string
	for _, p := range in.Problems {
		notes = append(notes, p.Error())
	}
	notes = append(notes, in.RecordProblems...)
	for _, f := range in.XMLNotes {
		notes = append(notes, "from XML: "+noteText(f))
	}
	return notes
}

// Convert writes the input as o asks. The notes of the Output say what
// the target could not carry as it was; the input's own problems are
// Input.Notes.
func (in *Input) Convert(o ConvertOptions) (*Output, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	switch {
	case in.Image != nil:
		if !isImageFormat(o.To) {
			return nil, imageOnly(in.Format)
		}
		return encodeImage(in.Image, o)
	case in.Record != nil:
		return convertRecord(in.Bytes(), in.Record, in.RecordFormat, o)
	}
	return convertTransaction(&loaded{format: in.Format, t: in.Transaction, dialect: in.Dialect}, o)
}

// NoteText says where an XML note is and what it says.
func NoteText(f nistxml.Finding) string { return noteText(f) }

// strictXML refuses an XML document with notes when reading strictly.
func strictXML(notes []nistxml.Finding) error {
	if len(notes) == 0 {
		return nil
	}
	msg := noteText(notes[0])
	if len(notes) > 1 {
		msg += fmt.Sprintf(" (and %d more)", len(notes)-1)
	}
	return &Error{Kind: KindUnreadable, Msg: "the XML document cannot be carried as it is", Err: errors.New(strings.TrimSpace(msg))}
}
