package exchange

import (
	"context"
	"fmt"

	"github.com/biogate/biogate/codec"
	"github.com/biogate/biogate/internal/budget"
	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/nist"
)

// Inspection summarises an input.
type Inspection struct {
	Format      string              `json:"format"` // an2, xml, json, iso, wsq, png, jpeg, jp2
	Size        int                 `json:"size"`
	Transaction *TransactionSummary `json:"transaction,omitempty"`
	Record      *RecordFormat       `json:"record,omitempty"` // ISO/IEC 19794 or INCITS record
	Image       *ImageSummary       `json:"image,omitempty"`
	Notes       []string            `json:"notes,omitempty"` // problems recovered from, XML notes
}

// TransactionSummary is the Type-1 header and the records of a transaction.
type TransactionSummary struct {
	Version string          `json:"version,omitempty"`
	TOT     string          `json:"tot,omitempty"`
	ORI     string          `json:"ori,omitempty"`
	DAI     string          `json:"dai,omitempty"`
	TCN     string          `json:"tcn,omitempty"`
	Dialect string          `json:"dialect,omitempty"` // of XML input
	Records []RecordSummary `json:"records"`
}

// RecordSummary describes one record: its fields, the image it holds and
// the minutiae it carries. Index counts from 1 (the record parameter of
// POST /v1/render and ?record= of POST /v1/convert).
type RecordSummary struct {
	Index int    `json:"index"`
	Type  int    `json:"type"`
	Name  string `json:"name,omitempty"` // from the record type catalogue
	IDC   *int   `json:"idc,omitempty"`
	// Offset is where the record begins in the input; absent when the
	// input is not in the traditional encoding.
	Offset   *int64           `json:"offset,omitempty"`
	Fields   []FieldSummary   `json:"fields"`
	Image    *ImageSummary    `json:"image,omitempty"`
	Minutiae *MinutiaeSummary `json:"minutiae,omitempty"`
}

// RecordFormat names the edition of an ISO/IEC 19794 or INCITS record.
type RecordFormat struct {
	Format string        `json:"format"`
	Kind   string        `json:"kind"`
	Views  []ViewSummary `json:"views"`
}

// Inspect summarises b, whose format is sniffed.
func Inspect(ctx context.Context, b []byte) (*Inspection, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	in := &Inspection{Format: sniff.Format(b), Size: len(b)}
	switch {
	case isImageFormat(in.Format):
		m, err := codec.Decode(b, codec.Unknown, nil)
		if err != nil {
			return nil, imageError(err, "the input image")
		}
		r := m.Bounds()
		in.Image = &ImageSummary{Compression: in.Format, Width: r.Dx(), Height: r.Dy(), Bytes: len(b), Renderable: true}
		return in, nil
	case in.Format == sniff.ISO:
		rec, f, err := iso.DecodeWith(b, &iso.DecodeOptions{Lenient: true})
		if rec == nil {
			return nil, &Error{Kind: KindUnreadable, Msg: "the input record cannot be read", Err: err}
		}
		if err != nil {
			in.Notes = append(in.Notes, err.Error())
		}
		in.Record = &RecordFormat{Format: string(f), Kind: f.Kind().String()}
		views, notes := viewSummaries(rec)
		in.Record.Views, in.Notes = views, append(in.Notes, notes...)
		return in, nil
	}
	l, err := loadTransaction(ctx, b)
	if err != nil {
		return nil, err
	}
	// The summary copies the text of every field (subfields as strings)
	// and is written as JSON: charge about the input's size once more.
	if err := budget.Charge(ctx, int64(len(b))); err != nil {
		return nil, err
	}
	var notes []string
	in.Transaction, notes = summarise(l)
	in.Notes = append(in.Notes, notes...)
	for _, p := range l.problems {
		in.Notes = append(in.Notes, p.Error())
	}
	in.Notes = append(in.Notes, notesText(l.notes)...)
	return in, nil
}

// summarise describes a transaction and lists what could not be read
// (minutiae a Type-9 record holds unreadably).
func summarise(l *loaded) (*TransactionSummary, []string) {
	t := l.t
	h := t.Header()
	s := &TransactionSummary{TOT: h.TypeOfTransaction(), ORI: h.OriginatingAgency(), DAI: h.DestinationAgency(),
		TCN: h.ControlNumber(), Dialect: string(l.dialect)}
	if r := h.Record(); r != nil {
		if f := r.Field(2); f != nil {
			s.Version = f.Text()
		}
	}
	var notes []string
	s.Records, notes = recordSummaries(t, hasOffsets(l.format))
	return s, notes
}

// recordSummaries describes the records of t; withOffsets when the input
// was the traditional encoding the model's offsets refer to.
func recordSummaries(t *nist.Transaction, withOffsets bool) ([]RecordSummary, []string) {
	ver, _ := t.Header().Version()
	out := make([]RecordSummary, 0, len(t.Records))
	var notes []string
	for i, r := range t.Records {
		rs := RecordSummary{Index: i + 1, Type: r.Type, Fields: fieldSummaries(t, r, ver, withOffsets)}
		if def, ok := nist.LookupRecordType(r.Type); ok {
			rs.Name = def.Name
		}
		if withOffsets && r.Offset >= 0 {
			off := r.Offset
			rs.Offset = &off
		}
		if r.Type != 1 {
			if idc, ok := r.IDC(); ok {
				rs.IDC = &idc
			}
		}
		if im, ok := t.ImageOf(r); ok {
			rs.Image = imageSummary(im)
		}
		m, err := recordMinutiae(t, r)
		if err != nil {
			notes = append(notes, fmt.Sprintf("record %d (Type-%d): minutiae: %v", i+1, r.Type, err))
		}
		rs.Minutiae = m
		out = append(out, rs)
	}
	return out, notes
}

// Records describes the records of a transaction input as Inspect does
// (for `biogate inspect`), with what could not be read; nil for another
// input.
func (in *Input) Records() ([]RecordSummary, []string) {
	if in.Transaction == nil {
		return nil, nil
	}
	return recordSummaries(in.Transaction, hasOffsets(in.Format))
}

// Views describes the views of an ISO/INCITS record input as Inspect
// does, with what could not be read; nil for another input.
func (in *Input) Views() ([]ViewSummary, []string) {
	if in.Record == nil {
		return nil, nil
	}
	return viewSummaries(in.Record)
}
