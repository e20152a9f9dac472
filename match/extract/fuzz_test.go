package extract

import (
	"image"
	"reflect"
	"testing"
)

// fuzzImage makes a grey image from fuzz bytes: the first two give the
// size (up to 160×160), the third the resolution, the rest the pixels; a
// short input is a truncated image whose missing pixels stay black.
func fuzzImage(data []byte) (*image.Gray, float64) {
	if len(data) < 3 {
		return nil, 500
	}
	w, h := 1+int(data[0])%160, 1+int(data[1])%160
	ppi := float64(MinPPI) + float64(data[2])*8
	img := image.NewGray(image.Rect(0, 0, w, h))
	copy(img.Pix, data[3:])
	return img, ppi
}

// FuzzExtract feeds small random and truncated images: Extract must return
// a template whose minutiae lie inside the image with valid angles and
// qualities, or an InputError, and do the same thing twice.
func FuzzExtract(f *testing.F) {
	seed := dislocation(96, 96, 9, 48, 48)
	f.Add(append([]byte{95, 95, 31}, seed.Pix...))
	f.Add(append([]byte{95, 95, 31}, seed.Pix[:3000]...))
	f.Add([]byte{40, 40, 200})
	f.Add([]byte{159, 2, 0, 255, 0, 255})
	f.Fuzz(func(t *testing.T, data []byte) {
		img, ppi := fuzzImage(data)
		if img == nil {
			return
		}
		tp, err := Extract(img, ppi)
		if err != nil {
			if _, ok := err.(*InputError); !ok {
				t.Fatalf("error %v is not an InputError", err)
			}
			return
		}
		if tp.Quality < 0 || tp.Quality > 100 {
			t.Fatalf("image quality %d", tp.Quality)
		}
		for _, m := range tp.Minutiae {
			if m.X < 0 || m.Y < 0 || m.X >= tp.Width || m.Y >= tp.Height || m.Angle < 0 || m.Angle >= 360 ||
				m.Quality < 1 || m.Quality > 100 || (m.Type != 1 && m.Type != 2) {
				t.Fatalf("bad minutia %+v in %dx%d", m, tp.Width, tp.Height)
			}
		}
		again, _ := Extract(img, ppi)
		if !reflect.DeepEqual(tp, again) {
			t.Fatal("two extractions differ")
		}
	})
}
