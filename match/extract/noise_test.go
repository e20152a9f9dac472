package extract

import (
	"image"
	"math/rand"
	"runtime"
	"testing"
)

// TestLargeNoise extracts from the largest image accepted, filled with
// noise: it must finish, keep within the template's minutia limit, and
// allocate at most bytesPerPixel per pixel (the bound MaxPixels documents).
func TestLargeNoise(t *testing.T) {
	if testing.Short() {
		t.Skip("large image: skipped in -short")
	}
	const bytesPerPixel = 64
	r := rand.New(rand.NewSource(1))
	img := image.NewGray(image.Rect(0, 0, 2048, 2048))
	for i := range img.Pix {
		img.Pix[i] = uint8(r.Intn(256))
	}
	for _, ppi := range []float64{500, 1000} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		tp, err := Extract(img, ppi)
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Fatal(err)
		}
		alloc := after.TotalAlloc - before.TotalAlloc
		t.Logf("%g ppi: %d minutiae, quality %d, %d MB allocated", ppi, len(tp.Minutiae), tp.Quality, alloc>>20)
		if len(tp.Minutiae) > maxMinutiae {
			t.Errorf("%d minutiae", len(tp.Minutiae))
		}
		if alloc > bytesPerPixel*MaxPixels {
			t.Errorf("%g ppi: %d bytes allocated, more than %d per pixel of the limit", ppi, alloc, bytesPerPixel)
		}
	}
}
