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

// Face ⇄ Type-10 (STANDARDS.md §9.5; ANSI/NIST-ITL 1-2011 §8.10; ISO/IEC
// 19794-5:2005 clause 5, 2011 clause 5).
//
//	10.003 IMT = FACE                 10.012 CSP ↔ colour space
//	10.005 PHD ↔ 2011 capture date    10.013 SAP ↔ face image type
//	10.006/007 HLL/VLL ↔ size         10.023 PAS ↔ source type (2005) or
//	10.008-010: SLC 0, 1:1 (ISO             device technology (2011)
//	  faces state no resolution)      10.024 SQS ↔ 2011 quality blocks
//	10.011 CGA ↔ image data type      10.025 SPA ↔ pose angles
//	10.027 SEC / 10.028 SHC ↔ eye and hair colour (ISO tables)
//	10.029 FFP ↔ feature points       10.999 ↔ image data
//
// Pose: 19794-5:2005 clause 5.5.7 stores each angle as 0 (unspecified) or
// 1-181; this package reads v as (v-91)·2 degrees and writes
// round(deg/2)+91 (STANDARDS.md marks that reading UNVERIFIED).

var (
	// colour spaces, 19794-5:2005 Table 12 and 2011 Table 14 → CSP.
	faceCSP = map[uint8]string{0: "UNK", 1: "RGB", 2: "YCC", 3: "GRAY"}
	// PAS strings (ANSI/NIST-ITL 2011 Table 25) by 19794-5 source type.
	facePAS = []string{"UNSPECIFIED", "UNKNOWN PHOTO", "DIGITAL CAMERA", "SCANNER", "UNKNOWN VIDEO", "ANALOGUE VIDEO", "DIGITAL VIDEO"}
	// eye and hair colour: ISO codes (JMRTD, STANDARDS.md §8.3) ↔ Table 22/23 strings.
	faceEye  = map[uint8]string{1: "BLK", 2: "BLU", 3: "BRO", 4: "GRY", 5: "GRN", 6: "MUL", 7: "PNK", 0xFF: "XXX"}
	faceHair = map[uint8]string{1: "BAL", 2: "BLK", 3: "BLN", 4: "BRO", 5: "GRY", 6: "WHI", 7: "RED", 8: "GRN", 9: "BLU", 0xFF: "XXX"}
)

// FaceToType10 converts image (from 0) of a face record into a new
// Type-10 record without an IDC.
func FaceToType10(src *iso.FaceRecord, image int, opts *ImageOptions) (*nist.Record, *Report, error) {
	if src == nil {
		return nil, nil, errors.New("convert: nil face record")
	}
	rep := &Report{From: string(src.Format), To: "Type-10"}
	if src.Format.Kind() != iso.KindFace {
		return nil, rep, fmt.Errorf("convert: source format %q is not a face format", src.Format)
	}
	if image < 0 || image >= len(src.Images) {
		return nil, rep, fmt.Errorf("convert: image %d selected, the record has %d", image, len(src.Images))
	}
	im := &src.Images[image]
	where := fmt.Sprintf("image %d", image+1)
	if len(src.Images) > 1 {
		rep.drop("other facial images", "", "a Type-10 record holds one image; image %d was converted", image+1)
	}
	ed := codec.Edition(src.Format)
	_, cga, err := compressionToCGA(ed, int(im.ImageDataType))
	if err != nil {
		return nil, rep, err
	}
	is2011 := src.Format == iso.Face2011
	r := nist.NewRecord(10)
	r.Set(3, "FACE")
	r.Set(4, opts.source(rep, "10.004"))
	setDate(r, 5, im.Capture, opts, rep, where)
	r.Set(6, strconv.Itoa(int(im.Width)))
	r.Set(7, strconv.Itoa(int(im.Height)))
	r.Set(8, "0")
	r.Set(9, "1")
	r.Set(10, "1")
	r.Set(11, cga)
	csp, ok := faceCSP[im.ColourSpace]
	switch {
	case ok:
	case is2011 && im.ColourSpace == 4:
		csp = "RGB"
		rep.approx("colour space", where, 0, "48-bit RGB written as RGB")
	case is2011 && im.ColourSpace == 5:
		csp = "GRAY"
		rep.approx("colour space", where, 0, "16-bit grey written as GRAY")
	default:
		csp = "UNK"
		rep.approx("colour space", where, 0, "code %d has no CSP; UNK written", im.ColourSpace)
	}
	r.Set(12, csp)
	switch im.ImageType {
	case 1:
		r.Set(13, "13")
	case 2:
		r.Set(13, "14")
	case 0:
		r.Set(13, "0")
		rep.approx("face image type", where, 0, "basic (0) has no subject acquisition profile; 10.013 SAP 0 (unknown) written")
	default:
		r.Set(13, "0")
		rep.approx("face image type", where, 0, "code %d has no subject acquisition profile; 10.013 SAP 0 (unknown) written", im.ImageType)
	}
	// Capture device: 2005 source type or 2011 device technology → PAS.
	st := im.SourceType
	if is2011 && im.Capture != nil {
		st = im.Capture.DeviceTechnology
	}
	switch {
	case int(st) < len(facePAS):
		r.Set(23, facePAS[st])
	default:
		r.Set(23, "UNSPECIFIED")
		rep.approx("source type", where, 0, "code %d (unknown or vendor) written as UNSPECIFIED", st)
	}
	if im.DeviceType != 0 {
		rep.drop("capture device type", where, "0x%04X: Type-10 has no numeric device field", im.DeviceType)
	}
	if im.Capture != nil && (im.Capture.DeviceVendor != 0 || im.Capture.DeviceType != 0) {
		rep.drop("capture device vendor and type", where, "Type-10 has no numeric device fields")
	}
	if im.Quality != 0 {
		rep.drop("image quality", where, "%d: the 2005 quality is vendor-defined and has no Type-10 field", im.Quality)
	}
	if im.Capture != nil && len(im.Capture.Quality) > 0 {
		subs := make([][]string, len(im.Capture.Quality))
		for i, q := range im.Capture.Quality {
			subs[i] = qualityItems("", q)
		}
		r.SetSubfields(24, subs...)
	}
	if p := im.Pose; p != [3]uint8{} {
		items := make([]string, 3)
		for i, a := range p {
			if a == 0 {
				items[i] = ""
				continue
			}
			items[i] = strconv.Itoa((int(a) - 91) * 2)
		}
		r.SetSubfields(25, items)
	}
	if im.PoseUncertainty != [3]uint8{} {
		rep.drop("pose angle uncertainty", where, "its ISO encoding is not verified; not carried")
	}
	if s, ok := faceEye[im.EyeColour]; ok && src.Format != iso.ANSI385v2004 {
		r.Set(27, s)
	} else if im.EyeColour != 0 {
		rep.drop("eye colour", where, "code %d has no 10.027 SEC value here", im.EyeColour)
	}
	if s, ok := faceHair[im.HairColour]; ok && src.Format != iso.ANSI385v2004 {
		r.Set(28, s)
	} else if im.HairColour != 0 {
		rep.drop("hair colour", where, "code %d has no 10.028 SHC value here", im.HairColour)
	}
	if len(im.FeaturePoints) > 0 {
		subs := make([][]string, 0, len(im.FeaturePoints))
		z := false
		for _, fp := range im.FeaturePoints {
			subs = append(subs, []string{strconv.Itoa(int(fp.Type)), fmt.Sprintf("%d.%d", fp.Major(), fp.Minor()), strconv.Itoa(int(fp.X)), strconv.Itoa(int(fp.Y))})
			z = z || is2011 && fp.Z != 0
		}
		r.SetSubfields(29, subs...)
		if z {
			rep.drop("feature point Z coordinates", where, "10.029 is two-dimensional")
		}
	}
	if im.Gender != 0 {
		rep.drop("gender", where, "code %d: Type-10 has none (it lives in Type-2)", im.Gender)
	}
	if im.Properties != 0 {
		rep.drop("property mask", where, "0x%06X (glasses, beard, ...): not carried", im.Properties)
	}
	if im.Expression != 0 {
		rep.drop("expression", where, "code %d: not carried", im.Expression)
	}
	for _, x := range []struct {
		what string
		v    int
	}{{"subject height", int(im.SubjectHeight)}, {"spatial sampling rate level", int(im.SpatialSamplingLevel)},
		{"post-acquisition processing", int(im.PostAcquisition)}, {"cross reference", int(im.CrossReference)}, {"3D data", len(im.Extra)}} {
		if x.v != 0 {
			rep.drop(x.what, where, "Type-10 has no such field")
		}
	}
	r.SetBinary(999, copyBytes(im.Image))
	return r, rep, nil
}

// Type10ToFace converts a Type-10 face record into a one-image face record
// of format to (19794-5:2005, 19794-5:2011 or INCITS 385-2004), keeping
// the image bytes. A Type-10 whose 10.003 IMT is not FACE is refused.
func Type10ToFace(t *nist.Transaction, r *nist.Record, to iso.Format) (*iso.FaceRecord, *Report, error) {
	if r == nil || r.Type != 10 {
		return nil, nil, errors.New("convert: not a Type-10 record")
	}
	rep := &Report{From: "Type-10", To: string(to)}
	if to.Kind() != iso.KindFace {
		return nil, rep, fmt.Errorf("convert: target format %q is not a face format", to)
	}
	if imt := r.Text(3); imt != "FACE" {
		return nil, rep, fmt.Errorf("convert: 10.003 IMT is %q; only FACE images have an ISO/IEC 19794-5 form", imt)
	}
	is2011 := to == iso.Face2011
	var im iso.FaceImage
	w, _ := intField(r, 6)
	h, _ := intField(r, 7)
	im.Width, im.Height = uint16(w), uint16(h)
	_, code, err := cgaToISO(r.Text(11), codec.Edition(to))
	if err != nil {
		return nil, rep, err
	}
	im.ImageDataType = uint8(code)
	switch r.Text(12) {
	case "GRAY":
		im.ColourSpace = 3
	case "RGB":
		im.ColourSpace = 1
	case "SRGB":
		im.ColourSpace = 1
		rep.approx("colour space (10.012 CSP)", "", 0, "SRGB written as 24-bit RGB")
	case "YCC", "SYCC":
		im.ColourSpace = 2
		rep.approx("colour space (10.012 CSP)", "", 0, "%s written as YUV422", r.Text(12))
	case "UNK", "":
	default:
		rep.approx("colour space (10.012 CSP)", "", 0, "%q written as unspecified", r.Text(12))
	}
	switch sap := r.Text(13); sap {
	case "13", "11":
		im.ImageType = 1
	case "14", "12":
		im.ImageType = 2
	case "", "0":
	default:
		rep.approx("subject acquisition profile (10.013 SAP)", "", 0, "%s has no face image type; basic (0) written", sap)
	}
	pas := r.Text(23)
	st := -1
	for i, s := range facePAS {
		if s == pas {
			st = i
		}
	}
	if st < 0 && pas != "" {
		rep.approx("photo acquisition source (10.023 PAS)", "", 0, "%q has no source type; unspecified written", pas)
		st = 0
	}
	if st < 0 {
		st = 0
	}
	if sp := r.Field(25); sp != nil {
		for i := 0; i < 3; i++ {
			s, _ := sp.Item(0, i)
			if d, err := strconv.Atoi(strings.TrimSpace(s)); err == nil {
				im.Pose[i] = poseByte(d)
			}
		}
		for i := 3; i < 6; i++ {
			if s, ok := sp.Item(0, i); ok && s != "" {
				rep.drop("pose angle uncertainty (10.025 SPA)", "", "its ISO encoding is not verified; not carried")
				break
			}
		}
	}
	for code, s := range faceEye {
		if s == r.Text(27) && to != iso.ANSI385v2004 {
			im.EyeColour = code
		}
	}
	if e := r.Text(27); e != "" && im.EyeColour == 0 {
		im.EyeColour = 0xFF
		rep.approx("eye colour (10.027 SEC)", "", 0, "%q has no code in %s; unknown written", e, to)
	}
	for code, s := range faceHair {
		if s == r.Text(28) && to != iso.ANSI385v2004 {
			im.HairColour = code
		}
	}
	if hc := r.Text(28); hc != "" && im.HairColour == 0 {
		im.HairColour = 0xFF
		rep.approx("hair colour (10.028 SHC)", "", 0, "%q has no code in %s; unknown written", hc, to)
	}
	if f := r.Field(29); f != nil {
		for _, s := range f.Subfields() {
			if len(s) < 4 {
				continue
			}
			typ, _ := strconv.Atoi(s[0])
			maj, min, _ := strings.Cut(s[1], ".")
			a, _ := strconv.Atoi(maj)
			b, _ := strconv.Atoi(min)
			x, _ := strconv.Atoi(s[2])
			y, _ := strconv.Atoi(s[3])
			im.FeaturePoints = append(im.FeaturePoints, iso.FeaturePoint{Type: uint8(typ), Code: uint8(a<<4 | b&0x0F), X: uint16(x), Y: uint16(y)})
		}
	}
	qs := readQualityItems(r.Field(24), 0)
	dt, hasDate := readDate(r, 5)
	if is2011 {
		im.Capture = &iso.Capture{DateTime: dt, DeviceTechnology: uint8(st), Quality: qs}
	} else {
		im.SourceType = uint8(st)
		if hasDate {
			rep.drop("photo date (10.005 PHD)", "", "%s has no capture date", to)
		}
		if len(qs) > 0 {
			rep.drop("subject quality score (10.024 SQS)", "", "%s has no quality score", to)
		}
	}
	if slc := r.Text(8); slc != "" && slc != "0" {
		rep.drop("image resolution (10.008-10.010)", "", "%s states no resolution", to)
	}
	if src := r.Text(4); src != "" {
		rep.drop("source agency (10.004 SRC)", "", "%q: ISO/IEC 19794-5 names no agency", src)
	}
	unmapped(rep, r, string(to), 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 23, 24, 25, 27, 28, 29, 999)
	if f := r.Field(999); f != nil {
		im.Image = copyBytes(f.Value)
	}
	return &iso.FaceRecord{Format: to, Images: []iso.FaceImage{im}}, rep, nil
}

// poseByte stores a pose angle in degrees as 19794-5:2005 does (read
// UNVERIFIED, see above): round(deg/2) + 91, halves up, after wrapping
// into -180..179.
func poseByte(d int) uint8 {
	d = ((d+180)%360+360)%360 - 180
	h := d + 1
	q := h / 2
	if h < 0 && h%2 != 0 {
		q--
	}
	return uint8(q + 91)
}
