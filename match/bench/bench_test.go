package bench_test

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/biogate/biogate/match/bench"
	"github.com/biogate/biogate/match/eval"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// synthetic is a small labelled score set with ties, a genuine pair
// scoring 0 and an impostor scoring above some genuine pairs.
var synthetic = struct {
	scores  []float64
	genuine []bool
}{
	scores:  []float64{0.91, 0.85, 0.85, 0.40, 0.00, 0.62, 0.30, 0.85, 0.10, 0.05, 0.30, 0.02, 0.00, 0.44},
	genuine: []bool{true, true, true, true, true, false, false, false, false, false, false, false, false, true},
}

// TestDETTableGolden writes the DET sweep of the synthetic scores and
// compares it with testdata/det-synthetic.tsv (go test -update rewrites
// it). The figures can be checked by hand: 6 genuine, 8 impostor pairs.
func TestDETTableGolden(t *testing.T) {
	points, err := eval.DET(synthetic.scores, synthetic.genuine)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := bench.WriteDETTable(&buf, points); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "det-synthetic.tsv")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("DET table differs from %s:\n%s\nwant:\n%s", golden, buf.Bytes(), want)
	}
}

// TestDrawDET draws the synthetic curve and checks the picture holds the
// curve's colour, the legend and the grid, and decodes as PNG.
func TestDrawDET(t *testing.T) {
	s, points, err := eval.Summarise(synthetic.scores, synthetic.genuine)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := bench.WriteDET(&buf, "synthetic", []bench.Curve{{Label: "synthetic", Points: points, EER: s.EER}}); err != nil {
		t.Fatal(err)
	}
	m, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[[3]uint32]int{}
	b := m.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := m.At(x, y).RGBA()
			counts[[3]uint32{r >> 8, g >> 8, bl >> 8}]++
		}
	}
	if counts[[3]uint32{0, 114, 178}] < 200 {
		t.Errorf("the curve colour covers %d pixels; a curve and legend need more", counts[[3]uint32{0, 114, 178}])
	}
	if counts[[3]uint32{0, 0, 0}] < 1000 {
		t.Errorf("%d black pixels: frame and labels missing", counts[[3]uint32{0, 0, 0}])
	}
	if counts[[3]uint32{200, 200, 200}] < 500 {
		t.Errorf("%d grid pixels", counts[[3]uint32{200, 200, 200}])
	}
	if *update {
		os.WriteFile(filepath.Join("testdata", "det-synthetic.png"), mustPNG(t, m), 0o644)
	}
}

func mustPNG(t *testing.T, m image.Image) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSamples(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"102_1.tif", "101_2.tif", "101_1.tif", "notes.txt", "Thumbs.db", "101_x.tif"} {
		os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o644)
	}
	s, err := bench.Samples(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range s {
		got = append(got, x.Name())
	}
	want := []string{"101_1.tif", "101_2.tif", "102_1.tif"}
	if len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("samples %v, want %v", got, want)
	}
	if _, err := bench.Samples(t.TempDir()); err == nil {
		t.Error("an empty folder gave samples")
	}
}
