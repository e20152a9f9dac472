package iso_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/biogate/biogate/iso"
)

// minutiaeRecord builds a fully populated record for edition f: three views
// of two fingers (one view without minutiae), ridge counts, cores and
// deltas in the edition's layout, and a vendor-defined block.
func minutiaeRecord(f iso.Format) *iso.MinutiaeRecord {
	ansi := f != iso.FMR2005 && f != iso.FMR2011
	perRecord := f == iso.FMR2005 || f == iso.ANSI378v2004
	long := f == iso.ANSI378v2007 || f == iso.ANSI378v2009 || f == iso.ANSI378v2009AM1
	maxAngle := 255
	if ansi {
		maxAngle = 179
	}
	rec := &iso.MinutiaeRecord{Format: f}
	switch f {
	case iso.FMR2005:
		rec.Equipment = 0x80B5
	case iso.ANSI378v2004, iso.ANSI378v2007:
		rec.ProductOwner, rec.ProductType, rec.Equipment = 0x0042, 0x0011, 0x10B5
	case iso.ANSI378v2009, iso.ANSI378v2009AM1:
		rec.ProductOwner, rec.ProductType, rec.DeviceCertification, rec.DeviceID = 0x0033, 0x0101, 0x80, 0x0ABC
	case iso.FMR2011:
		rec.CertificationFlag = 1
	}
	if perRecord {
		rec.Width, rec.Height, rec.XRes, rec.YRes = 400, 500, 197, 197
	}
	core := iso.CoreDelta{
		Cores:  []iso.Core{{Type: 1, X: 150, Y: 250, HasAngle: true, Angle: 90}, {Type: 1, X: 100, Y: 150, HasAngle: true, Angle: 45}},
		Deltas: []iso.Delta{{Type: 1, X: 143, Y: 232, HasAngle: true, Angles: [3]uint8{100, 110, 120}}},
	}
	if ansi {
		core.CoreInfo, core.DeltaInfo = 0x40, 0x40
		for i := range core.Cores {
			core.Cores[i].Type = 0
		}
		core.Deltas[0].Type = 0
	}
	for i, pos := range []uint8{2, 2, 7} {
		v := iso.MinutiaeView{Position: pos, ViewNumber: uint8(i % 2), Impression: uint8(i), Quality: uint8(60 + i)}
		v.Width, v.Height, v.XRes, v.YRes = 400, 500, 197, 197
		if long {
			v.QualityVendor, v.QualityAlgorithm = 0x000F, 0x0001
		}
		if f == iso.FMR2011 {
			v.Capture = &iso.Capture{
				DateTime:         iso.DateTime{2011, 3, 4, 5, 6, 7, 890},
				DeviceTechnology: 1, DeviceVendor: 0x0101, DeviceType: 0x0202,
				Quality:        []iso.QualityBlock{{Score: 80, Vendor: 0x0001, Algorithm: 0x0002}},
				Certifications: []iso.CertificationBlock{{Authority: 0x0001, Scheme: 1}},
			}
			v.MinutiaSize, v.EndingType = 6, 1
			v.Quality = 0 // 2011 has no view quality byte: quality is in Capture.Quality
		}
		if i != 1 { // view 2 has no minutiae
			for j := 0; j < 30; j++ {
				v.Minutiae = append(v.Minutiae, iso.Minutia{
					Type: uint8(j%3) & 3, X: uint16(10 + 12*j), Y: uint16(480 - 15*j),
					Angle: uint8((j * 37) % (maxAngle + 1)), Quality: uint8(j * 3),
				})
			}
			rc := &iso.RidgeCounts{Method: 2}
			for j := 1; j < 30; j++ {
				rc.Counts = append(rc.Counts, iso.RidgeCount{Index1: uint8(j), Index2: uint8(j + 1), Count: uint8(j % 7)})
			}
			cd := core
			v.Extensions = []iso.ExtendedBlock{
				{Type: iso.BlockRidgeCount, RidgeCounts: rc},
				{Type: iso.BlockCoreDelta, CoreDelta: &cd},
				{Type: 0x0105, Data: []byte("vendor data")},
			}
		}
		rec.Views = append(rec.Views, v)
	}
	return rec
}

func TestRoundTripMinutiae(t *testing.T) {
	for _, f := range []iso.Format{iso.FMR2005, iso.FMR2011, iso.ANSI378v2004, iso.ANSI378v2007, iso.ANSI378v2009, iso.ANSI378v2009AM1} {
		t.Run(string(f), func(t *testing.T) {
			rec := minutiaeRecord(f)
			b, err := iso.Marshal(rec, f)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := iso.Identify(b); err != nil || got != f {
				t.Errorf("Identify = %s, %v; want %s", got, err, f)
			}
			got, err := iso.DecodeAs(b, f, nil)
			if err != nil {
				t.Fatalf("strict decode: %v", err)
			}
			if !reflect.DeepEqual(got, rec) {
				t.Errorf("decoded record differs:\n got %+v\nwant %+v", got, rec)
			}
			b2, err := iso.Marshal(got, f)
			if err != nil || !bytes.Equal(b, b2) {
				t.Errorf("re-encoding differs (%v)", err)
			}
		})
	}
}

func TestRoundTripCards(t *testing.T) {
	for _, f := range []iso.Format{iso.FMR2005CardNormal, iso.FMR2005CardCompact} {
		rec := &iso.MinutiaeRecord{Format: f, Views: []iso.MinutiaeView{{}}}
		for j := 0; j < 20; j++ {
			rec.Views[0].Minutiae = append(rec.Views[0].Minutiae, iso.Minutia{Type: uint8(j % 3), X: uint16(5 * j), Y: uint16(200 - 7*j), Angle: uint8(j * 3)})
		}
		b, err := iso.Marshal(rec, f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := iso.DecodeAs(b, f, nil)
		if err != nil || !reflect.DeepEqual(got, rec) {
			t.Errorf("%s: decoded %+v, %v", f, got, err)
		}
	}
}

func TestRoundTripFingerImage(t *testing.T) {
	for _, f := range []iso.Format{iso.FIR2005, iso.ANSI381v2004, iso.FIR2011} {
		rec := &iso.FingerImageRecord{Format: f}
		v := iso.FingerImageView{ScaleUnits: 1, ScanXRes: 500, ScanYRes: 500, XRes: 500, YRes: 500, BitDepth: 8, Compression: 2}
		switch f {
		case iso.FIR2011:
			rec.CertificationFlag, rec.FingersPresent = 1, 2
		default:
			rec.Equipment, rec.AcquisitionLevel = 0x0123, 31
			rec.ScaleUnits, rec.ScanXRes, rec.ScanYRes, rec.XRes, rec.YRes, rec.BitDepth, rec.Compression = 1, 500, 500, 500, 500, 8, 2
			if f == iso.ANSI381v2004 {
				rec.ProductOwner, rec.ProductType = 0x0042, 0x0007
			}
		}
		for i := 0; i < 3; i++ {
			v := v
			v.Position, v.ViewNumber, v.Impression, v.Width, v.Height = uint8(i+1), 1, 0, 100, 120
			v.Image = bytes.Repeat([]byte{byte(i)}, 50+i)
			if f == iso.FIR2011 {
				v.Capture = &iso.Capture{DateTime: iso.UnknownDateTime, Quality: []iso.QualityBlock{{Score: 254}}, Certifications: []iso.CertificationBlock{{Authority: 5, Scheme: 2}}}
				v.Extended = []byte{0x00, 0x03, 0x00, 0x06, 'h', 'i'}
			} else {
				v.ViewCount, v.Quality = 1, 80
			}
			rec.Views = append(rec.Views, v)
		}
		roundTrip(t, rec, f)
	}
}

func TestRoundTripFace(t *testing.T) {
	for _, f := range []iso.Format{iso.Face2005, iso.ANSI385v2004, iso.Face2011} {
		rec := &iso.FaceRecord{Format: f}
		if f == iso.Face2011 {
			rec.TemporalSemantics = 0x0102
		}
		for i := 0; i < 2; i++ {
			im := iso.FaceImage{Gender: 1, EyeColour: 3, HairColour: 4, Properties: iso.FacePropertiesSpecified | iso.FaceGlasses,
				Expression: 1, Pose: [3]uint8{91, 91, 91}, PoseUncertainty: [3]uint8{1, 2, 3},
				FeaturePoints: []iso.FeaturePoint{{Type: 1, Code: 0x36, X: 10, Y: 20}, {Type: 1, Code: 0x35, X: 30, Y: 20}},
				ImageType:     1, ImageDataType: 0, Width: 64, Height: 80, ColourSpace: 1, Image: []byte{0xFF, 0xD8, byte(i), 0xFF, 0xD9}}
			if f == iso.Face2011 {
				im.Capture = &iso.Capture{DateTime: iso.UnknownDateTime}
				im.SubjectHeight, im.SpatialSamplingLevel, im.PostAcquisition, im.CrossReference = 170, 2, 1, 0
				im.FeaturePoints[0].Z = 5
			} else {
				im.SourceType, im.DeviceType, im.Quality = 2, 0x4947, 0
			}
			if i == 1 {
				im.FeaturePoints = nil
			}
			rec.Images = append(rec.Images, im)
		}
		roundTrip(t, rec, f)
	}
}

func TestRoundTripIris(t *testing.T) {
	for _, f := range []iso.Format{iso.Iris2005, iso.Iris2011} {
		rec := &iso.IrisRecord{Format: f}
		if f == iso.Iris2005 {
			rec.ImageProperties, rec.IrisDiameter, rec.ImageFormat2005 = 0x0010, 210, 14
			rec.Width, rec.Height, rec.BitDepth = 640, 480, 8
			copy(rec.DeviceUniqueID[:], "D1234")
			rec.Subtypes = []iso.IrisSubtype{{Eye: 1, Images: 2}, {Eye: 2, Images: 1}}
		} else {
			rec.EyesPresent = 2
		}
		for i, eye := range []uint8{1, 1, 2} {
			im := iso.IrisImage{Eye: eye, Number: uint16(i + 1), Image: bytes.Repeat([]byte{0xAB}, 10+i)}
			if f == iso.Iris2005 {
				im.Quality, im.Rotation, im.RotationUncertainty = 80, 0xFFFF, 0xFFFF
			} else {
				im.Capture = &iso.Capture{DateTime: iso.DateTime{2005, 12, 15, 17, 35, 20, 0xFFFF}}
				im.ImageType, im.ImageFormat, im.Properties, im.Width, im.Height, im.BitDepth = 1, 14, 0x85, 76, 47, 8
				im.RollAngle, im.RollUncertainty = 0xFFFF, 0xFFFF
			}
			rec.Images = append(rec.Images, im)
		}
		roundTrip(t, rec, f)
	}
}

func roundTrip(t *testing.T, rec iso.Record, f iso.Format) {
	t.Helper()
	b, err := iso.Marshal(rec, f)
	if err != nil {
		t.Fatalf("%s: %v", f, err)
	}
	if f != iso.ANSI385v2004 {
		if got, err := iso.Identify(b); err != nil || got != f {
			t.Errorf("%s: Identify = %s, %v", f, got, err)
		}
	}
	got, err := iso.DecodeAs(b, f, nil)
	if err != nil {
		t.Fatalf("%s: strict decode: %v", f, err)
	}
	if !reflect.DeepEqual(got, rec) {
		t.Errorf("%s: decoded record differs:\n got %+v\nwant %+v", f, got, rec)
	}
}
