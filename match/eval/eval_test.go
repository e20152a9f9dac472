package eval

import (
	"bufio"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const corpusDir = "../../../shared/corpus"

func TestDETSmall(t *testing.T) {
	// Genuine 0.9 0.8 0.4; impostor 0.5 0.2 0.1 0.1.
	scores := []float64{0.9, 0.5, 0.8, 0.2, 0.4, 0.1, 0.1}
	gen := []bool{true, false, true, false, true, false, false}
	pts, err := DET(scores, gen)
	if err != nil {
		t.Fatal(err)
	}
	want := []Point{
		{0.1, 1, 0},
		{0.2, 0.5, 0},
		{0.4, 0.25, 0},
		{0.5, 0.25, 1.0 / 3},
		{0.8, 0, 1.0 / 3},
		{0.9, 0, 2.0 / 3},
		{math.Inf(1), 0, 1},
	}
	if len(pts) != len(want) {
		t.Fatalf("got %d points %v, want %d", len(pts), pts, len(want))
	}
	for i := range want {
		if pts[i].Threshold != want[i].Threshold || !near(pts[i].FMR, want[i].FMR) || !near(pts[i].FNMR, want[i].FNMR) {
			t.Errorf("point %d = %+v, want %+v", i, pts[i], want[i])
		}
	}
	// Closest at threshold 0.5: |0.25-1/3|.
	if e := EER(pts); !near(e, (0.25+1.0/3)/2) {
		t.Errorf("EER = %v", e)
	}
	if p := AtFMR(pts, 0.3); p.Threshold != 0.4 || p.FNMR != 0 {
		t.Errorf("AtFMR(0.3) = %+v", p)
	}
	if p := AtFMR(pts, 0); p.Threshold != 0.8 || !near(p.FNMR, 1.0/3) {
		t.Errorf("AtFMR(0) = %+v", p)
	}
}

func TestEERClosestPoint(t *testing.T) {
	pts := []Point{{0, 1, 0}, {1, 0.2, 0.1}, {2, 0.1, 0.3}, {math.Inf(1), 0, 1}}
	// Closest at threshold 1 (|0.2-0.1| < |0.1-0.3|): mean 0.15.
	if e := EER(pts); !near(e, 0.15) {
		t.Errorf("EER = %v", e)
	}
}

func TestPerfectSeparation(t *testing.T) {
	s, _, err := Summarise([]float64{3, 4, 1, 2}, []bool{true, true, false, false})
	if err != nil {
		t.Fatal(err)
	}
	if s.EER != 0 || s.ZeroFMR.FNMR != 0 || s.ZeroFMR.Threshold != 3 || s.Genuine != 2 || s.Impostor != 2 {
		t.Errorf("summary %+v", s)
	}
}

func TestErrors(t *testing.T) {
	if _, err := DET([]float64{1}, []bool{true, false}); !errors.As(err, new(LengthError)) {
		t.Errorf("length mismatch: %v", err)
	}
	if _, err := DET([]float64{1, 2}, []bool{true, true}); !errors.Is(err, ErrNoComparisons) {
		t.Errorf("no impostor: %v", err)
	}
	if _, err := DET([]float64{1, math.NaN()}, []bool{true, false}); !errors.As(err, new(NaNError)) {
		t.Errorf("NaN: %v", err)
	}
	if _, err := DET(nil, nil); !errors.Is(err, ErrNoComparisons) {
		t.Errorf("empty: %v", err)
	}
}

// TestNBISTable reproduces the NBIS figures of the corpus README from the
// bozorth3 scores, which checks that this package follows its protocol.
func TestNBISTable(t *testing.T) {
	want := map[string][4]float64{ // EER, FNMR at FMR 1%, 0.1%, 0 (percent)
		"fvc2002-db1-b": {4.17, 6.79, 11.25, 14.82},
		"fvc2002-db2-b": {2.59, 3.57, 5.71, 6.79},
		"fvc2002-db3-b": {8.94, 20.54, 28.39, 31.96},
		"fvc2002-db4-b": {5.40, 10.54, 19.82, 21.25},
		"fvc2004-db2-b": {14.22, 28.93, 38.39, 45.36},
		"fvc2004-db3-b": {4.43, 8.04, 14.29, 17.14},
		"fvc2004-db4-b": {5.62, 9.82, 13.75, 15.00},
	}
	for set, w := range want {
		path := filepath.Join(corpusDir, "reference", "nbis-bozorth3-"+set+".tsv")
		scores, gen, err := readTSV(path)
		if errors.Is(err, os.ErrNotExist) {
			t.Skipf("corpus absent: %v", err)
		}
		if err != nil {
			t.Fatal(err)
		}
		s, _, err := Summarise(scores, gen)
		if err != nil {
			t.Fatal(err)
		}
		got := [4]float64{s.EER, s.FMR1.FNMR, s.FMR01.FNMR, s.ZeroFMR.FNMR}
		for i := range got {
			if math.Abs(got[i]*100-w[i]) > 0.006 {
				t.Errorf("%s: figure %d = %.3f%%, want %.2f%%", set, i, got[i]*100, w[i])
			}
		}
		if s.Genuine+s.Impostor != 6320 {
			t.Errorf("%s: %d comparisons", set, s.Genuine+s.Impostor)
		}
	}
}

func readTSV(path string) ([]float64, []bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var scores []float64
	var gen []bool
	sc := bufio.NewScanner(f)
	for line := 0; sc.Scan(); line++ {
		fields := strings.Split(sc.Text(), "\t")
		if line == 0 || len(fields) != 4 {
			continue
		}
		s, err := strconv.ParseFloat(fields[3], 64)
		if err != nil {
			return nil, nil, err
		}
		scores = append(scores, s)
		gen = append(gen, fields[2] == "1")
	}
	return scores, gen, sc.Err()
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 }
