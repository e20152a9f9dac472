package extract

import (
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/biogate/biogate/match"
)

var update = flag.Bool("update", false, "rewrite the golden templates in testdata")

// hugeImage claims a size without holding pixels: Extract must refuse it
// before reading any.
type hugeImage struct{ w, h int }

func (m hugeImage) ColorModel() color.Model { return color.GrayModel }
func (m hugeImage) Bounds() image.Rectangle { return image.Rect(0, 0, m.w, m.h) }
func (m hugeImage) At(x, y int) color.Color { panic("pixel read from an image Extract should refuse") }

func TestInputErrors(t *testing.T) {
	ok := image.NewGray(image.Rect(0, 0, 64, 64))
	tests := []struct {
		name string
		img  image.Image
		ppi  float64
		want string
	}{
		{"nil image", nil, 500, "no image"},
		{"zero ppi", ok, 0, "resolution 0 ppi"},
		{"NaN ppi", ok, math.NaN(), "resolution NaN ppi"},
		{"ppi too high", ok, 5000, "resolution 5000 ppi"},
		{"empty", image.NewGray(image.Rect(0, 0, 0, 10)), 500, "empty image 0x10"},
		{"too many pixels", hugeImage{1 << 16, 1 << 16}, 500, "more than 4194304 pixels"},
		{"too many pixels at 500 ppi", hugeImage{1500, 1500}, 250, "has more than 4194304 pixels at 500 ppi"},
		{"too small", image.NewGray(image.Rect(0, 0, 20, 400)), 500, "smaller than 32 px"},
		{"too small after rescale", image.NewGray(image.Rect(0, 0, 60, 60)), 1000, "smaller than 32 px"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Extract(tc.img, tc.ppi)
			var ie *InputError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want an InputError containing %q", err, tc.want)
			}
		})
	}
}

// dislocation draws ridges of period T running vertically with one phase
// singularity at (x0, y0): cos(2π·x/T + atan2(y−y0, x−x0)) has exactly one
// more ridge on one side of the point than on the other, so the point is a
// ridge ending or a bifurcation (the "fork" of Larkin and Fletcher's AM-FM
// fingerprint model, Optics Express 15(14), 2007).
func dislocation(w, h int, T, x0, y0 float64) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			ph := 2*math.Pi*float64(x)/T + math.Atan2(float64(y)-y0, float64(x)-x0)
			img.Pix[y*img.Stride+x] = uint8(128 + 100*math.Cos(ph))
		}
	}
	return img
}

// TestSyntheticMinutia finds the one minutia of a synthetic dislocation,
// where it is, and nothing else.
func TestSyntheticMinutia(t *testing.T) {
	for _, tc := range []struct{ x0, y0 float64 }{{100, 100}, {87.5, 120.5}, {130, 75}} {
		tp, err := Extract(dislocation(240, 240, 9, tc.x0, tc.y0), 500)
		if err != nil {
			t.Fatal(err)
		}
		if len(tp.Minutiae) != 1 {
			t.Fatalf("singularity at (%g, %g): %d minutiae %+v, want 1", tc.x0, tc.y0, len(tp.Minutiae), tp.Minutiae)
		}
		m := tp.Minutiae[0]
		if d := math.Hypot(float64(m.X)-tc.x0, float64(m.Y)-tc.y0); d > 6 {
			t.Errorf("minutia at (%d, %d), %.1f px from the singularity (%g, %g)", m.X, m.Y, d, tc.x0, tc.y0)
		}
		// The ridges are vertical: the direction is up or down.
		if d := math.Min(angDiff(m.Angle, 90), angDiff(m.Angle, 270)); d > 20 {
			t.Errorf("minutia direction %.1f°, want within 20° of vertical", m.Angle)
		}
		if tp.Quality < 50 {
			t.Errorf("image quality %d for clean synthetic ridges", tp.Quality)
		}
	}
}

// TestDeterministic extracts the same image twice, and with several
// workers: the templates must be identical.
func TestDeterministic(t *testing.T) {
	img := dislocation(300, 260, 8.5, 140, 120)
	a, err := Extract(img, 500)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Extract(img, 500)
	c, _ := ExtractWith(img, 500, Options{Workers: 4})
	if !reflect.DeepEqual(a, b) || !reflect.DeepEqual(a, c) {
		t.Fatalf("templates differ:\n%+v\n%+v\n%+v", a, b, c)
	}
}

// TestSubImage extracts from a sub-image (bounds not at the origin): the
// result is the one for the same pixels copied to a fresh image.
func TestSubImage(t *testing.T) {
	big := dislocation(300, 300, 9, 150, 150)
	sub := big.SubImage(image.Rect(40, 30, 260, 270))
	fresh := image.NewGray(image.Rect(0, 0, 220, 240))
	for y := range 240 {
		copy(fresh.Pix[y*fresh.Stride:], big.Pix[(y+30)*big.Stride+40:(y+30)*big.Stride+260])
	}
	a, err := Extract(sub, 500)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Extract(fresh, 500)
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("sub-image template differs:\n%+v\n%+v", a, b)
	}
}

// formatTemplate is the golden text of a template: one line per item.
func formatTemplate(tp *match.Template) string {
	var b strings.Builder
	fmt.Fprintf(&b, "size %dx%d ppi %g quality %d\n", tp.Width, tp.Height, tp.PPI, tp.Quality)
	for _, m := range tp.Minutiae {
		fmt.Fprintf(&b, "minutia %d %d %.1f %d %d\n", m.X, m.Y, m.Angle, m.Type, m.Quality)
	}
	for _, s := range tp.Cores {
		fmt.Fprintf(&b, "core %d %d\n", s.X, s.Y)
	}
	for _, s := range tp.Deltas {
		fmt.Fprintf(&b, "delta %d %d\n", s.X, s.Y)
	}
	return b.String()
}

// TestGolden compares templates with the golden ones in testdata (made by
// this extractor, checked by eye on the debug dump; -update rewrites them):
// a synthetic image, and corpus images from three sensors, one of them at
// 569 ppi.
func TestGolden(t *testing.T) {
	cases := []struct {
		name string
		img  func(t *testing.T) (image.Image, float64)
	}{
		{"synthetic-dislocation", func(*testing.T) (image.Image, float64) { return dislocation(240, 220, 9, 110, 100), 500 }},
		{"fvc2002-db1-b_101_1", corpusImage("fvc2002-db1-b/101_1.tif", 500)},
		{"fvc2002-db2-b_103_4", corpusImage("fvc2002-db2-b/103_4.tif", 569)},
		{"fvc2004-db3-b_105_2", corpusImage("fvc2004-db3-b/105_2.tif", 512)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			img, ppi := tc.img(t)
			tp, err := Extract(img, ppi)
			if err != nil {
				t.Fatal(err)
			}
			got := formatTemplate(tp)
			path := filepath.Join("testdata", tc.name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create)", err)
			}
			if got != string(want) {
				t.Errorf("template differs from %s:\n%s", path, lineDiff(string(want), got))
			}
		})
	}
}

func corpusImage(rel string, ppi float64) func(t *testing.T) (image.Image, float64) {
	return func(t *testing.T) (image.Image, float64) {
		p := filepath.Join(corpusDir, "fingerprints", rel)
		if _, err := os.Stat(p); err != nil {
			t.Skipf("corpus image %s absent", p)
		}
		return loadTIFF(t, p), ppi
	}
}

// lineDiff lists the lines only in a and only in b.
func lineDiff(a, b string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	ma, mb := in(a), in(b)
	var out strings.Builder
	for _, l := range strings.Split(a, "\n") {
		if !mb[l] {
			fmt.Fprintf(&out, "- %s\n", l)
		}
	}
	for _, l := range strings.Split(b, "\n") {
		if !ma[l] {
			fmt.Fprintf(&out, "+ %s\n", l)
		}
	}
	return out.String()
}

// whorl draws concentric ridges round (x0, y0): one core there (Poincaré
// index +1, reported as a core), no delta.
func whorl(w, h int, T, x0, y0 float64) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			r := math.Hypot(float64(x)-x0, float64(y)-y0)
			img.Pix[y*img.Stride+x] = uint8(128 + 100*math.Cos(2*math.Pi*r/T))
		}
	}
	return img
}

// TestSingularPoints finds the core of a synthetic whorl, and no delta.
func TestSingularPoints(t *testing.T) {
	tp, err := Extract(whorl(260, 260, 9, 125, 135), 500)
	if err != nil {
		t.Fatal(err)
	}
	if len(tp.Cores) != 1 || len(tp.Deltas) != 0 {
		t.Fatalf("cores %+v deltas %+v, want one core", tp.Cores, tp.Deltas)
	}
	if c := tp.Cores[0]; math.Hypot(float64(c.X-125), float64(c.Y-135)) > 12 {
		t.Errorf("core at (%d, %d), want near (125, 135)", c.X, c.Y)
	}
}
