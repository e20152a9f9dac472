package templateio_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/biogate/biogate/match"
	"github.com/biogate/biogate/match/templateio"
)

// TestReadXYT pins NBIS's conventions: y from the bottom edge (row =
// height - y) and theta pointing the other way (angle = theta + 180).
func TestReadXYT(t *testing.T) {
	in := "100 171 247 12\n101 258 202 13\n\n5 374 0 100\n7 1 359 0\n"
	tm, err := templateio.ReadXYT(strings.NewReader(in), 388, 374, 500)
	if err != nil {
		t.Fatal(err)
	}
	want := []match.Minutia{
		{X: 100, Y: 203, Angle: 67, Quality: 12},
		{X: 101, Y: 116, Angle: 22, Quality: 13},
		{X: 5, Y: 0, Angle: 180, Quality: 100},
		{X: 7, Y: 373, Angle: 179, Quality: 0},
	}
	if len(tm.Minutiae) != len(want) {
		t.Fatalf("%d minutiae, want %d", len(tm.Minutiae), len(want))
	}
	for i, m := range tm.Minutiae {
		if m != want[i] {
			t.Errorf("minutia %d: %+v, want %+v", i, m, want[i])
		}
	}
	if tm.Width != 388 || tm.Height != 374 || tm.PPI != 500 {
		t.Errorf("header %dx%d %g", tm.Width, tm.Height, tm.PPI)
	}
}

func TestReadXYTErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"1 2\n", "line 1: 2 columns"},
		{"1 2 3 4\n1 x 3 4\n", `line 2: column 2 "x"`},
		{"400 2 3 4\n", "x 400 outside"},
		{"1 0 3 4\n", "y 0 outside"},
		{"1 375 3 4\n", "y 375 outside"},
		{"1 2 3 101\n", "quality 101"},
		{strings.Repeat("1 2 3 4\n", 1001), "line 1001: more than 1000"},
		{strings.Repeat("9", 5000), "line 1: "},
	} {
		_, err := templateio.ReadXYT(strings.NewReader(tc.in), 388, 374, 500)
		var xe *templateio.XYTError
		if !errors.As(err, &xe) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%.20q: err %v, want an XYTError with %q", tc.in, err, tc.want)
		}
	}
}

// TestReadXYTCorpus reads every mindtct file of the FVC reference.
func TestReadXYTCorpus(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpus, "reference", "nbis-mindtct", "*", "*.xyt"))
	if len(files) == 0 {
		t.Skipf("corpus not available: no %s/reference/nbis-mindtct/*/*.xyt", corpus)
	}
	for _, p := range files {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		// The largest FVC image here is 296×560.
		tm, err := templateio.ReadXYT(f, 600, 600, 500)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if len(tm.Minutiae) == 0 {
			t.Errorf("%s: no minutiae", p)
		}
	}
}
