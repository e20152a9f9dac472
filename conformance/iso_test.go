package conformance

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"sort"
	"strings"
	"testing"

	"github.com/biogate/biogate/iso"
	_ "github.com/biogate/biogate/iso/all"
)

// The formats the mutation tests build records of.
var (
	isoFMRFormats  = []iso.Format{iso.FMR2005, iso.ANSI378v2004, iso.ANSI378v2009, iso.ANSI378v2009AM1, iso.ANSI378v2007, iso.FMR2011}
	isoFIRFormats  = []iso.Format{iso.FIR2005, iso.ANSI381v2004, iso.FIR2011}
	isoFaceFormats = []iso.Format{iso.Face2005, iso.ANSI385v2004, iso.Face2011}
	isoIrisFormats = []iso.Format{iso.Iris2005, iso.Iris2011}
	isoCardFormats = []iso.Format{iso.FMR2005CardNormal, iso.FMR2005CardCompact}
)

func isoAllFormats() []iso.Format {
	var out []iso.Format
	for _, l := range [][]iso.Format{isoFMRFormats, isoFIRFormats, isoFaceFormats, isoIrisFormats, isoCardFormats} {
		out = append(out, l...)
	}
	return out
}

func isoGrey(w, h int) *image.Gray {
	m := image.NewGray(image.Rect(0, 0, w, h))
	for i := range m.Pix {
		m.Pix[i] = uint8(i * 7)
	}
	return m
}

func isoPNG(t testing.TB, m image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func isoJPEG(t testing.TB, m image.Image) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// baseISO builds a record of format f that conforms.
func baseISO(t testing.TB, f iso.Format) iso.Record {
	switch f.Kind() {
	case iso.KindMinutiae:
		return baseISOFMR(f)
	case iso.KindFingerImage:
		return baseISOFIR(f)
	case iso.KindFace:
		return baseISOFace(t, f)
	case iso.KindIris:
		return baseISOIris(t, f)
	}
	t.Fatalf("no base record for %s", f)
	return nil
}

func baseISOFMR(f iso.Format) *iso.MinutiaeRecord {
	ansi := isANSI378(f)
	cd := &iso.CoreDelta{
		Cores:  []iso.Core{{X: 200, Y: 250, HasAngle: true, Angle: 40}},
		Deltas: []iso.Delta{{X: 100, Y: 400, HasAngle: true, Angles: [3]uint8{10, 60, 120}}},
	}
	if ansi {
		cd.CoreInfo, cd.DeltaInfo = 0x40, 0x40
	} else {
		cd.Cores[0].Type, cd.Deltas[0].Type = 1, 1
	}
	v := iso.MinutiaeView{
		Position: 2, Impression: 0, Quality: 80,
		Width: 400, Height: 500, XRes: 197, YRes: 197,
		MinutiaSize: 6, EndingType: 1,
		Minutiae: []iso.Minutia{
			{Type: 1, X: 100, Y: 14, Angle: 80, Quality: 90},
			{Type: 2, X: 399, Y: 499, Angle: 10, Quality: 60},
			{Type: 0, X: 0, Y: 0, Angle: 170, Quality: 0},
		},
		Extensions: []iso.ExtendedBlock{
			{Type: iso.BlockRidgeCount, RidgeCounts: &iso.RidgeCounts{Method: 1, Counts: []iso.RidgeCount{{Index1: 1, Index2: 2, Count: 3}, {Index1: 2, Index2: 3, Count: 4}}}},
			{Type: iso.BlockCoreDelta, CoreDelta: cd},
			{Type: 0x0100, Data: []byte{1, 2, 3}},
		},
	}
	if f == iso.FMR2011 {
		v.Capture = &iso.Capture{DateTime: iso.DateTime{Year: 2024, Month: 2, Day: 29, Hour: 13, Minute: 5, Second: 7, Millisecond: 0xFFFF},
			Quality: []iso.QualityBlock{{Score: 77, Vendor: 0x000F, Algorithm: 1}}}
	}
	return &iso.MinutiaeRecord{Format: f, Width: 400, Height: 500, XRes: 197, YRes: 197, Views: []iso.MinutiaeView{v}}
}

func baseISOCard(f iso.Format) *iso.MinutiaeRecord {
	return &iso.MinutiaeRecord{Format: f, Views: []iso.MinutiaeView{{Minutiae: []iso.Minutia{{Type: 1, X: 10, Y: 20, Angle: 5}, {Type: 2, X: 30, Y: 40, Angle: 6}}}}}
}

func baseISOFIR(f iso.Format) *iso.FingerImageRecord {
	v := iso.FingerImageView{
		Position: 2, ViewCount: 1, ViewNumber: 1, Quality: 80, Impression: 0, Width: 8, Height: 6,
		ScaleUnits: 1, ScanXRes: 500, ScanYRes: 500, XRes: 500, YRes: 500, BitDepth: 8, Compression: 0,
		Image: isoGrey(8, 6).Pix,
	}
	r := &iso.FingerImageRecord{Format: f, AcquisitionLevel: 31, Views: []iso.FingerImageView{v}}
	if f == iso.FIR2011 {
		r.Views[0].ViewCount, r.Views[0].ViewNumber, r.Views[0].Quality = 0, 0, 0
		r.Views[0].Capture = &iso.Capture{DateTime: iso.UnknownDateTime}
		r.FingersPresent = 1
	} else {
		r.ScaleUnits, r.ScanXRes, r.ScanYRes, r.XRes, r.YRes, r.BitDepth = 1, 500, 500, 500, 500, 8
	}
	return r
}

// setISOFIR sets a 2005/2004 header image attribute on the record and its
// views (the encoder wants them to agree), or on the views for 2011.
func setISOFIR(r *iso.FingerImageRecord, set func(v *iso.FingerImageView)) {
	h := iso.FingerImageView{ScaleUnits: r.ScaleUnits, ScanXRes: r.ScanXRes, ScanYRes: r.ScanYRes, XRes: r.XRes, YRes: r.YRes, BitDepth: r.BitDepth, Compression: r.Compression}
	set(&h)
	if r.Format != iso.FIR2011 {
		r.ScaleUnits, r.ScanXRes, r.ScanYRes, r.XRes, r.YRes, r.BitDepth, r.Compression = h.ScaleUnits, h.ScanXRes, h.ScanYRes, h.XRes, h.YRes, h.BitDepth, h.Compression
	}
	for i := range r.Views {
		set(&r.Views[i])
	}
}

func baseISOFace(t testing.TB, f iso.Format) *iso.FaceRecord {
	im := iso.FaceImage{
		Gender: 1, EyeColour: 2, HairColour: 3, Properties: iso.FacePropertiesSpecified | iso.FaceGlasses, Expression: 1,
		Pose: [3]uint8{91, 91, 91}, FeaturePoints: []iso.FeaturePoint{{Type: 1, Code: 0x31, X: 10, Y: 10}},
		ImageType: 1, ImageDataType: 0, Width: 16, Height: 12, ColourSpace: 3, SourceType: 2,
		Image: isoJPEG(t, isoGrey(16, 12)),
	}
	if f == iso.Face2011 {
		im.Capture = &iso.Capture{DateTime: iso.UnknownDateTime}
		im.SourceType = 0
	}
	return &iso.FaceRecord{Format: f, Images: []iso.FaceImage{im}}
}

func baseISOIris(t testing.TB, f iso.Format) *iso.IrisRecord {
	if f == iso.Iris2005 {
		return &iso.IrisRecord{Format: f, ImageFormat2005: 2, Width: 8, Height: 6, BitDepth: 8, IrisDiameter: 4,
			Images: []iso.IrisImage{{Eye: 1, Number: 1, Quality: 80, Image: isoGrey(8, 6).Pix}}}
	}
	return &iso.IrisRecord{Format: f, EyesPresent: 1, Images: []iso.IrisImage{{
		Capture: &iso.Capture{DateTime: iso.UnknownDateTime},
		Eye:     1, Number: 1, ImageType: 1, ImageFormat: 14, Width: 8, Height: 6, BitDepth: 8,
		RollAngle: 0xFFFF, RollUncertainty: 0xFFFF, Image: isoPNG(t, isoGrey(8, 6)),
	}}}
}

func isoMarshal(t testing.TB, r iso.Record, f iso.Format) []byte {
	t.Helper()
	b, err := iso.Marshal(r, f)
	if err != nil {
		t.Fatalf("encoding the %s record: %v", f, err)
	}
	return b
}

// setISOLength writes n into the record length field of a record of f.
func setISOLength(f iso.Format, b []byte, n int) {
	switch f {
	case iso.ANSI378v2004:
		binary.BigEndian.PutUint16(b[8:], uint16(n))
	case iso.FIR2005, iso.ANSI381v2004:
		binary.BigEndian.PutUint16(b[8:], uint16(n>>32))
		binary.BigEndian.PutUint32(b[10:], uint32(n))
	default:
		binary.BigEndian.PutUint32(b[8:], uint32(n))
	}
}

// isoMutation is one defect put into a conforming record, and the one
// assertion that must report it.
type isoMutation struct {
	want    string // assertion id after the edition prefix
	formats []iso.Format
	model   func(t testing.TB, f iso.Format, r iso.Record)
	raw     func(f iso.Format, b []byte) []byte
}

func isoFMR(r iso.Record) *iso.MinutiaeRecord    { return r.(*iso.MinutiaeRecord) }
func isoFIR(r iso.Record) *iso.FingerImageRecord { return r.(*iso.FingerImageRecord) }
func isoFace(r iso.Record) *iso.FaceRecord       { return r.(*iso.FaceRecord) }
func isoIris(r iso.Record) *iso.IrisRecord       { return r.(*iso.IrisRecord) }

func onISOFMR(fn func(f iso.Format, r *iso.MinutiaeRecord, v *iso.MinutiaeView)) func(testing.TB, iso.Format, iso.Record) {
	return func(_ testing.TB, f iso.Format, r iso.Record) { fn(f, isoFMR(r), &isoFMR(r).Views[0]) }
}

func onISOFIR(fn func(f iso.Format, r *iso.FingerImageRecord, v *iso.FingerImageView)) func(testing.TB, iso.Format, iso.Record) {
	return func(_ testing.TB, f iso.Format, r iso.Record) { fn(f, isoFIR(r), &isoFIR(r).Views[0]) }
}

func onISOFace(fn func(t testing.TB, f iso.Format, r *iso.FaceRecord, im *iso.FaceImage)) func(testing.TB, iso.Format, iso.Record) {
	return func(t testing.TB, f iso.Format, r iso.Record) { fn(t, f, isoFace(r), &isoFace(r).Images[0]) }
}

func onISOIris(fn func(t testing.TB, f iso.Format, r *iso.IrisRecord, im *iso.IrisImage)) func(testing.TB, iso.Format, iso.Record) {
	return func(t testing.TB, f iso.Format, r iso.Record) { fn(t, f, isoIris(r), &isoIris(r).Images[0]) }
}

var (
	fmtFMR2011    = []iso.Format{iso.FMR2011}
	fmtFMRHdr     = []iso.Format{iso.FMR2005, iso.ANSI378v2004}
	fmtFMRView    = []iso.Format{iso.ANSI378v2009, iso.ANSI378v2009AM1, iso.ANSI378v2007, iso.FMR2011}
	fmtFMRANSI    = []iso.Format{iso.ANSI378v2004, iso.ANSI378v2009, iso.ANSI378v2009AM1, iso.ANSI378v2007}
	fmtFMRISO     = []iso.Format{iso.FMR2005, iso.FMR2011}
	fmtFMRQuality = []iso.Format{iso.FMR2005, iso.ANSI378v2004, iso.ANSI378v2009, iso.ANSI378v2009AM1, iso.ANSI378v2007}
	fmtFIR2005    = []iso.Format{iso.FIR2005, iso.ANSI381v2004}
	fmtFIR2011    = []iso.Format{iso.FIR2011}
	fmtFace2005   = []iso.Format{iso.Face2005, iso.ANSI385v2004}
	fmtFace2011   = []iso.Format{iso.Face2011}
	fmtIris2005   = []iso.Format{iso.Iris2005}
	fmtIris2011   = []iso.Format{iso.Iris2011}
	fmtRecords    = func() []iso.Format {
		var out []iso.Format
		for _, f := range isoAllFormats() {
			if f.Magic() != nil {
				out = append(out, f)
			}
		}
		return out
	}()
	fmtFramed = []iso.Format{iso.FMR2011, iso.FIR2011, iso.Face2011, iso.Iris2011}
)

var isoMutations = []isoMutation{
	// Every record format.
	{want: "header.format", formats: fmtRecords, raw: func(_ iso.Format, b []byte) []byte { b[0] = 'X'; return b }},
	{want: "header.version", formats: fmtRecords, raw: func(_ iso.Format, b []byte) []byte { b[5] = '9'; return b }},
	{want: "header.length", formats: fmtRecords, raw: func(f iso.Format, b []byte) []byte { setISOLength(f, b, len(b)+1); return b }},
	{want: "record.trailing", formats: fmtRecords, raw: func(f iso.Format, b []byte) []byte {
		b = append(b, 0)
		setISOLength(f, b, len(b))
		return b
	}},
	{want: "decode", formats: fmtRecords, raw: func(_ iso.Format, b []byte) []byte { return b[:10] }},
	{want: "header.views", formats: fmtRecords, model: func(_ testing.TB, _ iso.Format, r iso.Record) {
		switch r := r.(type) {
		case *iso.MinutiaeRecord:
			r.Views = nil
		case *iso.FingerImageRecord:
			r.Views, r.FingersPresent = nil, 0
		case *iso.FaceRecord:
			r.Images = nil
		case *iso.IrisRecord:
			r.Images, r.EyesPresent = nil, 0
		}
	}},
	{want: "header.certification", formats: fmtFramed, model: func(_ testing.TB, _ iso.Format, r iso.Record) {
		switch r := r.(type) {
		case *iso.MinutiaeRecord:
			r.CertificationFlag = 2
		case *iso.FingerImageRecord:
			r.CertificationFlag = 2
		case *iso.FaceRecord:
			r.CertificationFlag = 2
		case *iso.IrisRecord:
			r.CertificationFlag = 2
		}
	}},

	// Finger minutiae.
	{want: "header.reserved", formats: fmtFMRQuality, model: onISOFMR(func(_ iso.Format, r *iso.MinutiaeRecord, _ *iso.MinutiaeView) { r.Reserved = 1 })},
	{want: "header.equipment", formats: []iso.Format{iso.FMR2005, iso.ANSI378v2004, iso.ANSI378v2007}, model: onISOFMR(func(_ iso.Format, r *iso.MinutiaeRecord, _ *iso.MinutiaeView) { r.Equipment = 0x1001 })},
	{want: "header.certification", formats: []iso.Format{iso.ANSI378v2009, iso.ANSI378v2009AM1}, model: onISOFMR(func(_ iso.Format, r *iso.MinutiaeRecord, _ *iso.MinutiaeView) { r.DeviceCertification = 0x40 })},
	{want: "header.size", formats: fmtFMRHdr, model: onISOFMR(func(_ iso.Format, r *iso.MinutiaeRecord, v *iso.MinutiaeView) { r.Width, v.Width = 0, 0 })},
	{want: "header.resolution", formats: fmtFMRHdr, model: onISOFMR(func(_ iso.Format, r *iso.MinutiaeRecord, v *iso.MinutiaeView) { r.YRes, v.YRes = 0, 0 })},
	{want: "view.size", formats: fmtFMRView, model: onISOFMR(func(_ iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) { v.Height = 0 })},
	{want: "view.resolution", formats: fmtFMRView, model: onISOFMR(func(_ iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) { v.XRes = 0 })},
	{want: "view.number", formats: fmtFMRView, model: onISOFMR(func(_ iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) { v.ViewNumber = 16 })},
	{want: "view.position", formats: isoFMRFormats, model: onISOFMR(func(_ iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) { v.Position = 11 })},
	{want: "view.impression", formats: isoFMRFormats, model: onISOFMR(func(_ iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) { v.Impression = 12 })},
	{want: "view.quality", formats: fmtFMRQuality, model: onISOFMR(func(_ iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) { v.Quality = 101 })},
	{want: "view.duplicate", formats: isoFMRFormats, model: onISOFMR(func(_ iso.Format, r *iso.MinutiaeRecord, v *iso.MinutiaeView) { r.Views = append(r.Views, *v) })},
	{want: "view.minutia.type", formats: isoFMRFormats, model: onISOFMR(func(_ iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) { v.Minutiae[1].Type = 3 })},
	{want: "view.minutia.angle", formats: fmtFMRANSI, model: onISOFMR(func(_ iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) { v.Minutiae[0].Angle = 180 })},
	{want: "view.minutia.quality", formats: isoFMRFormats, model: onISOFMR(func(_ iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) { v.Minutiae[0].Quality = 101 })},
	{want: "view.minutia.reserved", formats: isoFMRFormats, model: onISOFMR(func(_ iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) { v.Minutiae[2].Reserved = 1 })},
	{want: "view.minutia.location", formats: isoFMRFormats, model: onISOFMR(func(_ iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) { v.Minutiae[1].X = 400 })},
	{want: "view.minutia.size", formats: fmtFMR2011, raw: func(_ iso.Format, b []byte) []byte {
		// The byte after width and height holds the minutia size; find
		// it by its value (6<<4 | 1) after the representation header.
		i := bytes.Index(b[15+4+9+1+2+2+1+5:], []byte{0x61, 3}) + 15 + 4 + 9 + 1 + 2 + 2 + 1 + 5
		b[i] = 0x71
		return b
	}},
	{want: "view.endingtype", formats: fmtFMR2011, model: onISOFMR(func(_ iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) { v.EndingType = 2 })},
	{want: "view.length", formats: fmtFMR2011, model: onISOFMR(func(_ iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) { v.Trailing = []byte{0} })},
	{want: "view.capture.datetime", formats: fmtFMR2011, model: onISOFMR(func(_ iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) { v.Capture.DateTime.Month = 13 })},
	{want: "view.capture.datetime", formats: fmtFMR2011, model: onISOFMR(func(_ iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) { v.Capture.DateTime.Day = 0xFF })},
	{want: "view.capture.quality", formats: fmtFMR2011, model: onISOFMR(func(_ iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) { v.Capture.Quality[0].Score = 150 })},
	{want: "view.ext.length", formats: isoFMRFormats, model: onISOFMR(func(_ iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) { v.ExtDeclaredLength = 200 })},
	{want: "view.ext.block.length", formats: isoFMRFormats, model: onISOFMR(func(f iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) {
		actual := 0
		for i := range v.Extensions {
			actual += 4 + blockContentLen(&v.Extensions[i], f)
		}
		v.ExtDeclaredLength = uint16(actual)
		v.Extensions[2].DeclaredLength = 4 + 3 + 3
	})},
	{want: "view.ext.block.type", formats: isoFMRFormats, model: onISOFMR(func(_ iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) { v.Extensions[2].Type = 0x0004 })},
	{want: "view.ext.block.type", formats: fmtFMRANSI, model: onISOFMR(func(_ iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) {
		v.Extensions[2].Type = iso.BlockZonalQuality
	})},
	{want: "view.ext.ridgecount.method", formats: isoFMRFormats, model: onISOFMR(func(_ iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) { v.Extensions[0].RidgeCounts.Method = 3 })},
	{want: "view.ext.ridgecount.structure", formats: isoFMRFormats, model: onISOFMR(func(_ iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) {
		v.Extensions[0].RidgeCounts, v.Extensions[0].Data = nil, []byte{1, 1, 2}
	})},
	{want: "view.ext.ridgecount.index", formats: isoFMRFormats, model: onISOFMR(func(_ iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) {
		v.Extensions[0].RidgeCounts.Counts[1].Index2 = 9
	})},
	{want: "view.ext.coredelta.structure", formats: isoFMRFormats, model: onISOFMR(func(_ iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) {
		v.Extensions[1].CoreDelta, v.Extensions[1].Data = nil, []byte{0x01, 0, 5}
	})},
	{want: "view.ext.coredelta.type", formats: isoFMRFormats, model: onISOFMR(func(f iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) {
		cd := v.Extensions[1].CoreDelta
		cd.CoreInfo = 0x80
		if isANSI378(f) {
			cd.Cores[0].HasAngle = false
		}
	})},
	{want: "view.ext.coredelta.type", formats: fmtFMRISO, model: onISOFMR(func(_ iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) {
		v.Extensions[1].CoreDelta.Deltas[0].Type, v.Extensions[1].CoreDelta.Deltas[0].HasAngle = 2, false
	})},
	{want: "view.ext.coredelta.angle", formats: fmtFMRANSI, model: onISOFMR(func(_ iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) {
		v.Extensions[1].CoreDelta.Deltas[0].Angles[2] = 200
	})},
	{want: "view.ext.coredelta.location", formats: isoFMRFormats, model: onISOFMR(func(_ iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) {
		v.Extensions[1].CoreDelta.Cores[0].Y = 500
	})},
	{want: "view.ext.zonal.structure", formats: fmtFMRISO, model: onISOFMR(func(_ iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) {
		v.Extensions = append(v.Extensions, iso.ExtendedBlock{Type: iso.BlockZonalQuality, Data: []byte{40, 50, 4, 0}})
	})},
	{want: "decode", formats: isoCardFormats, raw: func(_ iso.Format, b []byte) []byte { return b[:len(b)-1] }},
	{want: "view.length", formats: fmtFIR2005, raw: func(f iso.Format, b []byte) []byte {
		at := 32
		if f == iso.ANSI381v2004 {
			at = 36
		}
		binary.BigEndian.PutUint32(b[at:], 10)
		return b
	}},
	{want: "view.length", formats: fmtFIR2011, raw: func(_ iso.Format, b []byte) []byte { binary.BigEndian.PutUint32(b[16:], 0xFFFF); return b }},
	{want: "card.minutia.type", formats: isoCardFormats, model: onISOFMR(func(_ iso.Format, _ *iso.MinutiaeRecord, v *iso.MinutiaeView) { v.Minutiae[0].Type = 3 })},

	// Finger images.
	{want: "header.acquisition", formats: fmtFIR2005, model: onISOFIR(func(_ iso.Format, r *iso.FingerImageRecord, _ *iso.FingerImageView) { r.AcquisitionLevel = 25 })},
	{want: "header.reserved", formats: fmtFIR2005, model: onISOFIR(func(_ iso.Format, r *iso.FingerImageRecord, _ *iso.FingerImageView) { r.Reserved = 1 })},
	{want: "header.scaleunits", formats: fmtFIR2005, model: onISOFIR(func(_ iso.Format, r *iso.FingerImageRecord, _ *iso.FingerImageView) {
		setISOFIR(r, func(v *iso.FingerImageView) { v.ScaleUnits = 3 })
	})},
	{want: "header.resolution", formats: fmtFIR2005, model: onISOFIR(func(_ iso.Format, r *iso.FingerImageRecord, _ *iso.FingerImageView) {
		setISOFIR(r, func(v *iso.FingerImageView) { v.ScanYRes = 0 })
	})},
	{want: "header.depth", formats: fmtFIR2005, model: onISOFIR(func(_ iso.Format, r *iso.FingerImageRecord, _ *iso.FingerImageView) {
		setISOFIR(r, func(v *iso.FingerImageView) { v.BitDepth = 0 })
	})},
	{want: "header.compression", formats: fmtFIR2005, model: onISOFIR(func(_ iso.Format, r *iso.FingerImageRecord, _ *iso.FingerImageView) {
		setISOFIR(r, func(v *iso.FingerImageView) { v.Compression = 7 })
	})},
	{want: "view.scaleunits", formats: fmtFIR2011, model: onISOFIR(func(_ iso.Format, _ *iso.FingerImageRecord, v *iso.FingerImageView) { v.ScaleUnits = 0 })},
	{want: "view.resolution", formats: fmtFIR2011, model: onISOFIR(func(_ iso.Format, _ *iso.FingerImageRecord, v *iso.FingerImageView) { v.XRes = 0 })},
	{want: "view.depth", formats: fmtFIR2011, model: onISOFIR(func(_ iso.Format, _ *iso.FingerImageRecord, v *iso.FingerImageView) { v.BitDepth = 17 })},
	{want: "view.compression", formats: fmtFIR2011, model: onISOFIR(func(_ iso.Format, _ *iso.FingerImageRecord, v *iso.FingerImageView) { v.Compression = 7 })},
	{want: "view.position", formats: isoFIRFormats, model: onISOFIR(func(_ iso.Format, _ *iso.FingerImageRecord, v *iso.FingerImageView) { v.Position = 39 })},
	{want: "view.impression", formats: isoFIRFormats, model: onISOFIR(func(_ iso.Format, _ *iso.FingerImageRecord, v *iso.FingerImageView) { v.Impression = 30 })},
	{want: "view.size", formats: isoFIRFormats, model: onISOFIR(func(_ iso.Format, _ *iso.FingerImageRecord, v *iso.FingerImageView) { v.Width = 0 })},
	{want: "view.quality", formats: fmtFIR2005, model: onISOFIR(func(_ iso.Format, _ *iso.FingerImageRecord, v *iso.FingerImageView) { v.Quality = 200 })},
	{want: "view.reserved", formats: fmtFIR2005, model: onISOFIR(func(_ iso.Format, _ *iso.FingerImageRecord, v *iso.FingerImageView) { v.Reserved = 1 })},
	{want: "view.count", formats: fmtFIR2005, model: onISOFIR(func(_ iso.Format, _ *iso.FingerImageRecord, v *iso.FingerImageView) { v.ViewCount = 2 })},
	{want: "view.count", formats: fmtFIR2005, model: onISOFIR(func(_ iso.Format, _ *iso.FingerImageRecord, v *iso.FingerImageView) { v.ViewNumber = 0 })},
	{want: "view.duplicate", formats: isoFIRFormats, model: onISOFIR(func(f iso.Format, r *iso.FingerImageRecord, v *iso.FingerImageView) {
		v.ViewCount = 2
		r.Views = append(r.Views, *v)
	})},
	{want: "header.fingers", formats: fmtFIR2011, model: onISOFIR(func(_ iso.Format, r *iso.FingerImageRecord, _ *iso.FingerImageView) { r.FingersPresent = 2 })},
	{want: "view.capture.datetime", formats: fmtFIR2011, model: onISOFIR(func(_ iso.Format, _ *iso.FingerImageRecord, v *iso.FingerImageView) { v.Capture.DateTime.Hour = 24 })},
	{want: "view.capture.quality", formats: fmtFIR2011, model: onISOFIR(func(_ iso.Format, _ *iso.FingerImageRecord, v *iso.FingerImageView) {
		v.Capture.Quality = []iso.QualityBlock{{Score: 101}}
	})},
	{want: "view.ext.length", formats: fmtFIR2011, model: onISOFIR(func(_ iso.Format, _ *iso.FingerImageRecord, v *iso.FingerImageView) { v.Extended = []byte{0, 1, 0, 9} })},
	{want: "view.image.length", formats: isoFIRFormats, model: onISOFIR(func(_ iso.Format, _ *iso.FingerImageRecord, v *iso.FingerImageView) { v.Image = v.Image[1:] })},
	{want: "view.image.compression", formats: isoFIRFormats, model: onISOFIR(func(_ iso.Format, r *iso.FingerImageRecord, _ *iso.FingerImageView) {
		setISOFIR(r, func(v *iso.FingerImageView) { v.Compression = 2 })
	})},
	{want: "view.image.decode", formats: isoFIRFormats, model: onISOFIR(func(f iso.Format, r *iso.FingerImageRecord, v *iso.FingerImageView) {
		setISOFIR(r, func(v *iso.FingerImageView) { v.Compression = isoFIRPNG(f) })
		v.Image = append([]byte("\x89PNG\r\n\x1a\n"), 1, 2, 3, 4)
	})},
	{want: "view.image.size", formats: isoFIRFormats, model: func(t testing.TB, f iso.Format, r iso.Record) {
		setISOFIR(isoFIR(r), func(v *iso.FingerImageView) { v.Compression = isoFIRPNG(f) })
		isoFIR(r).Views[0].Image = isoPNG(t, isoGrey(9, 6))
	}},
	{want: "view.image.depth", formats: isoFIRFormats, model: func(t testing.TB, f iso.Format, r iso.Record) {
		setISOFIR(isoFIR(r), func(v *iso.FingerImageView) { v.Compression = isoFIRPNG(f) })
		isoFIR(r).Views[0].Image = isoPNG(t, image.NewGray16(image.Rect(0, 0, 8, 6)))
	}},

	// Face images.
	{want: "image.gender", formats: isoFaceFormats, model: onISOFace(func(_ testing.TB, _ iso.Format, _ *iso.FaceRecord, im *iso.FaceImage) { im.Gender = 4 })},
	{want: "image.eyecolour", formats: isoFaceFormats, model: onISOFace(func(_ testing.TB, _ iso.Format, _ *iso.FaceRecord, im *iso.FaceImage) { im.EyeColour = 9 })},
	{want: "image.haircolour", formats: isoFaceFormats, model: onISOFace(func(_ testing.TB, _ iso.Format, _ *iso.FaceRecord, im *iso.FaceImage) { im.HairColour = 10 })},
	{want: "image.properties", formats: isoFaceFormats, model: onISOFace(func(_ testing.TB, _ iso.Format, _ *iso.FaceRecord, im *iso.FaceImage) { im.Properties |= 0x800 })},
	{want: "image.properties", formats: isoFaceFormats, model: onISOFace(func(_ testing.TB, _ iso.Format, _ *iso.FaceRecord, im *iso.FaceImage) { im.Properties = iso.FaceBeard })},
	{want: "image.expression", formats: isoFaceFormats, model: onISOFace(func(_ testing.TB, _ iso.Format, _ *iso.FaceRecord, im *iso.FaceImage) { im.Expression = 8 })},
	{want: "image.pose", formats: isoFaceFormats, model: onISOFace(func(_ testing.TB, _ iso.Format, _ *iso.FaceRecord, im *iso.FaceImage) { im.PoseUncertainty[1] = 182 })},
	{want: "image.featurepoint.type", formats: isoFaceFormats, model: onISOFace(func(_ testing.TB, _ iso.Format, _ *iso.FaceRecord, im *iso.FaceImage) { im.FeaturePoints[0].Type = 4 })},
	{want: "image.featurepoint.code", formats: isoFaceFormats, model: onISOFace(func(_ testing.TB, _ iso.Format, _ *iso.FaceRecord, im *iso.FaceImage) {
		im.FeaturePoints[0].Code = 0x15
	})},
	{want: "image.featurepoint.reserved", formats: fmtFace2005, model: onISOFace(func(_ testing.TB, _ iso.Format, _ *iso.FaceRecord, im *iso.FaceImage) { im.FeaturePoints[0].Z = 1 })},
	{want: "image.featurepoint.location", formats: isoFaceFormats, model: onISOFace(func(_ testing.TB, _ iso.Format, _ *iso.FaceRecord, im *iso.FaceImage) { im.FeaturePoints[0].Y = 12 })},
	{want: "image.type", formats: isoFaceFormats, model: onISOFace(func(_ testing.TB, _ iso.Format, _ *iso.FaceRecord, im *iso.FaceImage) { im.ImageType = 4 })},
	{want: "image.datatype", formats: isoFaceFormats, model: onISOFace(func(_ testing.TB, _ iso.Format, _ *iso.FaceRecord, im *iso.FaceImage) { im.ImageDataType = 5 })},
	{want: "image.colourspace", formats: isoFaceFormats, model: onISOFace(func(_ testing.TB, _ iso.Format, _ *iso.FaceRecord, im *iso.FaceImage) { im.ColourSpace = 7 })},
	{want: "image.sourcetype", formats: fmtFace2005, model: onISOFace(func(_ testing.TB, _ iso.Format, _ *iso.FaceRecord, im *iso.FaceImage) { im.SourceType = 8 })},
	{want: "image.size", formats: isoFaceFormats, model: onISOFace(func(_ testing.TB, _ iso.Format, _ *iso.FaceRecord, im *iso.FaceImage) { im.Height = 0 })},
	{want: "image.length", formats: isoFaceFormats, model: onISOFace(func(_ testing.TB, f iso.Format, _ *iso.FaceRecord, im *iso.FaceImage) {
		im.DeclaredLength = 10
		if f == iso.Face2011 {
			im.DeclaredLength = 100000
		}
	})},
	{want: "image.capture.datetime", formats: fmtFace2011, model: onISOFace(func(_ testing.TB, _ iso.Format, _ *iso.FaceRecord, im *iso.FaceImage) {
		im.Capture.DateTime = iso.DateTime{Year: 0xFFFF, Month: 1, Day: 0xFF, Hour: 0xFF, Minute: 0xFF, Second: 0xFF, Millisecond: 0xFFFF}
	})},
	{want: "image.capture.quality", formats: fmtFace2011, model: onISOFace(func(_ testing.TB, _ iso.Format, _ *iso.FaceRecord, im *iso.FaceImage) {
		im.Capture.Quality = []iso.QualityBlock{{Score: 254}}
	})},
	{want: "image.data.compression", formats: isoFaceFormats, model: onISOFace(func(_ testing.TB, _ iso.Format, _ *iso.FaceRecord, im *iso.FaceImage) { im.ImageDataType = 1 })},
	{want: "image.data.decode", formats: isoFaceFormats, model: onISOFace(func(_ testing.TB, _ iso.Format, _ *iso.FaceRecord, im *iso.FaceImage) {
		im.Image = []byte{0xFF, 0xD8, 0xFF, 0xC0, 0, 1, 2, 3}
	})},
	{want: "image.data.size", formats: isoFaceFormats, model: onISOFace(func(_ testing.TB, _ iso.Format, _ *iso.FaceRecord, im *iso.FaceImage) { im.Width = 17 })},

	// Iris images.
	{want: "header.headerlength", formats: fmtIris2005, model: func(_ testing.TB, _ iso.Format, r iso.Record) { hl := uint16(46); isoIris(r).HeaderLength = &hl }},
	{want: "header.imageformat", formats: fmtIris2005, model: func(_ testing.TB, _ iso.Format, r iso.Record) { isoIris(r).ImageFormat2005 = 3 }},
	{want: "header.size", formats: fmtIris2005, model: func(_ testing.TB, _ iso.Format, r iso.Record) { isoIris(r).Height = 0 }},
	{want: "header.depth", formats: fmtIris2005, model: func(_ testing.TB, _ iso.Format, r iso.Record) { isoIris(r).BitDepth = 0 }},
	{want: "header.subtypes", formats: fmtIris2005, model: onISOIris(func(_ testing.TB, _ iso.Format, r *iso.IrisRecord, im *iso.IrisImage) {
		a, b, c := *im, *im, *im
		b.Eye, b.Number = 2, 1
		c.Number = 2
		r.Images = []iso.IrisImage{a, b, c}
	})},
	{want: "header.eyes", formats: fmtIris2011, model: func(_ testing.TB, _ iso.Format, r iso.Record) { isoIris(r).EyesPresent = 2 }},
	{want: "image.eye", formats: isoIrisFormats, model: onISOIris(func(_ testing.TB, _ iso.Format, _ *iso.IrisRecord, im *iso.IrisImage) { im.Eye = 3 })},
	{want: "image.quality", formats: fmtIris2005, model: onISOIris(func(_ testing.TB, _ iso.Format, _ *iso.IrisRecord, im *iso.IrisImage) { im.Quality = 150 })},
	{want: "image.duplicate", formats: isoIrisFormats, model: onISOIris(func(_ testing.TB, _ iso.Format, r *iso.IrisRecord, im *iso.IrisImage) {
		r.Images = append(r.Images, *im)
	})},
	{want: "image.irisimagetype", formats: fmtIris2011, model: onISOIris(func(_ testing.TB, _ iso.Format, _ *iso.IrisRecord, im *iso.IrisImage) { im.ImageType = 4 })},
	{want: "image.format", formats: fmtIris2011, model: onISOIris(func(_ testing.TB, _ iso.Format, _ *iso.IrisRecord, im *iso.IrisImage) { im.ImageFormat = 3 })},
	{want: "image.size", formats: fmtIris2011, model: onISOIris(func(_ testing.TB, _ iso.Format, _ *iso.IrisRecord, im *iso.IrisImage) { im.Width = 0 })},
	{want: "image.depth", formats: fmtIris2011, model: onISOIris(func(_ testing.TB, _ iso.Format, _ *iso.IrisRecord, im *iso.IrisImage) { im.BitDepth = 0 })},
	{want: "image.length", formats: fmtIris2011, model: onISOIris(func(_ testing.TB, _ iso.Format, _ *iso.IrisRecord, im *iso.IrisImage) {
		im.DeclaredLength = uint32(4 + captureLen(im.Capture, false) + 33 + len(im.Image) - 5)
	})},
	{want: "image.capture.datetime", formats: fmtIris2011, model: onISOIris(func(_ testing.TB, _ iso.Format, _ *iso.IrisRecord, im *iso.IrisImage) {
		im.Capture.DateTime.Year, im.Capture.DateTime.Month = 2020, 0
	})},
	{want: "image.capture.quality", formats: fmtIris2011, model: onISOIris(func(_ testing.TB, _ iso.Format, _ *iso.IrisRecord, im *iso.IrisImage) {
		im.Capture.Quality = []iso.QualityBlock{{Score: 200}}
	})},
	{want: "image.data.compression", formats: isoIrisFormats, model: onISOIris(func(t testing.TB, f iso.Format, r *iso.IrisRecord, im *iso.IrisImage) {
		if f == iso.Iris2005 {
			r.ImageFormat2005 = 14 // JPEG 2000, over raw pixels
		} else {
			im.ImageFormat = 10 // JPEG 2000, over PNG data
		}
	})},
	{want: "image.data.decode", formats: isoIrisFormats, model: onISOIris(func(_ testing.TB, _ iso.Format, _ *iso.IrisRecord, im *iso.IrisImage) {
		im.Image = im.Image[:len(im.Image)-1]
	})},
	{want: "image.data.size", formats: isoIrisFormats, model: onISOIris(func(t testing.TB, f iso.Format, r *iso.IrisRecord, im *iso.IrisImage) {
		if f == iso.Iris2005 {
			r.ImageFormat2005 = 6
			im.Image = isoJPEG(t, isoGrey(9, 6))
		} else {
			im.Image = isoPNG(t, isoGrey(9, 6))
		}
	})},
	{want: "image.data.depth", formats: isoIrisFormats, model: onISOIris(func(t testing.TB, f iso.Format, r *iso.IrisRecord, im *iso.IrisImage) {
		m := image.NewRGBA(image.Rect(0, 0, 8, 6))
		for i := range m.Pix {
			m.Pix[i] = uint8(i*31) | 1
		}
		m.Set(0, 0, color.RGBA{255, 0, 0, 255})
		if f == iso.Iris2005 {
			r.ImageFormat2005 = 6
			im.Image = isoJPEG(t, m)
		} else {
			im.Image = isoPNG(t, m)
		}
	})},
}

// isoFIRPNG is the PNG compression code of finger image edition f.
func isoFIRPNG(f iso.Format) uint8 {
	if f == iso.FIR2011 {
		return iso.FIRCompressionPNG2011
	}
	return iso.FIRCompressionPNG2005
}

func isoIDs(rep *Report) []string {
	set := map[string]bool{}
	for _, f := range rep.Findings {
		set[f.Assertion] = true
	}
	var out []string
	for id := range set {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// TestISOConforming checks that the base record of every format conforms
// and gives no finding at all, through the bytes and as a model.
func TestISOConforming(t *testing.T) {
	for _, f := range isoAllFormats() {
		t.Run(string(f), func(t *testing.T) {
			r := baseISO(t, f)
			if f.Magic() == nil {
				r = baseISOCard(f)
			}
			b := isoMarshal(t, r, f)
			if rep := CheckISO(b, f, nil); len(rep.Findings) > 0 {
				t.Errorf("CheckISO: %d findings on a conforming record:", len(rep.Findings))
				for _, x := range rep.Findings {
					t.Errorf("  %v", x)
				}
			}
			if rep := CheckISORecord(r, f, nil); len(rep.Findings) > 0 {
				t.Errorf("CheckISORecord: %d findings on a conforming record: %v", len(rep.Findings), rep.Findings)
			}
		})
	}
}

// TestISOMutations puts one defect at a time into a conforming record and
// expects exactly the intended assertion to report it.
func TestISOMutations(t *testing.T) {
	covered := map[string]bool{}
	for _, m := range isoMutations {
		for _, f := range m.formats {
			name := m.want + "/" + string(f)
			t.Run(name, func(t *testing.T) {
				var r iso.Record
				if f.Magic() == nil {
					r = baseISOCard(f)
				} else {
					r = baseISO(t, f)
				}
				if m.model != nil {
					m.model(t, f, r)
				}
				b := isoMarshal(t, r, f)
				if m.raw != nil {
					b = m.raw(f, b)
				}
				rep := CheckISO(b, f, nil)
				want := isoPrefix(f) + "." + m.want
				got := isoIDs(rep)
				if len(got) != 1 || got[0] != want {
					t.Errorf("assertions %v, want only %s", got, want)
					for _, x := range rep.Findings {
						t.Logf("  %v", x)
					}
					return
				}
				covered[want] = true
				for _, x := range rep.Findings {
					if x.Source == "" || x.Message == "" {
						t.Errorf("finding without source or message: %+v", x)
					}
				}
			})
		}
	}
	// Every assertion of every format is exercised by some mutation.
	for _, f := range isoAllFormats() {
		for _, a := range ISOAssertions(f) {
			if !covered[a.ID] {
				t.Errorf("no mutation exercises %s", a.ID)
			}
		}
	}
}

// TestISOOffsets checks the byte offsets computed from the layout against
// the bytes: a mutated field's finding points at that field.
func TestISOOffsets(t *testing.T) {
	for _, f := range []iso.Format{iso.FMR2005, iso.ANSI378v2004, iso.ANSI378v2009, iso.FMR2011} {
		r := baseISOFMR(f)
		r.Views[0].Minutiae[1].X = 400 // outside; the finding is at the minutia
		r.Views[0].Extensions[1].CoreDelta.Cores[0].Y = 500
		b := isoMarshal(t, r, f)
		rep := CheckISO(b, f, nil)
		for _, x := range rep.Findings {
			off := x.Location.Offset
			switch {
			case strings.HasSuffix(x.Assertion, "view.minutia.location"):
				if got := int(binary.BigEndian.Uint16(b[off:]) & 0x3FFF); got != 400 {
					t.Errorf("%s: %s offset %d holds X %d, want 400", f, x.Assertion, off, got)
				}
			case strings.HasSuffix(x.Assertion, "view.ext.coredelta.location"):
				if got := int(binary.BigEndian.Uint16(b[off+2:])); got != 500 {
					t.Errorf("%s: %s offset %d: Y %d, want 500", f, x.Assertion, off, got)
				}
			default:
				t.Errorf("%s: unexpected %v", f, x)
			}
		}
		if len(rep.Findings) != 2 {
			t.Errorf("%s: %d findings, want 2", f, len(rep.Findings))
		}
	}
}

// TestISOLevels checks that MaxLevel drops the findings above it.
func TestISOLevels(t *testing.T) {
	r := baseISOFIR(iso.FIR2005)
	r.Views[0].Compression, r.Compression = 2, 2 // WSQ declared over raw pixels: level 3
	r.Views[0].Position = 39                     // level 1
	b := isoMarshal(t, r, iso.FIR2005)
	if got := isoIDs(CheckISO(b, "", nil)); len(got) != 2 {
		t.Errorf("all levels: %v, want 2 assertions", got)
	}
	if got := isoIDs(CheckISO(b, "", &ISOOptions{MaxLevel: Level2})); len(got) != 1 || got[0] != "ISO19794-4:2005.view.position" {
		t.Errorf("up to level 2: %v", got)
	}
}

// TestISOAssertionsCatalogue checks that every id is unique per format,
// cites a source, and that the counts are logged.
func TestISOAssertionsCatalogue(t *testing.T) {
	for _, f := range isoAllFormats() {
		as := ISOAssertions(f)
		levels := map[Level]int{}
		for _, a := range as {
			if a.Source == "" || a.Text == "" || !strings.HasPrefix(a.ID, isoPrefix(f)+".") {
				t.Errorf("%s: incomplete assertion %+v", f, a)
			}
			levels[a.Level]++
		}
		t.Logf("%-30s %3d assertions (level 1: %d, level 2: %d, level 3: %d)", f, len(as), levels[Level1], levels[Level2], levels[Level3])
	}
}

// TestISOUnidentified checks that bytes that are no ISO record give one
// finding.
func TestISOUnidentified(t *testing.T) {
	rep := CheckISO([]byte("GIF89a\x00\x00\x00\x00"), "", nil)
	if got := isoIDs(rep); len(got) != 1 || got[0] != "ISO19794.header.format" {
		t.Errorf("got %v", got)
	}
	if rep.Conformant() {
		t.Error("a GIF conforms")
	}
}
