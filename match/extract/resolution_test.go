package extract

import (
	"image"
	"path/filepath"
	"testing"

	"github.com/biogate/biogate/match"
)

// upscale2 doubles an image in each direction by bilinear interpolation,
// as a 1000 ppi scan of the same finger would be.
func upscale2(img image.Image) *image.Gray {
	g := resample(toGrey(img), 2)
	out := image.NewGray(image.Rect(0, 0, g.w, g.h))
	for i, v := range g.p {
		out.Pix[i] = uint8(min(max(v+0.5, 0), 255))
	}
	return out
}

// TestResolution extracts FVC2002 DB1 images at 500 ppi and the same
// images doubled, declared 1000 ppi: the template keeps the image's own
// grid and resolution, and most minutiae are found again at twice the
// coordinates.
func TestResolution(t *testing.T) {
	files := corpusImages(t, "fvc2002-db1-b")
	var total, paired int
	for _, p := range files[:8] {
		img := loadTIFF(t, p)
		a, err := Extract(img, 500)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Extract(upscale2(img), 1000)
		if err != nil {
			t.Fatal(err)
		}
		if b.Width != 2*a.Width || b.Height != 2*a.Height || b.PPI != 1000 {
			t.Fatalf("%s: 1000 ppi template is %dx%d at %g ppi", filepath.Base(p), b.Width, b.Height, b.PPI)
		}
		halved := make([]match.Minutia, len(b.Minutiae))
		for i, m := range b.Minutiae {
			halved[i] = m
			halved[i].X, halved[i].Y = m.X/2, m.Y/2
		}
		total += len(a.Minutiae)
		paired += pairCount(a.Minutiae, halved, 6, 20)
	}
	t.Logf("%d of %d minutiae found again at 1000 ppi", paired, total)
	if paired < total*7/10 {
		t.Errorf("only %d of %d minutiae found again at 1000 ppi", paired, total)
	}
}
