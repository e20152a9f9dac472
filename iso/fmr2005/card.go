package fmr2005

import (
	"fmt"
	"io"

	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/iso/internal/bin"
)

// The card formats (19794-2:2005 clause 8) carry only minutiae, with no
// record or view header: the smart card's biometric information template
// holds everything else. A decoded card record has one view whose minutiae
// are in card units:
//
//   - normal size (clause 8.2): 5 bytes per minutia: 2 type bits and a
//     14-bit X, 2 reserved bits and a 14-bit Y, both in units of 0.01 mm,
//     and the angle in 360/256 degrees; no quality;
//   - compact size (clause 8.3): 3 bytes per minutia: X and Y in 0.1 mm,
//     then 2 type bits and a 6-bit angle in 360/64 degrees.
const (
	normalSize  = 5
	compactSize = 3
)

// DecodeCard decodes card-format minutiae; compact selects the compact
// size format. Card data cannot be sniffed: the caller must know it.
func DecodeCard(b []byte, compact bool, opts *iso.DecodeOptions) (*iso.MinutiaeRecord, error) {
	f, size := iso.FMR2005CardNormal, normalSize
	if compact {
		f, size = iso.FMR2005CardCompact, compactSize
	}
	r := bin.NewReader(b, f, opts)
	if len(b)%size != 0 {
		r.Fail(len(b)-len(b)%size, "minutiae", iso.ErrLength, "%d bytes are not whole %d-byte minutiae", len(b), size)
		return nil, r.Err
	}
	n := len(b) / size
	v := iso.MinutiaeView{Minutiae: make([]iso.Minutia, n)}
	r.Item = "minutia"
	for i := range v.Minutiae {
		r.Index = i + 1
		m := &v.Minutiae[i]
		if compact {
			m.X = uint16(r.U8("x"))
			m.Y = uint16(r.U8("y"))
			ta := r.U8("type and angle")
			m.Type, m.Angle = ta>>6, ta&0x3F
		} else {
			xw := r.U16("type and x")
			yw := r.U16("y")
			m.Type, m.X = uint8(xw>>14), xw&0x3FFF
			m.Reserved, m.Y = uint8(yw>>14), yw&0x3FFF
			m.Angle = r.U8("angle")
		}
		if m.Type == 3 {
			r.Problem(r.Off-size, "type", iso.ErrRange, "3 is reserved")
		}
	}
	rec := &iso.MinutiaeRecord{Format: f, Views: []iso.MinutiaeView{v}}
	if r.Failed() {
		return nil, r.Err
	}
	if len(r.Problems) > 0 {
		return rec, r.Problems
	}
	return rec, nil
}

// EncodeCard writes the minutiae of rec's single view in a card format.
func EncodeCard(w io.Writer, rec *iso.MinutiaeRecord, compact bool) error {
	f := iso.FMR2005CardNormal
	if compact {
		f = iso.FMR2005CardCompact
	}
	if len(rec.Views) > 1 {
		return &iso.FormatError{Format: f, Offset: -1, Field: "views", Msg: fmt.Sprintf("%d views; a card format holds one", len(rec.Views)), Err: iso.ErrRange}
	}
	var bw bin.Writer
	if len(rec.Views) == 1 {
		for i, m := range rec.Views[0].Minutiae {
			if compact {
				if m.X > 255 || m.Y > 255 || m.Angle > 63 {
					return &iso.FormatError{Format: f, Offset: -1, Field: fmt.Sprintf("minutia %d", i+1), Msg: fmt.Sprintf("x %d, y %d or angle %d does not fit the compact format", m.X, m.Y, m.Angle), Err: iso.ErrRange}
				}
				bw.U8(uint8(m.X))
				bw.U8(uint8(m.Y))
				bw.U8(m.Type<<6 | m.Angle)
			} else {
				bw.U16(uint16(m.Type&3)<<14 | m.X&0x3FFF)
				bw.U16(uint16(m.Reserved&3)<<14 | m.Y&0x3FFF)
				bw.U8(m.Angle)
			}
		}
	}
	_, err := w.Write(bw.B)
	return err
}

func decodeNormal(b []byte, opts *iso.DecodeOptions) (iso.Record, error) {
	return recOrNil(DecodeCard(b, false, opts))
}

func decodeCompact(b []byte, opts *iso.DecodeOptions) (iso.Record, error) {
	return recOrNil(DecodeCard(b, true, opts))
}

func recOrNil(rec *iso.MinutiaeRecord, err error) (iso.Record, error) {
	if rec == nil {
		return nil, err
	}
	return rec, err
}

func encodeNormal(w io.Writer, r iso.Record) error {
	rec, ok := r.(*iso.MinutiaeRecord)
	if !ok {
		return fmt.Errorf("fmr2005: cannot encode %T", r)
	}
	return EncodeCard(w, rec, false)
}

func encodeCompact(w io.Writer, r iso.Record) error {
	rec, ok := r.(*iso.MinutiaeRecord)
	if !ok {
		return fmt.Errorf("fmr2005: cannot encode %T", r)
	}
	return EncodeCard(w, rec, true)
}
