package wsq

import (
	"bytes"
	"image"
	"image/draw"
	"math"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/image/webp"
)

// corpusRoot is the shared corpus, relative to this package's directory.
const corpusRoot = "../../../shared/corpus"

// corpusDir returns the corpus directory, or skips the test when it is not
// there.
func corpusDir(tb testing.TB) string {
	tb.Helper()
	if _, err := os.Stat(filepath.Join(corpusRoot, "thales-wsq")); err != nil {
		tb.Skipf("corpus not found at %s (%v): skipping", corpusRoot, err)
	}
	return corpusRoot
}

// readWebPGray decodes a lossless WebP reference image as 8-bit grey.
func readWebPGray(tb testing.TB, path string) *image.Gray {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	m, err := webp.Decode(bytes.NewReader(data))
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	return toGray(m)
}

func toGray(m image.Image) *image.Gray {
	if g, ok := m.(*image.Gray); ok {
		return g
	}
	g := image.NewGray(image.Rect(0, 0, m.Bounds().Dx(), m.Bounds().Dy()))
	draw.Draw(g, g.Bounds(), m, m.Bounds().Min, draw.Src)
	return g
}

// diffStats compares two grey images of the same size.
type diffStats struct {
	maxDiff   int
	identical float64 // share of identical pixels
	rmse      float64
}

func compareGray(a, b *image.Gray) diffStats {
	var s diffStats
	same := 0
	var sq float64
	for y := 0; y < a.Rect.Dy(); y++ {
		ra := a.Pix[y*a.Stride : y*a.Stride+a.Rect.Dx()]
		rb := b.Pix[y*b.Stride : y*b.Stride+b.Rect.Dx()]
		for x := range ra {
			d := int(ra[x]) - int(rb[x])
			if d == 0 {
				same++
			}
			if d < 0 {
				d = -d
			}
			s.maxDiff = max(s.maxDiff, d)
			sq += float64(d * d)
		}
	}
	n := float64(a.Rect.Dx() * a.Rect.Dy())
	s.identical = float64(same) / n
	s.rmse = sqrtf(sq / n)
	return s
}

func sqrtf(v float64) float64 { return math.Sqrt(v) }
