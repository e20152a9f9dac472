package source

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // header-only reader for checkHeader
	_ "image/png"

	"github.com/biogate/biogate/codec"
	"github.com/biogate/biogate/convert"
	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/nist"
)

// frictionRidgeTypes are the record types holding a friction-ridge image
// to extract minutiae from: Type-3 and 4 (grey fingerprints, low and high
// resolution), 13 (latent), 14 (fingerprint), 15 (palm).
var frictionRidgeTypes = map[int]bool{3: true, 4: true, 13: true, 14: true, 15: true}

// FromTransaction reads the image of every friction-ridge image record of
// t (Types 3, 4, 13, 14, 15), in file order. Positions come from FGP,
// impressions from IMP, resolutions from SLC/THPS (tagged records) or
// 1.012 NTR (binary records). Errors are as for [Load].
func FromTransaction(t *nist.Transaction, o *Options) ([]Finger, error) {
	var out []Finger
	var errs []error
	for i, r := range t.Records {
		if !frictionRidgeTypes[r.Type] {
			continue
		}
		im, _ := t.ImageOf(r)
		idc, _ := im.IDC()
		where := fmt.Sprintf("record %d (Type-%d, IDC %d)", i+1, r.Type, idc)
		fg, err := fromRecordImage(im, o)
		if err != nil {
			errs = append(errs, &Error{Where: where, Err: err})
			continue
		}
		fg.Where, fg.Format, fg.IDC = where, "an2", idc
		out = append(out, fg)
	}
	if len(out) == 0 && len(errs) == 0 {
		return nil, ErrNoImage
	}
	return out, errors.Join(errs...)
}

func fromRecordImage(im nist.Image, o *Options) (Finger, error) {
	fg := Finger{Impression: -1, Data: im.Data(), Compression: codec.Sniff(im.Data())}
	w, okw := im.Width()
	h, okh := im.Height()
	if okw && okh && w > 0 && h > 0 && w*h > o.maxPixels() {
		return fg, fmt.Errorf("%d×%d pixels: more than the %d accepted", w, h, o.maxPixels())
	}
	if err := checkHeader(im.Data(), o.maxPixels()); err != nil {
		return fg, err
	}
	m, err := convert.RecordImage(im)
	if err != nil {
		return fg, err
	}
	if fg.Image, err = toGray(m, &fg); err != nil {
		return fg, err
	}
	if p := im.Positions(); len(p) > 0 {
		fg.Position = p[0]
	}
	if imp, ok := im.Impression(); ok {
		fg.Impression = imp
	}
	res, ok := im.Resolution()
	hr, vr, okr := res.PerMillimetre()
	switch {
	case !ok || !okr || hr <= 0:
		fg.PPI = DefaultPPI
		fg.Notes = append(fg.Notes, ppiNote("the record states only a pixel aspect ratio or no resolution"))
	default:
		fg.PPI, fg.PPIStated = hr*25.4, true
		if vr > 0 && vr != hr {
			fg.Notes = append(fg.Notes, fmt.Sprintf("vertical resolution %.2f ppi differs from the horizontal %.2f; the horizontal is used", vr*25.4, fg.PPI))
		}
	}
	return fg, nil
}

// FromRecord reads every view of an ISO/IEC 19794-4 or INCITS 381 finger
// image record. Errors are as for [Load].
func FromRecord(rec *iso.FingerImageRecord, o *Options) ([]Finger, error) {
	var out []Finger
	var errs []error
	for i := range rec.Views {
		v := &rec.Views[i]
		where := fmt.Sprintf("view %d", i+1)
		fg, err := fromView(rec.Format, v, o)
		if err != nil {
			errs = append(errs, &Error{Where: where, Err: err})
			continue
		}
		fg.Where, fg.Format = where, string(rec.Format)
		out = append(out, fg)
	}
	if len(out) == 0 && len(errs) == 0 {
		return nil, ErrNoImage
	}
	return out, errors.Join(errs...)
}

func fromView(f iso.Format, v *iso.FingerImageView, o *Options) (Finger, error) {
	fg := Finger{Position: int(v.Position), Impression: int(v.Impression), Data: v.Image, IDC: -1}
	if int(v.Width)*int(v.Height) > o.maxPixels() {
		return fg, fmt.Errorf("%d×%d pixels: more than the %d accepted", v.Width, v.Height, o.maxPixels())
	}
	c, ok := codec.FromISO(codec.Edition(f), int(v.Compression))
	if !ok {
		return fg, fmt.Errorf("compression code %d is not in %s's table", v.Compression, f)
	}
	fg.Compression = c
	var raw *codec.RawLayout
	if c == codec.None || c == codec.NoneBitPacked {
		raw = &codec.RawLayout{Width: int(v.Width), Height: int(v.Height), Depth: int(v.BitDepth)}
	}
	if err := checkHeader(v.Image, o.maxPixels()); err != nil {
		return fg, err
	}
	m, err := codec.Decode(v.Image, c, raw)
	if err != nil {
		return fg, err
	}
	if fg.Image, err = toGray(m, &fg); err != nil {
		return fg, err
	}
	// Scale units: 1 pixels per inch, 2 pixels per centimetre
	// (19794-4:2005 clause 8.3.4; 2011 clause 8.3.8).
	switch {
	case v.XRes > 0 && v.ScaleUnits == 1:
		fg.PPI, fg.PPIStated = float64(v.XRes), true
	case v.XRes > 0 && v.ScaleUnits == 2:
		fg.PPI, fg.PPIStated = float64(v.XRes)*2.54, true
	default:
		fg.PPI = DefaultPPI
		fg.Notes = append(fg.Notes, ppiNote(fmt.Sprintf("scale units %d, resolution %d", v.ScaleUnits, v.XRes)))
	}
	if fg.PPIStated && v.YRes != v.XRes {
		fg.Notes = append(fg.Notes, fmt.Sprintf("vertical resolution %d differs from the horizontal %d; the horizontal is used", v.YRes, v.XRes))
	}
	return fg, nil
}

// checkHeader refuses compressed image data whose own header (WSQ, JPEG,
// PNG: the formats with a header-only reader) declares more than
// maxPixels, whatever the record's HLL and VLL say, before it is decoded.
func checkHeader(data []byte, maxPixels int) error {
	switch codec.Sniff(data) {
	case codec.WSQ20, codec.JPEGB, codec.PNG:
		cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return nil // the decoder says what is wrong
		}
		if cfg.Width*cfg.Height > maxPixels {
			return fmt.Errorf("the image data declares %d×%d pixels: more than the %d accepted", cfg.Width, cfg.Height, maxPixels)
		}
	}
	return nil
}
