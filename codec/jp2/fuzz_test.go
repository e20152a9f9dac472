//go:build openjp2 && cgo

package jp2

import (
	"bytes"
	"image"
	"testing"
)

// FuzzDecode feeds mutated JPEG 2000 data to OpenJPEG through DecodeBytes:
// it must return an image or an error, never crash or hang, and a decoded
// image must survive a lossless round trip.
func FuzzDecode(f *testing.F) {
	for _, b := range corpusSeeds(f) {
		f.Add(b)
	}
	for _, lossless := range []bool{true, false} {
		var buf bytes.Buffer
		if err := Encode(&buf, testImage(40, 24), &Options{Lossless: lossless, Ratio: 8}); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes())
		if i := bytes.Index(buf.Bytes(), []byte("jp2c")); i >= 0 {
			f.Add(buf.Bytes()[i+4:]) // the raw codestream
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := DecodeBytes(data)
		if err != nil {
			return
		}
		if m.Bounds().Empty() {
			t.Fatal("decoded an empty image without error")
		}
		cfg, err := DecodeConfig(bytes.NewReader(data))
		if err != nil || cfg.Width != m.Bounds().Dx() || cfg.Height != m.Bounds().Dy() {
			t.Fatalf("DecodeConfig = %+v, %v; image is %v", cfg, err, m.Bounds())
		}
		if m.Bounds().Dx()*m.Bounds().Dy() > 1<<20 {
			return // keep iterations fast
		}
		var buf bytes.Buffer
		if err := Encode(&buf, m, &Options{Lossless: true}); err != nil {
			t.Fatalf("re-encoding a decoded %T %v: %v", m, m.Bounds(), err)
		}
		m2, err := DecodeBytes(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if !sameImage(m, m2) {
			t.Fatalf("lossless round trip of a decoded %T changed pixels", m)
		}
	})
}

func sameImage(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r0, g0, b0, a0 := a.At(x, y).RGBA()
			r1, g1, b1, a1 := b.At(x, y).RGBA()
			if r0 != r1 || g0 != g1 || b0 != b1 || a0 != a1 {
				return false
			}
		}
	}
	return true
}
