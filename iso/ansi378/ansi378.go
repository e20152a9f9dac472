package ansi378

import (
	"fmt"
	"io"

	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/iso/internal/bin"
	"github.com/biogate/biogate/iso/internal/fmd"
)

// edition is the table of what differs between the editions.
type edition struct {
	magic     string
	header    int  // bytes in the record header
	longViews bool // 17-byte view headers (2007 draft, 2009)
	certByte  bool // 2009: certification byte and device ID instead of the equipment word
	rules     fmd.Rules
}

var editions = map[iso.Format]edition{
	iso.ANSI378v2004:    {"FMR\x00 20\x00", 26, false, false, fmd.Rules{MaxAngle: 179, CoreDelta: fmd.LayoutANSI}},
	iso.ANSI378v2007:    {"FMR\x00030\x00", 20, true, false, fmd.Rules{MaxAngle: 179, SpecialQuality: true, CoreDelta: fmd.LayoutANSI}},
	iso.ANSI378v2009:    {"FMR\x00030\x00", 21, true, true, fmd.Rules{MaxAngle: 179, SpecialQuality: true, CoreDelta: fmd.LayoutANSI}},
	iso.ANSI378v2009AM1: {"FMR\x00035\x00", 21, true, true, fmd.Rules{MaxAngle: 179, SpecialQuality: true, CoreDelta: fmd.LayoutANSI}},
}

// Decode decodes an INCITS 378 record of edition f. With opts.Lenient it
// returns the record together with an [iso.Problems] error listing the
// recoverable problems found.
func Decode(b []byte, f iso.Format, opts *iso.DecodeOptions) (*iso.MinutiaeRecord, error) {
	ed, ok := editions[f]
	if !ok {
		return nil, iso.UnsupportedError(fmt.Sprintf("ansi378: format %s", f))
	}
	r := bin.NewReader(b, f, opts)
	rec := &iso.MinutiaeRecord{Format: f}
	if f == iso.ANSI378v2004 {
		rec.Version20 = r.MagicFMR20()
	} else {
		r.Magic(ed.magic)
	}
	var length uint64
	header := ed.header
	if f == iso.ANSI378v2004 {
		length = uint64(r.U16("record length"))
		if length == 0 { // 6-byte form, 378-2004 clause 6.4.3
			rec.LongLength = true
			length = uint64(r.U32("record length"))
			header += 4
		}
	} else {
		length = uint64(r.U32("record length"))
	}
	rec.ProductOwner = r.U16("CBEFF product owner")
	rec.ProductType = r.U16("CBEFF product type")
	if ed.certByte {
		rec.DeviceCertification = r.U8("capture device certification")
		rec.DeviceID = r.U16("capture device type")
	} else {
		rec.Equipment = r.U16("capture equipment")
	}
	if !ed.longViews {
		rec.Width = r.U16("image width")
		rec.Height = r.U16("image height")
		rec.XRes = r.U16("x resolution")
		rec.YRes = r.U16("y resolution")
	}
	n := int(r.U8("number of finger views"))
	rec.Reserved = r.U8("reserved")
	if r.Failed() {
		return nil, r.Err
	}
	if length < uint64(header) {
		r.Problem(8, "record length", iso.ErrLength, "%d is shorter than the %d-byte header", length, header)
	}
	for i := 0; i < n && !r.Failed(); i++ {
		r.Scope = fmt.Sprintf("view %d", i+1)
		rec.Views = append(rec.Views, readView(r, rec, ed))
	}
	r.Scope = ""
	if !r.Failed() {
		rec.Trailing, rec.DeclaredLength = bin.Finish(r, length, "view")
	}
	return bin.Outcome(r, rec)
}

func readView(r *bin.Reader, rec *iso.MinutiaeRecord, ed edition) iso.MinutiaeView {
	var v iso.MinutiaeView
	off := r.Off
	v.Position = r.U8("finger position")
	if ed.longViews {
		v.ViewNumber = r.U8("view number")
		v.Impression = r.U8("impression type")
		v.Quality = r.U8("finger quality")
		v.QualityVendor = r.U16("quality algorithm vendor")
		v.QualityAlgorithm = r.U16("quality algorithm")
		v.Width = r.U16("image width")
		v.Height = r.U16("image height")
		v.XRes = r.U16("x resolution")
		v.YRes = r.U16("y resolution")
	} else {
		vi := r.U8("view number and impression type")
		v.ViewNumber, v.Impression = vi>>4, vi&0x0F
		v.Quality = r.U8("finger quality")
		v.Width, v.Height, v.XRes, v.YRes = rec.Width, rec.Height, rec.XRes, rec.YRes
	}
	n := int(r.U8("number of minutiae"))
	if r.Failed() {
		return v
	}
	if v.Quality > 100 && !(ed.rules.SpecialQuality && v.Quality >= 254) {
		r.Problem(off+2, "finger quality", iso.ErrRange, "%d out of range 0-100", v.Quality)
	}
	v.Minutiae = fmd.ReadMinutiae(r, n, 6, ed.rules)
	v.Extensions, v.ExtDeclaredLength = fmd.ReadExtended(r, ed.rules)
	return v
}

func encodeRecord(w io.Writer, r iso.Record, f iso.Format) error {
	rec, ok := r.(*iso.MinutiaeRecord)
	if !ok {
		return fmt.Errorf("ansi378: cannot encode %T", r)
	}
	return Encode(w, rec, f)
}

// Encode writes rec as an INCITS 378 record of edition f.
func Encode(w io.Writer, rec *iso.MinutiaeRecord, f iso.Format) error {
	b, err := Append(nil, rec, f)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// Append appends rec encoded as edition f to dst.
func Append(dst []byte, rec *iso.MinutiaeRecord, f iso.Format) ([]byte, error) {
	ed, ok := editions[f]
	if !ok {
		return nil, iso.UnsupportedError(fmt.Sprintf("ansi378: format %s", f))
	}
	fail := func(field, format string, args ...any) error {
		return &iso.FormatError{Format: f, Offset: -1, Field: field, Msg: fmt.Sprintf(format, args...), Err: iso.ErrRange}
	}
	if len(rec.Views) > 255 {
		return nil, fail("number of finger views", "%d does not fit in one byte", len(rec.Views))
	}
	wd, ht, xr, yr := rec.Width, rec.Height, rec.XRes, rec.YRes
	if !ed.longViews && wd|ht|xr|yr == 0 && len(rec.Views) > 0 {
		v := rec.Views[0]
		wd, ht, xr, yr = v.Width, v.Height, v.XRes, v.YRes
	}
	for i := range rec.Views {
		v := &rec.Views[i]
		where := fmt.Sprintf("view %d", i+1)
		if !ed.longViews && v.Width|v.Height|v.XRes|v.YRes != 0 && (v.Width != wd || v.Height != ht || v.XRes != xr || v.YRes != yr) {
			return nil, fail(where, "image size or resolution differs from the record header's; 378-2004 carries one per record")
		}
		if field, msg := fmd.CheckView(v, fmd.LayoutANSI, !ed.longViews); msg != "" {
			return nil, fail(where+field, "%s", msg)
		}
	}
	w := bin.Writer{B: dst}
	start := w.Len()
	if f == iso.ANSI378v2004 {
		w.MagicFMR20(rec.WrittenVersion20(f))
	} else {
		w.Bytes([]byte(ed.magic))
	}
	lenAt, long := w.Len(), false
	if f == iso.ANSI378v2004 {
		w.U16(0)
		if rec.LongLength || estimate(rec, ed) > 0xFFFF || rec.DeclaredLength > 0xFFFF {
			long = true
			w.U32(0)
		}
	} else {
		w.U32(0)
	}
	w.U16(rec.ProductOwner)
	w.U16(rec.ProductType)
	if ed.certByte {
		w.U8(rec.DeviceCertification)
		w.U16(rec.DeviceID)
	} else {
		w.U16(rec.Equipment)
	}
	if !ed.longViews {
		w.U16(wd)
		w.U16(ht)
		w.U16(xr)
		w.U16(yr)
	}
	w.U8(uint8(len(rec.Views)))
	w.U8(rec.Reserved)
	for i := range rec.Views {
		v := &rec.Views[i]
		w.U8(v.Position)
		if ed.longViews {
			w.U8(v.ViewNumber)
			w.U8(v.Impression)
			w.U8(v.Quality)
			w.U16(v.QualityVendor)
			w.U16(v.QualityAlgorithm)
			w.U16(v.Width)
			w.U16(v.Height)
			w.U16(v.XRes)
			w.U16(v.YRes)
		} else {
			w.U8(v.ViewNumber<<4 | v.Impression)
			w.U8(v.Quality)
		}
		w.U8(uint8(len(v.Minutiae)))
		fmd.WriteMinutiae(&w, v.Minutiae, 6)
		fmd.WriteExtended(&w, v.Extensions, v.ExtDeclaredLength, fmd.LayoutANSI)
	}
	length := w.EndRecord(start, rec.Trailing, rec.DeclaredLength)
	switch {
	case f != iso.ANSI378v2004 || long:
		if length > 0xFFFFFFFF {
			return nil, fail("record length", "%d does not fit in 4 bytes", length)
		}
		at := lenAt
		if long {
			at += 2
		}
		w.PutU32(at, uint32(length))
	default:
		w.PutU16(lenAt, uint16(length))
	}
	return w.B, nil
}

// estimate is the encoded size of rec, to choose 378-2004's length form.
func estimate(rec *iso.MinutiaeRecord, ed edition) int {
	n := ed.header + len(rec.Trailing)
	for i := range rec.Views {
		v := &rec.Views[i]
		e, _ := fmd.ExtendedLength(v.Extensions, fmd.LayoutANSI)
		n += 4 + 6*len(v.Minutiae) + e
	}
	return n
}
