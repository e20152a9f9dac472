package codec

import (
	"errors"
	"image"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/biogate/biogate/codec/jp2"
	"github.com/biogate/biogate/nist"
)

// corpusDir is the shared sample corpus, read in place (DESIGN.md).
const corpusDir = "../../shared/corpus"

// readCorpus returns a corpus file, skipping the test when it is absent.
func readCorpus(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir, name))
	if os.IsNotExist(err) {
		t.Skipf("corpus file %s absent (corpus at %s): skipping", name, corpusDir)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// globCorpus returns the corpus files matching pattern, skipping the test
// when there are none.
func globCorpus(t testing.TB, pattern string) []string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(corpusDir, pattern))
	if len(m) == 0 {
		t.Skipf("no corpus files %s (corpus at %s): skipping", pattern, corpusDir)
	}
	for i := range m {
		m[i], _ = filepath.Rel(corpusDir, m[i])
	}
	return m
}

// nistImages returns the image records of an ANSI/NIST-ITL corpus file.
func nistImages(t *testing.T, name string) []nist.Image {
	t.Helper()
	tr, err := nist.DecodeBytes(readCorpus(t, name), &nist.DecodeOptions{Lenient: true})
	if tr == nil {
		t.Fatalf("%s: %v", name, err)
	}
	return tr.Images()
}

// isJP2Unavailable reports whether err is the UnsupportedError of a build
// without libopenjp2.
func isJP2Unavailable(err error) bool {
	var u *UnsupportedError
	return errors.As(err, &u) && strings.Contains(err.Error(), "JPEG 2000 needs a build with -tags openjp2 (libopenjp2)")
}

// decodeOrSkipJP2 decodes data, and for JPEG 2000 in a build without
// libopenjp2 checks for the UnsupportedError and returns nil.
func decodeOrSkipJP2(t *testing.T, data []byte, c Compression, raw *RawLayout) image.Image {
	t.Helper()
	m, err := Decode(data, c, raw)
	if (c == JP2 || c == JP2L) && !jp2.Available {
		if !isJP2Unavailable(err) {
			t.Fatalf("JPEG 2000 without libopenjp2: got %v, want the UnsupportedError", err)
		}
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// testImage returns a w×h grey image of curved ridges about 9 pixels
// apart, like a 500 ppi fingerprint.
func testImage(w, h int) *image.Gray {
	m := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dx, dy := float64(x-w/3), float64(y-h/4)
			v := 128 + 100*math.Sin(math.Sqrt(dx*dx+dy*dy)*2*math.Pi/9)
			m.Pix[y*m.Stride+x] = uint8(math.Max(0, math.Min(255, v)))
		}
	}
	return m
}

// psnr returns the peak signal-to-noise ratio of b against a over their
// 8-bit grey values, in dB.
func psnr(a, b image.Image) float64 {
	r := a.Bounds()
	var se float64
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			p := color.GrayModel.Convert(a.At(x, y)).(color.Gray).Y
			q := color.GrayModel.Convert(b.At(x, y)).(color.Gray).Y
			d := float64(p) - float64(q)
			se += d * d
		}
	}
	if se == 0 {
		return math.Inf(1)
	}
	return 10 * math.Log10(255*255/(se/float64(r.Dx()*r.Dy())))
}

// samePixels reports whether a and b have the same bounds and colours.
func samePixels(a, b image.Image) bool {
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
