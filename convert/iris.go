package convert

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/biogate/biogate/codec"
	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/nist"
)

// Iris ⇄ Type-17 (ANSI/NIST-ITL 1-2011 §8.17; ISO/IEC 19794-6:2005 clause
// 6.5, 2011 clause 6.4; STANDARDS.md §3.3).
//
//	17.003 FID ↔ eye (0 undefined, 1 right, 2 left; the same codes)
//	17.005 ICD ↔ 2011 capture date
//	17.006/007 HLL/VLL ↔ size (2005: the record's; 2011: each image's)
//	17.008-010: SLC 0, 1:1 (ISO iris images state no resolution)
//	17.011 CGA ↔ image format (codec); 17.012 BPX ↔ bit depth
//	17.013 CSP ↔ grey or RGB (the 2005 format codes tell them apart)
//	17.014 RAE / 17.015 RAU ↔ rotation angle and uncertainty, 4 hex digits,
//	  FFFF undefined (both standards use 65536 units per circle)
//	17.024 IQS ↔ quality (2005 one score, vendor unknown; 2011 blocks)
//	17.026 IRD ↔ 2005 expected iris diameter
//	17.999 ↔ image data

// IrisToType17 converts image (from 0) of an iris record into a new
// Type-17 record without an IDC.
func IrisToType17(src *iso.IrisRecord, image int, opts *ImageOptions) (*nist.Record, *Report, error) {
	if src == nil {
		return nil, nil, errors.New("convert: nil iris record")
	}
	rep := &Report{From: string(src.Format), To: "Type-17"}
	if src.Format.Kind() != iso.KindIris {
		return nil, rep, fmt.Errorf("convert: source format %q is not an iris format", src.Format)
	}
	if image < 0 || image >= len(src.Images) {
		return nil, rep, fmt.Errorf("convert: image %d selected, the record has %d", image, len(src.Images))
	}
	im := &src.Images[image]
	where := fmt.Sprintf("image %d", image+1)
	if len(src.Images) > 1 {
		rep.drop("other iris images", "", "a Type-17 record holds one image; image %d was converted", image+1)
	}
	is2005 := src.Format == iso.Iris2005
	format, w, h, depth := int(im.ImageFormat), int(im.Width), int(im.Height), int(im.BitDepth)
	rot, rotU := im.RollAngle, im.RollUncertainty
	if is2005 {
		format, w, h, depth = int(src.ImageFormat2005), int(src.Width), int(src.Height), int(src.BitDepth)
		rot, rotU = im.Rotation, im.RotationUncertainty
	}
	_, cga, err := compressionToCGA(codec.Edition(src.Format), format)
	if err != nil {
		return nil, rep, err
	}
	r := nist.NewRecord(17)
	r.Set(3, strconv.Itoa(int(im.Eye)))
	r.Set(4, opts.source(rep, "17.004"))
	setDate(r, 5, im.Capture, opts, rep, where)
	r.Set(6, strconv.Itoa(w))
	r.Set(7, strconv.Itoa(h))
	r.Set(8, "0")
	r.Set(9, "1")
	r.Set(10, "1")
	r.Set(11, cga)
	r.Set(12, strconv.Itoa(depth))
	csp := "GRAY"
	if is2005 && format%4 == 0 || !is2005 && depth >= 24 {
		csp = "RGB"
	}
	r.Set(13, csp)
	r.Set(14, fmt.Sprintf("%04X", rot))
	r.Set(15, fmt.Sprintf("%04X", rotU))
	switch {
	case is2005 && im.Quality != 0:
		r.SetSubfields(24, qualityItems("", iso.QualityBlock{Score: im.Quality}))
		rep.assume("quality algorithm", where, "19794-6:2005 does not name the algorithm of its quality; vendor 0000 and algorithm 0 written")
	case im.Capture != nil && len(im.Capture.Quality) > 0:
		subs := make([][]string, len(im.Capture.Quality))
		for i, q := range im.Capture.Quality {
			subs[i] = qualityItems("", q)
		}
		r.SetSubfields(24, subs...)
	}
	if is2005 && src.IrisDiameter != 0 {
		r.Set(26, strconv.Itoa(int(src.IrisDiameter)))
	}
	drops := []struct {
		what string
		v    int
	}{}
	if is2005 {
		drops = append(drops, struct {
			what string
			v    int
		}{"capture device ID", int(src.CaptureDeviceID)}, struct {
			what string
			v    int
		}{"image properties", int(src.ImageProperties)}, struct {
			what string
			v    int
		}{"image transformation", int(src.Transformation)})
		if src.DeviceUniqueID != [16]byte{} {
			rep.drop("device unique identifier", "", "%q: not carried", strings.TrimRight(string(src.DeviceUniqueID[:]), "\x00"))
		}
	} else {
		drops = append(drops, []struct {
			what string
			v    int
		}{{"image type", int(im.ImageType)}, {"image properties", int(im.Properties)}, {"intensity range", int(im.Range)},
			{"iris centre range", int(im.CentreSmallestX | im.CentreLargestX | im.CentreSmallestY | im.CentreLargestY)},
			{"iris diameter range", int(im.DiameterSmallest | im.DiameterLargest)}, {"bytes after the image", len(im.Extra)}}...)
		if c := im.Capture; c != nil && (c.DeviceTechnology != 0 || c.DeviceVendor != 0 || c.DeviceType != 0) {
			rep.drop("capture device", where, "technology %d, vendor 0x%04X, type 0x%04X: Type-17 has no numeric device fields", c.DeviceTechnology, c.DeviceVendor, c.DeviceType)
		}
	}
	for _, x := range drops {
		if x.v != 0 {
			rep.drop(x.what, where, "%d: Type-17 has no such field here", x.v)
		}
	}
	r.SetBinary(999, copyBytes(im.Image))
	return r, rep, nil
}

// Type17ToIris converts a Type-17 record into a one-image iris record of
// format to (19794-6:2005 or 2011), keeping the image bytes.
func Type17ToIris(t *nist.Transaction, r *nist.Record, to iso.Format) (*iso.IrisRecord, *Report, error) {
	if r == nil || r.Type != 17 {
		return nil, nil, errors.New("convert: not a Type-17 record")
	}
	rep := &Report{From: "Type-17", To: string(to)}
	if to.Kind() != iso.KindIris {
		return nil, rep, fmt.Errorf("convert: target format %q is not an iris format", to)
	}
	is2005 := to == iso.Iris2005
	_, code, err := cgaToISO(r.Text(11), codec.Edition(to))
	if err != nil {
		return nil, rep, err
	}
	bpx, _ := intField(r, 12)
	if is2005 && r.Text(13) == "RGB" {
		code += 2 // 19794-6:2005: the RGB code follows the mono one
	}
	w, _ := intField(r, 6)
	h, _ := intField(r, 7)
	eye, _ := intField(r, 3)
	var im iso.IrisImage
	im.Eye, im.Number = uint8(eye), 1
	hex := func(n int) uint16 {
		s := r.Text(n)
		if s == "" {
			return 0xFFFF
		}
		v, err := strconv.ParseUint(s, 16, 16)
		if err != nil {
			rep.drop(nist.FieldTag(17, n), "", "%q is not 4 hex digits; undefined (FFFF) written", s)
			return 0xFFFF
		}
		return uint16(v)
	}
	rot, rotU := hex(14), hex(15)
	qs := readQualityItems(r.Field(24), 0)
	dt, hasDate := readDate(r, 5)
	rec := &iso.IrisRecord{Format: to}
	if is2005 {
		rec.ImageFormat2005, rec.Width, rec.Height, rec.BitDepth = uint16(code), uint16(w), uint16(h), uint8(bpx)
		im.Rotation, im.RotationUncertainty = rot, rotU
		if d, ok := intField(r, 26); ok {
			rec.IrisDiameter = uint16(d)
		}
		if len(qs) > 0 {
			im.Quality = qs[0].Score
			if qs[0].Vendor|qs[0].Algorithm != 0 || len(qs) > 1 {
				rep.drop("quality algorithm (17.024 IQS)", "", "19794-6:2005 holds one score and no algorithm")
			}
		}
		if hasDate {
			rep.drop("capture date (17.005 ICD)", "", "19794-6:2005 has no capture date")
		}
	} else {
		im.ImageFormat, im.Width, im.Height, im.BitDepth = uint8(code), uint16(w), uint16(h), uint8(bpx)
		im.RollAngle, im.RollUncertainty = rot, rotU
		im.Number = 0
		im.Capture = &iso.Capture{DateTime: dt, Quality: qs}
		rec.EyesPresent = 1
		if _, ok := intField(r, 26); ok {
			rep.drop("iris diameter (17.026 IRD)", "", "19794-6:2011 gives diameter ranges, not an expected diameter")
		}
	}
	if src := r.Text(4); src != "" {
		rep.drop("source agency (17.004 SRC)", "", "%q: ISO/IEC 19794-6 names no agency", src)
	}
	if slc := r.Text(8); slc != "" && slc != "0" {
		rep.drop("image resolution (17.008-17.010)", "", "%s states no resolution", to)
	}
	unmapped(rep, r, string(to), 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 24, 26, 999)
	if f := r.Field(999); f != nil {
		im.Image = copyBytes(f.Value)
	}
	rec.Images = []iso.IrisImage{im}
	return rec, rep, nil
}
