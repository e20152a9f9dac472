// Package fir implements finger image records: ISO/IEC 19794-4:2005,
// ISO/IEC 19794-4:2011 and ANSI INCITS 381-2004, decoding into and
// encoding from [iso.FingerImageRecord]. The image data is kept as bytes;
// package codec decodes WSQ, JPEG, JPEG 2000 and PNG.
//
// Layouts (integers big-endian):
//
//	19794-4:2005 ("FIR\0", "010\0"; clause 8.2): 32-byte header: record
//	  length (6 bytes), capture device ID (2), image acquisition level (2),
//	  number of images (1), scale units (1: 1 ppi, 2 ppcm), scan X and Y
//	  resolution (2 each), image X and Y resolution (2 each), pixel depth
//	  (1), compression (1), reserved (2). Each view (clause 8.3): length
//	  (4, counting its 14-byte header), position, count of views, view
//	  number, quality, impression type (1 each), width and height (2
//	  each), reserved (1), image data.
//	INCITS 381-2004: the same with a 4-byte CBEFF product ID after the
//	  record length (36-byte header).
//	19794-4:2011 ("020\0"): 16-byte general header (length 4, number of
//	  representations 2, certification flag 1, number of fingers 1); each
//	  representation: length (4), the 19794-1:2011 representation header,
//	  position, representation number, scale units, capture X and Y
//	  sampling rate, image X and Y sampling rate, bit depth, compression,
//	  impression type, width, height, image data length (4), image data,
//	  then optional extended data up to the representation's end.
//
// 19794-4:2005 and 381-2004 share "FIR\0010\0"; [iso.Identify] tells them
// apart by which header length makes the views add up.
//
// Importing this package registers the formats with package iso.
package fir

import (
	"fmt"
	"io"

	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/iso/internal/bin"
	"github.com/biogate/biogate/iso/internal/part1"
)

func init() {
	for _, f := range []iso.Format{iso.FIR2005, iso.ANSI381v2004, iso.FIR2011} {
		f := f
		iso.Register(iso.Codec{
			Format: f,
			Decode: func(b []byte, opts *iso.DecodeOptions) (iso.Record, error) {
				rec, err := Decode(b, f, opts)
				if rec == nil {
					return nil, err
				}
				return rec, err
			},
			Encode: func(w io.Writer, r iso.Record) error {
				rec, ok := r.(*iso.FingerImageRecord)
				if !ok {
					return fmt.Errorf("fir: cannot encode %T", r)
				}
				return Encode(w, rec, f)
			},
		})
	}
}

const viewHeaderLen = 14 // 19794-4:2005 clause 8.3

// Decode decodes a finger image record of format f (FIR2005, ANSI381v2004
// or FIR2011); see [iso.DecodeOptions].
func Decode(b []byte, f iso.Format, opts *iso.DecodeOptions) (*iso.FingerImageRecord, error) {
	r := bin.NewReader(b, f, opts)
	rec := &iso.FingerImageRecord{Format: f}
	var length uint64
	switch f {
	case iso.FIR2005, iso.ANSI381v2004:
		r.Magic("FIR\x00010\x00")
		length = r.U48("record length")
		if f == iso.ANSI381v2004 {
			rec.ProductOwner = r.U16("CBEFF product owner")
			rec.ProductType = r.U16("CBEFF product type")
		}
		rec.Equipment = r.U16("capture device")
		rec.AcquisitionLevel = r.U16("image acquisition level")
		n := int(r.U8("number of finger images"))
		rec.ScaleUnits = r.U8("scale units")
		rec.ScanXRes = r.U16("scan x resolution")
		rec.ScanYRes = r.U16("scan y resolution")
		rec.XRes = r.U16("image x resolution")
		rec.YRes = r.U16("image y resolution")
		rec.BitDepth = r.U8("pixel depth")
		rec.Compression = r.U8("compression algorithm")
		rec.Reserved = r.U16("reserved")
		for i := 0; i < n && !r.Failed(); i++ {
			r.Scope = fmt.Sprintf("view %d", i+1)
			rec.Views = append(rec.Views, readView2005(r, rec))
		}
	case iso.FIR2011:
		var n int
		length, n, rec.CertificationFlag = part1.ReadGeneral(r, "FIR\x00020\x00", "number of representations")
		rec.FingersPresent = r.U8("number of fingers/palms present")
		for i := 0; i < n && !r.Failed(); i++ {
			r.Scope = fmt.Sprintf("representation %d", i+1)
			rec.Views = append(rec.Views, readRep2011(r, rec.CertificationFlag != 0))
		}
	default:
		return nil, iso.UnsupportedError(fmt.Sprintf("fir: format %s", f))
	}
	r.Scope = ""
	if !r.Failed() {
		rec.Trailing, rec.DeclaredLength = bin.Finish(r, length, "view")
	}
	return bin.Outcome(r, rec)
}

func readView2005(r *bin.Reader, rec *iso.FingerImageRecord) iso.FingerImageView {
	v := iso.FingerImageView{
		ScaleUnits: rec.ScaleUnits, ScanXRes: rec.ScanXRes, ScanYRes: rec.ScanYRes,
		XRes: rec.XRes, YRes: rec.YRes, BitDepth: rec.BitDepth, Compression: rec.Compression,
	}
	start := r.Off
	l := r.U32("view length")
	v.Position = r.U8("finger position")
	v.ViewCount = r.U8("count of views")
	v.ViewNumber = r.U8("view number")
	v.Quality = r.U8("image quality")
	v.Impression = r.U8("impression type")
	v.Width = r.U16("horizontal line length")
	v.Height = r.U16("vertical line length")
	v.Reserved = r.U8("reserved")
	if r.Failed() {
		return v
	}
	if l < viewHeaderLen {
		r.Fail(start, "view length", iso.ErrLength, "%d is shorter than the %d-byte view header", l, viewHeaderLen)
		return v
	}
	v.Image = r.Bytes(int(l)-viewHeaderLen, "image data")
	return v
}

func readRep2011(r *bin.Reader, certs bool) iso.FingerImageView {
	var v iso.FingerImageView
	sub, end := part1.OpenRep(r)
	if sub == nil {
		return v
	}
	v.Capture = part1.ReadCapture(sub, certs)
	v.Position = sub.U8("finger/palm position")
	v.ViewNumber = sub.U8("representation number")
	v.ScaleUnits = sub.U8("scale units")
	v.ScanXRes = sub.U16("capture x sampling rate")
	v.ScanYRes = sub.U16("capture y sampling rate")
	v.XRes = sub.U16("image x sampling rate")
	v.YRes = sub.U16("image y sampling rate")
	v.BitDepth = sub.U8("bit depth")
	v.Compression = sub.U8("compression algorithm")
	v.Impression = sub.U8("impression type")
	v.Width = sub.U16("horizontal line length")
	v.Height = sub.U16("vertical line length")
	n := sub.U32("image data length")
	v.Image = sub.Bytes(int(n), "image data")
	if !sub.Failed() {
		v.Extended = sub.Rest(end)
	}
	part1.CloseRep(r, sub, end)
	return v
}

// Encode writes rec as format f. For the 2005/2004 formats the header's
// image attributes come from the record when any is set, else from the
// first view; every view must agree with them.
func Encode(w io.Writer, rec *iso.FingerImageRecord, f iso.Format) error {
	b, err := Append(nil, rec, f)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// Append appends rec encoded as f to dst.
func Append(dst []byte, rec *iso.FingerImageRecord, f iso.Format) ([]byte, error) {
	fail := func(field, format string, args ...any) error {
		return &iso.FormatError{Format: f, Offset: -1, Field: field, Msg: fmt.Sprintf(format, args...), Err: iso.ErrRange}
	}
	w := bin.Writer{B: dst}
	start := w.Len()
	switch f {
	case iso.FIR2005, iso.ANSI381v2004:
		if len(rec.Views) > 255 {
			return nil, fail("number of finger images", "%d does not fit in one byte", len(rec.Views))
		}
		h := iso.FingerImageView{ScaleUnits: rec.ScaleUnits, ScanXRes: rec.ScanXRes, ScanYRes: rec.ScanYRes,
			XRes: rec.XRes, YRes: rec.YRes, BitDepth: rec.BitDepth, Compression: rec.Compression}
		if attrs(&h) == (attr{}) && len(rec.Views) > 0 {
			h = rec.Views[0]
		}
		for i := range rec.Views {
			if a := attrs(&rec.Views[i]); a != (attr{}) && a != attrs(&h) {
				return nil, fail(fmt.Sprintf("view %d", i+1), "scale, resolution, depth or compression differs from the record header's; %s carries one per record", f)
			}
		}
		w.Bytes([]byte("FIR\x00010\x00"))
		w.U48(0)
		if f == iso.ANSI381v2004 {
			w.U16(rec.ProductOwner)
			w.U16(rec.ProductType)
		}
		w.U16(rec.Equipment)
		w.U16(rec.AcquisitionLevel)
		w.U8(uint8(len(rec.Views)))
		w.U8(h.ScaleUnits)
		w.U16(h.ScanXRes)
		w.U16(h.ScanYRes)
		w.U16(h.XRes)
		w.U16(h.YRes)
		w.U8(h.BitDepth)
		w.U8(h.Compression)
		w.U16(rec.Reserved)
		for i := range rec.Views {
			v := &rec.Views[i]
			if uint64(len(v.Image))+viewHeaderLen > 0xFFFFFFFF {
				return nil, fail(fmt.Sprintf("view %d: view length", i+1), "image too long for 4 bytes")
			}
			w.U32(uint32(len(v.Image) + viewHeaderLen))
			w.U8(v.Position)
			w.U8(v.ViewCount)
			w.U8(v.ViewNumber)
			w.U8(v.Quality)
			w.U8(v.Impression)
			w.U16(v.Width)
			w.U16(v.Height)
			w.U8(v.Reserved)
			w.Bytes(v.Image)
		}
	case iso.FIR2011:
		if len(rec.Views) > 0xFFFF {
			return nil, fail("number of representations", "%d does not fit in two bytes", len(rec.Views))
		}
		part1.WriteGeneral(&w, "FIR\x00020\x00", len(rec.Views), rec.CertificationFlag)
		w.U8(rec.FingersPresent)
		for i := range rec.Views {
			v := &rec.Views[i]
			if msg := part1.CheckCapture(v.Capture); msg != "" {
				return nil, fail(fmt.Sprintf("representation %d", i+1), "%s", msg)
			}
			at := w.Len()
			w.U32(0)
			part1.WriteCapture(&w, v.Capture, rec.CertificationFlag != 0)
			w.U8(v.Position)
			w.U8(v.ViewNumber)
			w.U8(v.ScaleUnits)
			w.U16(v.ScanXRes)
			w.U16(v.ScanYRes)
			w.U16(v.XRes)
			w.U16(v.YRes)
			w.U8(v.BitDepth)
			w.U8(v.Compression)
			w.U8(v.Impression)
			w.U16(v.Width)
			w.U16(v.Height)
			w.U32(uint32(len(v.Image)))
			w.Bytes(v.Image)
			w.Bytes(v.Extended)
			part1.EndRep(&w, at, v.DeclaredLength)
		}
	default:
		return nil, iso.UnsupportedError(fmt.Sprintf("fir: format %s", f))
	}
	length := w.EndRecord(start, rec.Trailing, rec.DeclaredLength)
	if f == iso.FIR2011 {
		if length > 0xFFFFFFFF {
			return nil, fail("record length", "%d does not fit in 4 bytes", length)
		}
		w.PutU32(start+8, uint32(length))
	} else {
		w.PutU48(start+8, length)
	}
	return w.B, nil
}

type attr struct {
	scale              uint8
	sx, sy, x, y       uint16
	depth, compression uint8
}

func attrs(v *iso.FingerImageView) attr {
	return attr{v.ScaleUnits, v.ScanXRes, v.ScanYRes, v.XRes, v.YRes, v.BitDepth, v.Compression}
}
