package templateio_test

import (
	"math"
	"strings"
	"testing"

	"github.com/biogate/biogate/convert"
	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/match"
	"github.com/biogate/biogate/match/templateio"
)

// TestToRecordUnits pins the stored numbers of a small template in the
// two editions an extractor writes: 19794-2:2011 (360/256-degree angles,
// 254 = quality not reported) and INCITS 378-2009 (2-degree angles).
func TestToRecordUnits(t *testing.T) {
	tm := match.Template{
		Width: 388, Height: 374, PPI: 500, Finger: 2, Impression: 0, Quality: 61,
		Minutiae: []match.Minutia{
			{X: 10, Y: 20, Angle: 90, Type: match.RidgeEnding, Quality: 80},
			{X: 300, Y: 350, Angle: 359.5, Type: match.Bifurcation, Quality: -1},
			{X: 5, Y: 6, Angle: 1, Type: match.Other, Quality: 0},
		},
		Cores: []match.SingularPoint{{X: 190, Y: 180, Angle: 45, HasAngle: true}},
	}
	tests := []struct {
		f                  iso.Format
		angles             []uint8
		qualities          []uint8
		ppcm               uint16
		coreAngle          uint8
		viewQuality        uint8
		qualityInHeaderVia string
	}{
		// 90° = 64 units; 359.5° rounds to 256 ≡ 0; 1° = 0.71 units → 1.
		{iso.FMR2011, []uint8{64, 0, 1}, []uint8{80, 254, 0}, 197, 32, 61, "capture"},
		// 90° = 45 units; 359.5° → 179.75 → 180 ≡ 0; 1° = 0.5 → 1 (halves up).
		{iso.ANSI378v2009, []uint8{45, 0, 1}, []uint8{80, 254, 0}, 197, 23, 61, "view"},
		// 2005: "not reported" is 0, and a measured 0 becomes 1.
		{iso.FMR2005, []uint8{64, 0, 1}, []uint8{80, 0, 1}, 197, 32, 61, "view"},
	}
	for _, tc := range tests {
		t.Run(string(tc.f), func(t *testing.T) {
			rec, rep, err := templateio.ToRecord(tm, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			v := rec.Views[0]
			for i, m := range v.Minutiae {
				if m.Angle != tc.angles[i] || m.Quality != tc.qualities[i] {
					t.Errorf("minutia %d: angle %d quality %d, want %d and %d", i, m.Angle, m.Quality, tc.angles[i], tc.qualities[i])
				}
			}
			if v.XRes != tc.ppcm || v.Width != 388 || v.Height != 374 || v.Position != 2 {
				t.Errorf("view header %+v", v)
			}
			q := v.Quality
			if tc.qualityInHeaderVia == "capture" {
				q = v.Capture.Quality[0].Score
			}
			if q != tc.viewQuality {
				t.Errorf("finger quality %d, want %d", q, tc.viewQuality)
			}
			cd := v.Find(iso.BlockCoreDelta)
			if cd == nil || len(cd.CoreDelta.Cores) != 1 || cd.CoreDelta.Cores[0].Angle != tc.coreAngle {
				t.Errorf("core block %+v, want one core at angle %d", cd, tc.coreAngle)
			}
			if tc.f == iso.FMR2005 && !rep.Has("minutia quality") {
				t.Errorf("the measured quality 0 written as 1 is not reported: %v", rep)
			}
			if _, err := iso.Marshal(rec, tc.f); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestToRecordLimits: a template beyond what a view holds is cut or
// clamped with a finding, never written wrong.
func TestToRecordLimits(t *testing.T) {
	tm := match.Template{Width: 500, Height: 500, Quality: -1}
	for i := range 300 {
		tm.Minutiae = append(tm.Minutiae, match.Minutia{X: i, Y: i, Quality: i % 101})
	}
	tm.Minutiae[299].X = -4 // quality 97: kept, then clamped
	tm.RidgeCounts = []match.RidgeCount{{A: 299, B: 298, Count: 3}, {A: 0, B: 1, Count: 2}}
	rec, rep, err := templateio.ToRecord(tm, iso.FMR2011)
	if err != nil {
		t.Fatal(err)
	}
	v := rec.Views[0]
	if len(v.Minutiae) != 255 {
		t.Fatalf("%d minutiae written, want 255", len(v.Minutiae))
	}
	for _, m := range v.Minutiae {
		if m.Quality < 15 { // qualities 0..97 thrice, 98..100 twice: the 45 cut are 0..14
			t.Fatalf("minutia of quality %d kept among the best 255", m.Quality)
		}
	}
	for _, w := range []string{"minutiae beyond 255", "position", "image resolution"} {
		if !rep.Has(w) {
			t.Errorf("no finding for %q: %v", w, rep)
		}
	}
	rc := v.Find(iso.BlockRidgeCount).RidgeCounts.Counts
	if len(rc) == 0 || rc[0].Index1 == 0 {
		t.Errorf("ridge counts %v: the count between kept minutiae 299 and 298 is lost", rc)
	}
	if _, _, err := templateio.ToRecord(match.Template{Width: 70000}, iso.FMR2011); err == nil || !strings.Contains(err.Error(), "width") {
		t.Errorf("width 70000: err %v", err)
	}
	if _, _, err := templateio.ToRecord(tm, iso.FIR2011); err == nil {
		t.Error("a finger image format accepted as a minutiae target")
	}
}

// TestCardFormats: the card formats, which hold millimetres, are reached
// through convert and come back within one pixel.
func TestCardFormats(t *testing.T) {
	tm := match.Template{Width: 400, Height: 400, PPI: 500, Quality: -1,
		Minutiae: []match.Minutia{{X: 100, Y: 200, Angle: 45, Type: match.RidgeEnding, Quality: -1}, {X: 399, Y: 0, Angle: 180, Type: match.Bifurcation, Quality: -1}}}
	for _, f := range []iso.Format{iso.FMR2005CardNormal, iso.FMR2005CardCompact} {
		rec, _, err := templateio.ToRecord(tm, f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		got, rep, err := templateio.FromRecord(rec, 0)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if !rep.Has("image resolution") {
			t.Errorf("%s: the assumed resolution is not reported: %v", f, rep)
		}
		for i, m := range tm.Minutiae {
			n := got.Minutiae[i]
			if abs(m.X-n.X) > 1 || abs(m.Y-n.Y) > 1 || math.Abs(angleDiff(m.Angle, n.Angle)) > 180/float64(f.Units().AngleSteps) {
				t.Errorf("%s minutia %d: %+v came back %+v", f, i, m, n)
			}
		}
	}
	if _, _, err := templateio.FromRecord(&iso.MinutiaeRecord{Format: iso.FMR2011}, 0); err == nil {
		t.Error("view 0 of a record without views read")
	}
	var _ = convert.MinutiaeFormats
}

// TestToRecordViews joins two templates into one record of each record
// edition and reads each view back.
func TestToRecordViews(t *testing.T) {
	a := match.Template{Width: 300, Height: 400, PPI: 500, Finger: 1, Quality: -1, Minutiae: []match.Minutia{{X: 1, Y: 2, Angle: 90, Type: match.RidgeEnding, Quality: 50}}}
	b := a
	b.Finger = 6
	b.Minutiae = []match.Minutia{{X: 7, Y: 8, Angle: 180, Type: match.Bifurcation, Quality: 60}, {X: 9, Y: 9, Angle: 0, Quality: 70}}
	for _, f := range []iso.Format{iso.FMR2011, iso.ANSI378v2009, iso.FMR2005, iso.ANSI378v2004} {
		rec, _, err := templateio.ToRecordViews([]match.Template{a, b}, f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		raw, err := iso.Marshal(rec, f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		dec, err := iso.DecodeAs(raw, f, nil)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for i, want := range []match.Template{a, b} {
			got, _, err := templateio.FromRecord(dec.(*iso.MinutiaeRecord), i)
			if err != nil {
				t.Fatalf("%s view %d: %v", f, i, err)
			}
			if d := compareTemplates(want, got, 0); d != "" {
				t.Errorf("%s view %d: %s", f, i, d)
			}
		}
	}
	c := a
	c.Width = 500
	if _, _, err := templateio.ToRecordViews([]match.Template{a, c}, iso.FMR2005); err == nil {
		t.Error("19794-2:2005 took two image sizes in one record")
	}
}

// TestFromRecordNamesWhatItLeaves: what a template has no place for is
// named in the report.
func TestFromRecordNamesWhatItLeaves(t *testing.T) {
	rec := &iso.MinutiaeRecord{Format: iso.ANSI378v2009, ProductOwner: 0x33, DeviceID: 7,
		Views: []iso.MinutiaeView{{Width: 10, Height: 10, XRes: 197, YRes: 197, Quality: 60, QualityVendor: 0x0F, QualityAlgorithm: 3,
			Minutiae:   []iso.Minutia{{Type: 1, X: 1, Y: 2, Angle: 45, Quality: 255}},
			Extensions: []iso.ExtendedBlock{{Type: 0x0101, Data: []byte{1, 2}}}}}}
	tm, rep, err := templateio.FromRecord(rec, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"finger quality algorithm", "CBEFF product identifier", "extended data block 0x0101", "quality 255"} {
		if !rep.Has(w) {
			t.Errorf("no finding for %q: %v", w, rep)
		}
	}
	if tm.Quality != 60 || tm.Minutiae[0].Angle != 90 || tm.Minutiae[0].Quality != -1 {
		t.Errorf("template %+v", tm)
	}
}
