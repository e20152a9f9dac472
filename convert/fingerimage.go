package convert

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/biogate/biogate/codec"
	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/nist"
)

// Finger image ⇄ Type-14 and Type-4 (STANDARDS.md §9.4, ANSI/NIST-ITL
// 1-2011 §8.14 and §8.4, ISO/IEC 19794-4 clause 8). The image bytes are
// copied as they are; the compression code is translated through package
// codec, never copied as a number (FIR 2 is WSQ, GCA 1 is WSQ).

// FingerImageToType14 converts view (from 0) of a finger image record into
// a new Type-14 record without an IDC:
//
//	14.003 IMP ← impression type      14.011 CGA ← compression (codec)
//	14.004 SRC ← opts.Source          14.012 BPX ← bit depth
//	14.005 FCD ← 2011 capture date    14.013 FGP ← finger position
//	14.006/007 HLL/VLL ← size         14.016/017 SHPS/SVPS ← scan resolution
//	14.008 SLC ← scale units (1 ppi, 2 ppcm; the same codes)
//	14.009/010 THPS/TVPS ← image resolution
//	14.024 FQM ← view quality (2005) or quality blocks (2011)
//	14.999 ← image data
func FingerImageToType14(src *iso.FingerImageRecord, view int, opts *ImageOptions) (*nist.Record, *Report, error) {
	v, rep, ed, err := fingerView(src, view, "Type-14")
	if err != nil {
		return nil, rep, err
	}
	_, cga, err := compressionToCGA(ed, int(v.Compression))
	if err != nil {
		return nil, rep, err
	}
	where := viewName(src.Format, view)
	r := nist.NewRecord(14)
	r.Set(3, strconv.Itoa(int(v.Impression)))
	r.Set(4, opts.source(rep, "14.004"))
	setDate(r, 5, v.Capture, opts, rep, where)
	r.Set(6, strconv.Itoa(int(v.Width)))
	r.Set(7, strconv.Itoa(int(v.Height)))
	scale := int(v.ScaleUnits)
	if scale != 1 && scale != 2 {
		rep.approx("scale units", where, 0, "%d is neither 1 (ppi) nor 2 (ppcm); 14.008 SLC 0 (aspect ratio only) written", scale)
		scale = 0
	}
	r.Set(8, strconv.Itoa(scale))
	r.Set(9, strconv.Itoa(int(v.XRes)))
	r.Set(10, strconv.Itoa(int(v.YRes)))
	r.Set(11, cga)
	r.Set(12, strconv.Itoa(int(v.BitDepth)))
	pos := strconv.Itoa(int(v.Position))
	r.Set(13, pos)
	if v.ScanXRes != 0 || v.ScanYRes != 0 {
		r.Set(16, strconv.Itoa(int(v.ScanXRes)))
		r.Set(17, strconv.Itoa(int(v.ScanYRes)))
	}
	if qs := fingerQuality(src, v, rep, where); len(qs) > 0 {
		var subs [][]string
		for _, q := range qs {
			// 14.024 FQM names the algorithm (QAP 1-65535, 2011 Table
			// 31); a score without one (the 2005 view quality) has no
			// place there.
			if q.Algorithm == 0 {
				rep.drop("finger quality", where, "score %d names no quality algorithm, which 14.024 FQM requires (QAP 1-65535)", q.Score)
				continue
			}
			subs = append(subs, qualityItems(pos, q))
		}
		if len(subs) > 0 {
			r.SetSubfields(24, subs...)
		}
	}
	r.SetBinary(999, copyBytes(v.Image))
	return r, rep, nil
}

// FingerImageToType4 converts view (from 0) of a finger image record into
// a new binary Type-4 record without an IDC: 4.003 IMP, 4.004 FGP (the
// position, then 255 for unused), 4.005 ISR, 4.006/007 HLL/VLL, 4.008 GCA
// and the data. Type-4 carries 8-bit grey images transmitted at 1.012 NTR
// (about 500 ppi, ANSI/NIST-ITL 1-2011 §8.4): ISR is 0 when the image is
// at 500 ppi ± 1 %, else 1, and the image's own resolution is reported
// as dropped, as are its quality, date and device.
func FingerImageToType4(src *iso.FingerImageRecord, view int, opts *ImageOptions) (*nist.Record, *Report, error) {
	v, rep, ed, err := fingerView(src, view, "Type-4")
	if err != nil {
		return nil, rep, err
	}
	c, ok := codec.FromISO(ed, int(v.Compression))
	gca, ok2 := c.GCA()
	if !ok || !ok2 {
		return nil, rep, fmt.Errorf("convert: compression code %d of %s has no Type-4 GCA; transcode the image first", v.Compression, ed)
	}
	if v.BitDepth != 8 {
		return nil, rep, fmt.Errorf("convert: Type-4 holds 8-bit grey images; the image has %d bits per pixel", v.BitDepth)
	}
	where := viewName(src.Format, view)
	r := nist.NewRecord(4)
	r.Set(3, strconv.Itoa(int(v.Impression)))
	if v.Impression > 3 {
		rep.approx("impression type", where, 0, "%d is not a Type-4 code (0-3); written as it is", v.Impression)
	}
	r.SetSubfields(4, []string{strconv.Itoa(int(v.Position)), "255", "255", "255", "255", "255"})
	ppi := resolutionPPI(int(v.ScaleUnits), int(v.XRes))
	isr := "1"
	if math.Abs(ppi-500) <= 5 {
		isr = "0"
	} else {
		rep.drop("image resolution", where, "%.0f ppi: Type-4 states none; readers take 1.012 NTR (ISR 1 written)", ppi)
	}
	r.Set(5, isr)
	if v.XRes != v.YRes {
		rep.drop("vertical resolution", where, "Type-4 assumes square pixels")
	}
	r.Set(6, strconv.Itoa(int(v.Width)))
	r.Set(7, strconv.Itoa(int(v.Height)))
	r.Set(8, strconv.Itoa(gca))
	r.SetBinary(9, copyBytes(v.Image))
	if qs := fingerQuality(src, v, rep, where); len(qs) > 0 {
		rep.drop("finger quality", where, "Type-4 has no quality field")
	}
	if v.Capture != nil && v.Capture.DateTime.Year != 0xFFFF {
		rep.drop("capture date", where, "Type-4 has no date field")
	}
	return r, rep, nil
}

// resolutionPPI is a resolution in pixels per inch.
func resolutionPPI(scale, res int) float64 {
	if scale == 2 {
		return float64(res) * 2.54
	}
	return float64(res)
}

// fingerView checks the record and view, reports what no ANSI/NIST
// finger image record holds, and returns the view with the record-level
// attributes filled in.
func fingerView(src *iso.FingerImageRecord, view int, target string) (*iso.FingerImageView, *Report, codec.Edition, error) {
	if src == nil {
		return nil, nil, "", errors.New("convert: nil finger image record")
	}
	rep := &Report{From: string(src.Format), To: target}
	if src.Format.Kind() != iso.KindFingerImage {
		return nil, rep, "", fmt.Errorf("convert: source format %q is not a finger image format", src.Format)
	}
	if view < 0 || view >= len(src.Views) {
		return nil, rep, "", fmt.Errorf("convert: view %d selected, the record has %d", view, len(src.Views))
	}
	v := src.Views[view]
	if v.ScaleUnits == 0 && v.XRes == 0 && v.BitDepth == 0 {
		v.ScaleUnits, v.ScanXRes, v.ScanYRes, v.XRes, v.YRes, v.BitDepth, v.Compression =
			src.ScaleUnits, src.ScanXRes, src.ScanYRes, src.XRes, src.YRes, src.BitDepth, src.Compression
	}
	where := viewName(src.Format, view)
	if len(src.Views) > 1 {
		rep.drop("other finger views", "", "an ANSI/NIST image record holds one image; view %d was converted", view+1)
	}
	if src.ProductOwner|src.ProductType != 0 {
		rep.drop("CBEFF product identifier", "", "ANSI/NIST image records have none")
	}
	if src.Equipment != 0 {
		rep.drop("capture device ID", "", "0x%04X: ANSI/NIST finger image records have no numeric device field", src.Equipment)
	}
	if src.AcquisitionLevel != 0 {
		rep.drop("image acquisition level", "", "%d: ANSI/NIST has no such field", src.AcquisitionLevel)
	}
	if c := v.Capture; c != nil {
		if c.DeviceVendor != 0 || c.DeviceType != 0 || c.DeviceTechnology != 0 {
			rep.drop("capture device", where, "technology %d, vendor 0x%04X, type 0x%04X: ANSI/NIST finger image records have no numeric device fields", c.DeviceTechnology, c.DeviceVendor, c.DeviceType)
		}
		if len(c.Certifications) > 0 {
			rep.drop("certification blocks", where, "ANSI/NIST has no such field")
		}
	}
	if len(v.Extended) > 0 {
		rep.drop("extended data blocks", where, "%d bytes (segmentation, annotation, comment or vendor blocks): not carried", len(v.Extended))
	}
	if len(src.Trailing) > 0 {
		rep.drop("bytes after the last view", "", "%d bytes are not carried", len(src.Trailing))
	}
	return &v, rep, codec.Edition(src.Format), nil
}

// fingerQuality returns the view's quality as quality blocks: 2011 blocks
// as they are, a 2005/2004 view quality (0-100; 254 undefined) as one
// block whose vendor and algorithm are unknown (0, reported).
func fingerQuality(src *iso.FingerImageRecord, v *iso.FingerImageView, rep *Report, where string) []iso.QualityBlock {
	if src.Format == iso.FIR2011 {
		if v.Capture == nil {
			return nil
		}
		return v.Capture.Quality
	}
	if v.Quality == 254 {
		return nil
	}
	rep.assume("quality algorithm", where, "19794-4:2005 does not name the algorithm of its view quality; vendor 0000 and algorithm 0 written")
	return []iso.QualityBlock{{Score: v.Quality}}
}

// Type14ToFingerImage converts a finger image record of transaction t —
// Type-14, or binary Type-4 (whose resolution comes from Type-1 NTR) —
// into a one-view finger image record of format to (19794-4:2005,
// 19794-4:2011 or INCITS 381-2004), keeping the image bytes. The mapping
// is that of [FingerImageToType14] read backwards; a 2005/2004 view is
// numbered 1 of 1 and a 2011 representation 0 (as the corpus samples
// have them); a Type-14 without 14.024 FQM gets view quality 254
// (undefined), and 14.022 NQM (NFIQ 1-5) has no mapping onto 0-100.
func Type14ToFingerImage(t *nist.Transaction, r *nist.Record, to iso.Format) (*iso.FingerImageRecord, *Report, error) {
	if r == nil {
		return nil, nil, errors.New("convert: nil record")
	}
	rep := &Report{From: fmt.Sprintf("Type-%d", r.Type), To: string(to)}
	if to.Kind() != iso.KindFingerImage {
		return nil, rep, fmt.Errorf("convert: target format %q is not a finger image format", to)
	}
	if r.Type != 14 && r.Type != 4 && r.Type != 3 && r.Type != 13 && r.Type != 15 {
		return nil, rep, fmt.Errorf("convert: a Type-%d record is not a friction ridge image", r.Type)
	}
	if t == nil {
		t = &nist.Transaction{Records: []*nist.Record{r}}
	}
	im, _ := t.ImageOf(r)
	ed := codec.Edition(to)
	v := iso.FingerImageView{ViewCount: 1, ViewNumber: 1, Quality: 254}
	if to == iso.FIR2011 {
		v.ViewCount, v.ViewNumber = 0, 0
	}
	pos := im.Positions()
	if len(pos) > 0 {
		v.Position = uint8(pos[0])
		if len(pos) > 1 {
			rep.drop("finger positions", "", "%v after the first: a finger image view has one position", pos[1:])
		}
	}
	if imp, ok := im.Impression(); ok {
		v.Impression = uint8(imp)
	}
	w, _ := im.Width()
	h, _ := im.Height()
	v.Width, v.Height = uint16(w), uint16(h)
	bpx, ok := im.BitsPerPixel()
	if !ok {
		rep.assume("bit depth", "", "the record states none; 8 written")
		bpx = 8
	}
	v.BitDepth = uint8(bpx)
	res, ok := im.Resolution()
	switch {
	case ok && res.Unit == nist.PixelsPerInch || ok && res.Unit == nist.PixelsPerCentimetre:
		v.ScaleUnits, v.XRes, v.YRes = uint8(res.Unit), uint16(res.Horizontal), uint16(res.Vertical)
	case ok && res.Unit == nist.PixelsPerMillimetre:
		// Binary records: 1.012 NTR in ppmm, written in ppi (19.69 → 500).
		v.ScaleUnits = 1
		v.XRes, v.YRes = uint16(res.Horizontal*25.4+0.5), uint16(res.Vertical*25.4+0.5)
		if r.Text(5) == "0" && v.XRes != 500 {
			rep.approx("image resolution", "", 0, "ISR 0 (minimum scanning resolution) read from NTR as %d ppi", v.XRes)
		}
	default:
		rep.assume("image resolution", "", "%s SLC is 0 (aspect ratio only) or absent; 500 ppi written", nist.FieldTag(r.Type, 8))
		v.ScaleUnits, v.XRes, v.YRes = 1, 500, 500
	}
	v.ScanXRes, v.ScanYRes = v.XRes, v.YRes
	if sh, ok := intField(r, 16); ok && r.Type != 4 && r.Type != 3 {
		v.ScanXRes = uint16(sh)
		if sv, ok := intField(r, 17); ok {
			v.ScanYRes = uint16(sv)
		}
	}
	comp, ok := im.Compression()
	if !ok {
		return nil, rep, fmt.Errorf("convert: %s gives no compression", nist.FieldTag(r.Type, 11))
	}
	_, code, err := cgaToISO(string(comp), ed)
	if err != nil {
		return nil, rep, err
	}
	v.Compression = uint8(code)
	// Quality: 14.024 FQM (13.024 LQM, 15.024 PQM) for this position.
	var qs []iso.QualityBlock
	if f := r.Field(24); f != nil && r.Type != 4 && r.Type != 3 {
		for _, s := range f.Subfields() {
			if len(s) > 0 && (s[0] == strconv.Itoa(int(v.Position)) || len(pos) == 0) {
				fs := &nist.Field{Value: []byte(joinItems(s))}
				qs = append(qs, readQualityItems(fs, 1)...)
			}
		}
	}
	if f := r.Field(22); f != nil && r.Type == 14 {
		rep.drop("NIST fingerprint image quality (14.022 NQM)", "", "NFIQ 1-5 has no standard mapping onto 19794-4's 0-100")
	}
	dt, hasDate := readDate(r, 5)
	if to == iso.FIR2011 {
		v.Capture = &iso.Capture{DateTime: dt, Quality: qs}
	} else {
		if len(qs) > 0 {
			v.Quality = qs[0].Score
			if qs[0].Vendor != 0 || qs[0].Algorithm != 0 {
				rep.drop("quality algorithm", "", "vendor %04X, algorithm %d: %s has no place for them", qs[0].Vendor, qs[0].Algorithm, to)
			}
			if len(qs) > 1 {
				rep.drop("quality scores", "", "%d after the first: %s has one per view", len(qs)-1, to)
			}
		}
		if hasDate {
			rep.drop("capture date ("+nist.FieldTag(r.Type, 5)+")", "", "%s has no capture date", to)
		}
	}
	v.Image = copyBytes(im.Data())
	if r.Type == 4 || r.Type == 3 {
		// 4.005 ISR is read through Resolution; the other elements map.
		unmapped(rep, r, string(to), 3, 4, 5, 6, 7, 8, 9)
	} else {
		if src := r.Text(4); src != "" {
			rep.drop("source agency ("+nist.FieldTag(r.Type, 4)+" SRC)", "", "%q: ISO/IEC 19794-4 names no agency", src)
		}
		unmapped(rep, r, string(to), 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 16, 17, 22, 24, 999)
	}
	rec := &iso.FingerImageRecord{Format: to, Views: []iso.FingerImageView{v}}
	if to == iso.FIR2011 {
		rec.FingersPresent = 1
	} else {
		rec.ScaleUnits, rec.ScanXRes, rec.ScanYRes, rec.XRes, rec.YRes, rec.BitDepth, rec.Compression =
			v.ScaleUnits, v.ScanXRes, v.ScanYRes, v.XRes, v.YRes, v.BitDepth, v.Compression
	}
	return rec, rep, nil
}

func joinItems(s []string) string {
	b := []byte{}
	for i, it := range s {
		if i > 0 {
			b = append(b, nist.US)
		}
		b = append(b, it...)
	}
	return string(b)
}
