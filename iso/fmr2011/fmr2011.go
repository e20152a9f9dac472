// Package fmr2011 implements ISO/IEC 19794-2:2011 finger minutiae records,
// decoding into and encoding from [iso.MinutiaeRecord].
//
// Layout (19794-2:2011 clause 7, on the 19794-1:2011 frame; integers
// big-endian): a 15-byte general header ("FMR\0", "030\0", 4-byte record
// length, 2-byte number of representations, certification flag), then per
// finger representation: its 4-byte length, the 19794-1 representation
// header (capture date-time, device technology, vendor and type, quality
// blocks, certification blocks when flagged), finger position, view number,
// X and Y resolution (pixels per cm), impression type, width, height, one
// byte with the minutia record size (5 or 6) in its high nibble and the
// ridge-ending type in its low, number of minutiae, the minutiae and the
// extended data. Angles are in units of 360/256 degrees.
//
// The 2011 edition shares "FMR\0030\0" with INCITS 378-2009;
// [iso.Identify] tells them apart by structure.
//
// Importing this package registers the format with package iso.
package fmr2011

import (
	"fmt"
	"io"

	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/iso/internal/bin"
	"github.com/biogate/biogate/iso/internal/fmd"
	"github.com/biogate/biogate/iso/internal/part1"
)

func init() {
	iso.Register(iso.Codec{
		Format: iso.FMR2011,
		Decode: func(b []byte, opts *iso.DecodeOptions) (iso.Record, error) {
			rec, err := Decode(b, opts)
			if rec == nil {
				return nil, err
			}
			return rec, err
		},
		Encode: func(w io.Writer, r iso.Record) error {
			rec, ok := r.(*iso.MinutiaeRecord)
			if !ok {
				return fmt.Errorf("fmr2011: cannot encode %T", r)
			}
			return Encode(w, rec)
		},
	})
}

const (
	magic     = "FMR\x00030\x00"
	headerLen = 15
)

var rules = fmd.Rules{MaxAngle: 255, SpecialQuality: true, CoreDelta: fmd.LayoutISO}

// Decode decodes a 19794-2:2011 record; see [iso.DecodeOptions].
func Decode(b []byte, opts *iso.DecodeOptions) (*iso.MinutiaeRecord, error) {
	r := bin.NewReader(b, iso.FMR2011, opts)
	rec := &iso.MinutiaeRecord{Format: iso.FMR2011}
	length, n, cert := part1.ReadGeneral(r, magic, "number of finger representations")
	rec.CertificationFlag = cert
	if r.Failed() {
		return nil, r.Err
	}
	if rec.CertificationFlag > 1 {
		r.Problem(14, "certification flag", iso.ErrRange, "%d is neither 0 nor 1", rec.CertificationFlag)
	}
	for i := 0; i < n && !r.Failed(); i++ {
		r.Scope = fmt.Sprintf("representation %d", i+1)
		rec.Views = append(rec.Views, readRep(r, rec.CertificationFlag != 0))
	}
	r.Scope = ""
	if !r.Failed() {
		rec.Trailing, rec.DeclaredLength = bin.Finish(r, length, "representation")
	}
	return bin.Outcome(r, rec)
}

func readRep(r *bin.Reader, certs bool) iso.MinutiaeView {
	var v iso.MinutiaeView
	// Read the representation inside its own bounds.
	sub, end := part1.OpenRep(r)
	if sub == nil {
		return v
	}
	v.Capture = part1.ReadCapture(sub, certs)
	v.Position = sub.U8("finger position")
	v.ViewNumber = sub.U8("view number")
	v.XRes = sub.U16("x resolution")
	v.YRes = sub.U16("y resolution")
	v.Impression = sub.U8("impression type")
	v.Width = sub.U16("image width")
	v.Height = sub.U16("image height")
	flags := sub.U8("minutia size and ridge ending type")
	v.MinutiaSize, v.EndingType = flags>>4, flags&0x0F
	n := int(sub.U8("number of minutiae"))
	if !sub.Failed() {
		size := int(v.MinutiaSize)
		if size != 5 && size != 6 {
			sub.Fail(sub.Off-2, "minutia size", iso.ErrRange, "%d, want 5 or 6", size)
		} else {
			v.Minutiae = fmd.ReadMinutiae(sub, n, size, rules)
			if sub.Remaining() > 0 {
				v.Extensions, v.ExtDeclaredLength = fmd.ReadExtended(sub, rules)
			} else {
				// No room for the extended data length: keep that fact.
				v.ExtDeclaredLength = 0xFFFF
			}
		}
	}
	if !sub.Failed() {
		v.Trailing = sub.Rest(end)
		if len(v.Trailing) > 0 {
			sub.Problem(end-len(v.Trailing), "", iso.ErrLength, "%d bytes after the extended data inside the representation (kept)", len(v.Trailing))
		}
	}
	part1.CloseRep(r, sub, end)
	return v
}

// Encode writes rec as a 19794-2:2011 record. A view whose MinutiaSize is
// 0 gets 6-byte minutiae when any minutia quality differs from 254 (not
// reported), else 5-byte ones.
func Encode(w io.Writer, rec *iso.MinutiaeRecord) error {
	b, err := Append(nil, rec)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// Append appends the encoded record to dst.
func Append(dst []byte, rec *iso.MinutiaeRecord) ([]byte, error) {
	fail := func(field, format string, args ...any) error {
		return &iso.FormatError{Format: iso.FMR2011, Offset: -1, Field: field, Msg: fmt.Sprintf(format, args...), Err: iso.ErrRange}
	}
	if len(rec.Views) > 0xFFFF {
		return nil, fail("number of finger representations", "%d does not fit in two bytes", len(rec.Views))
	}
	w := bin.Writer{B: dst}
	start := w.Len()
	part1.WriteGeneral(&w, magic, len(rec.Views), rec.CertificationFlag)
	for i := range rec.Views {
		v := &rec.Views[i]
		where := fmt.Sprintf("representation %d", i+1)
		if len(v.Minutiae) > 255 {
			return nil, fail(where+": number of minutiae", "%d does not fit in one byte", len(v.Minutiae))
		}
		if msg := part1.CheckCapture(v.Capture); msg != "" {
			return nil, fail(where, "%s", msg)
		}
		if _, msg := fmd.ExtendedLength(v.Extensions, fmd.LayoutISO); msg != "" {
			return nil, fail(where, "%s", msg)
		}
		size := v.MinutiaSize
		if size == 0 {
			size = 5
			for _, m := range v.Minutiae {
				if m.Quality != 254 {
					size = 6
				}
			}
		}
		if size != 5 && size != 6 {
			return nil, fail(where+": minutia size", "%d, want 5 or 6", size)
		}
		if v.EndingType > 15 {
			return nil, fail(where+": ridge ending type", "%d does not fit in 4 bits", v.EndingType)
		}
		at := w.Len()
		w.U32(0)
		part1.WriteCapture(&w, v.Capture, rec.CertificationFlag != 0)
		w.U8(v.Position)
		w.U8(v.ViewNumber)
		w.U16(v.XRes)
		w.U16(v.YRes)
		w.U8(v.Impression)
		w.U16(v.Width)
		w.U16(v.Height)
		w.U8(size<<4 | v.EndingType)
		w.U8(uint8(len(v.Minutiae)))
		fmd.WriteMinutiae(&w, v.Minutiae, int(size))
		if !(v.ExtDeclaredLength == 0xFFFF && len(v.Extensions) == 0) {
			fmd.WriteExtended(&w, v.Extensions, v.ExtDeclaredLength, fmd.LayoutISO)
		}
		w.Bytes(v.Trailing)
		part1.EndRep(&w, at, v.DeclaredLength)
	}
	length := w.EndRecord(start, rec.Trailing, rec.DeclaredLength)
	if length > 0xFFFFFFFF {
		return nil, fail("record length", "%d does not fit in 4 bytes", length)
	}
	w.PutU32(start+8, uint32(length))
	return w.B, nil
}
