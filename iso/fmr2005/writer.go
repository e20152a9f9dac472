package fmr2005

import (
	"fmt"
	"io"

	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/iso/internal/bin"
	"github.com/biogate/biogate/iso/internal/fmd"
)

// Encode writes rec as an ISO/IEC 19794-2:2005 record. Image size and
// resolution come from the record header fields when set, else from the
// first view; every view must agree with them.
func Encode(w io.Writer, rec *iso.MinutiaeRecord) error {
	b, err := Append(nil, rec)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

func encodeRecord(w io.Writer, r iso.Record) error {
	rec, ok := r.(*iso.MinutiaeRecord)
	if !ok {
		return fmt.Errorf("fmr2005: cannot encode %T", r)
	}
	return Encode(w, rec)
}

func encErr(field, format string, args ...any) error {
	return &iso.FormatError{Format: iso.FMR2005, Offset: -1, Field: field, Msg: fmt.Sprintf(format, args...), Err: iso.ErrRange}
}

// HeaderImage returns the image size and resolution a record-level edition
// writes: the record's own when any is set, else the first view's.
func HeaderImage(rec *iso.MinutiaeRecord) (wd, ht, xr, yr uint16) {
	if rec.Width|rec.Height|rec.XRes|rec.YRes != 0 || len(rec.Views) == 0 {
		return rec.Width, rec.Height, rec.XRes, rec.YRes
	}
	v := rec.Views[0]
	return v.Width, v.Height, v.XRes, v.YRes
}

// Append appends the encoded record to dst.
func Append(dst []byte, rec *iso.MinutiaeRecord) ([]byte, error) {
	if len(rec.Views) > 255 {
		return nil, encErr("number of finger views", "%d does not fit in one byte", len(rec.Views))
	}
	wd, ht, xr, yr := HeaderImage(rec)
	for i := range rec.Views {
		v := &rec.Views[i]
		where := fmt.Sprintf("view %d", i+1)
		if v.Width|v.Height|v.XRes|v.YRes != 0 && (v.Width != wd || v.Height != ht || v.XRes != xr || v.YRes != yr) {
			return nil, encErr(where, "image size or resolution differs from the record header's; 19794-2:2005 carries one per record")
		}
		if field, msg := fmd.CheckView(v, fmd.LayoutISO, true); msg != "" {
			return nil, encErr(where+field, "%s", msg)
		}
	}
	w := bin.Writer{B: dst}
	start := w.Len()
	w.MagicFMR20(rec.WrittenVersion20(iso.FMR2005))
	w.U32(0)
	w.U16(rec.Equipment)
	w.U16(wd)
	w.U16(ht)
	w.U16(xr)
	w.U16(yr)
	w.U8(uint8(len(rec.Views)))
	w.U8(rec.Reserved)
	for i := range rec.Views {
		v := &rec.Views[i]
		w.U8(v.Position)
		w.U8(v.ViewNumber<<4 | v.Impression)
		w.U8(v.Quality)
		w.U8(uint8(len(v.Minutiae)))
		fmd.WriteMinutiae(&w, v.Minutiae, 6)
		fmd.WriteExtended(&w, v.Extensions, v.ExtDeclaredLength, fmd.LayoutISO)
	}
	length := w.EndRecord(start, rec.Trailing, rec.DeclaredLength)
	if length > 0xFFFFFFFF {
		return nil, encErr("record length", "%d does not fit in 4 bytes", length)
	}
	w.PutU32(start+8, uint32(length))
	return w.B, nil
}
