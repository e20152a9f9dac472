package exchange

import (
	"context"

	"github.com/biogate/biogate/codec"
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

// RecordSummary describes one record; Index counts from 1.
type RecordSummary struct {
	Index  int           `json:"index"`
	Type   int           `json:"type"`
	IDC    *int          `json:"idc,omitempty"`
	Fields int           `json:"fields"`
	Image  *ImageSummary `json:"image,omitempty"`
}

// ImageSummary describes an image as declared (records) or decoded (files).
type ImageSummary struct {
	Compression string `json:"compression,omitempty"`
	Width       int    `json:"width,omitempty"`
	Height      int    `json:"height,omitempty"`
	Bytes       int    `json:"bytes"`
}

// RecordFormat names the edition of an ISO/IEC 19794 or INCITS record.
type RecordFormat struct {
	Format string `json:"format"`
	Kind   string `json:"kind"`
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
		in.Image = &ImageSummary{Compression: in.Format, Width: r.Dx(), Height: r.Dy(), Bytes: len(b)}
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
		return in, nil
	}
	l, err := loadTransaction(ctx, b)
	if err != nil {
		return nil, err
	}
	in.Transaction = summarise(l)
	for _, p := range l.problems {
		in.Notes = append(in.Notes, p.Error())
	}
	in.Notes = append(in.Notes, notesText(l.notes)...)
	return in, nil
}

func summarise(l *loaded) *TransactionSummary {
	t := l.t
	h := t.Header()
	s := &TransactionSummary{TOT: h.TypeOfTransaction(), ORI: h.OriginatingAgency(), DAI: h.DestinationAgency(),
		TCN: h.ControlNumber(), Dialect: string(l.dialect), Records: []RecordSummary{}}
	if r := h.Record(); r != nil {
		if f := r.Field(2); f != nil {
			s.Version = f.Text()
		}
	}
	for i, r := range t.Records {
		rs := RecordSummary{Index: i + 1, Type: r.Type, Fields: len(r.Fields)}
		if im, ok := t.ImageOf(r); ok {
			if idc, ok := im.IDC(); ok {
				rs.IDC = &idc
			}
			rs.Image = imageSummary(im)
		} else if r.Type != 1 {
			if f := r.Field(2); f != nil {
				if idc, ok := f.Int(); ok {
					rs.IDC = &idc
				}
			}
		}
		s.Records = append(s.Records, rs)
	}
	return s
}

func imageSummary(im nist.Image) *ImageSummary {
	s := &ImageSummary{Bytes: len(im.Data())}
	if c, ok := im.Compression(); ok {
		s.Compression = string(c)
	}
	s.Width, _ = im.Width()
	s.Height, _ = im.Height()
	return s
}
