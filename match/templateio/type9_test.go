package templateio_test

import (
	"bytes"
	"image"
	"math"
	"testing"

	"github.com/biogate/biogate/conformance"
	"github.com/biogate/biogate/convert"
	"github.com/biogate/biogate/match"
	"github.com/biogate/biogate/match/templateio"
	"github.com/biogate/biogate/nist"
)

// TestAddType9Validates adds an extractor's template (no quality
// algorithm, a core and a delta without angles) to a transaction: the
// Type-9 record validates against ANSI/NIST-ITL 1-2011 Update 2015.
// Regression: 9.126 CPI was "unspecified" (CPI is eight hex digits),
// 9.135 QAP was 0 (1-65535) and 9.139/9.140 lacked their mandatory angle.
func TestAddType9Validates(t *testing.T) {
	grey := image.NewGray(image.Rect(0, 0, 256, 256))
	tr, _, err := convert.WrapImages([]convert.LooseImage{{Image: grey, PPI: 500, Position: 2}},
		&convert.TransactionOptions{TypeOfTransaction: "CPS", Destination: "D", Originating: "O", ControlNumber: "T",
			Image: &convert.ImageOptions{Source: "S", Date: "20260101"}})
	if err != nil {
		t.Fatal(err)
	}
	tm := match.Template{Width: 256, Height: 256, PPI: 500, Finger: 2, Quality: 61,
		Minutiae: []match.Minutia{{X: 10, Y: 12, Angle: 33, Type: match.RidgeEnding, Quality: 80}, {X: 40, Y: 50, Angle: 200, Type: match.Bifurcation, Quality: 55}},
		Cores:    []match.SingularPoint{{X: 30, Y: 30, Angle: math.NaN()}},
		Deltas:   []match.SingularPoint{{X: 20, Y: 50, Angle: math.NaN()}},
	}
	r, rep, err := templateio.AddType9(tr, tm, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Has("cores and deltas without an angle") {
		t.Errorf("the angle-less core and delta left out without a finding: %v", rep)
	}
	if idc, _ := r.IDC(); idc != 1 {
		t.Errorf("IDC %d, want 1", idc)
	}
	var buf bytes.Buffer
	if err := nist.Encode(&buf, tr); err != nil {
		t.Fatal(err)
	}
	back, err := nist.DecodeBytes(buf.Bytes(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range conformance.Check(back, nil, nil).Findings {
		if f.Severity == conformance.Error {
			t.Errorf("%v", f)
		}
	}
	got, _, err := templateio.FromTransaction(back, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.Quality != 61 || len(got.Minutiae) != 2 || got.Minutiae[1].Angle != 200 {
		t.Errorf("read back: quality %d, minutiae %+v", got.Quality, got.Minutiae)
	}
}
