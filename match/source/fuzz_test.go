package source_test

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"

	"github.com/biogate/biogate/match/source"
)

// FuzzLoad: any input gives images or an error, never a panic, a hang or
// an image larger than the limit; every image returned is grey with
// Stride = width and a positive resolution.
func FuzzLoad(f *testing.F) {
	small := image.NewGray(image.Rect(0, 0, 5, 4))
	for i := range small.Pix {
		small.Pix[i] = uint8(i * 13)
	}
	for _, enc := range []func(*bytes.Buffer) error{
		func(b *bytes.Buffer) error { return png.Encode(b, small) },
		func(b *bytes.Buffer) error { return tiff.Encode(b, small, nil) },
		func(b *bytes.Buffer) error { return bmp.Encode(b, small) },
	} {
		var b bytes.Buffer
		if enc(&b) == nil {
			f.Add(b.Bytes())
		}
	}
	f.Add([]byte("P5 2 2 255\n\x01\x02\x03\x04"))
	if b, err := os.ReadFile(filepath.Join(corpus, "jnbis", "ansi", "references", "type-9-14-m1.an2")); err == nil {
		f.Add(b)
	}
	opts := &source.Options{MaxPixels: 1 << 16}
	f.Fuzz(func(t *testing.T, b []byte) {
		fingers, _ := source.Load(b, opts)
		for _, fg := range fingers {
			r := fg.Image.Bounds()
			if r.Dx()*r.Dy() > opts.MaxPixels || fg.Image.Stride != r.Dx() || r.Min != (image.Point{}) || !(fg.PPI > 0) {
				t.Fatalf("image %v stride %d ppi %g", r, fg.Image.Stride, fg.PPI)
			}
		}
	})
}
