//go:build openjp2 && cgo

package jp2

import (
	"bytes"
	"image"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// corpusDir is the shared sample corpus (DESIGN.md: tests read it in place
// and skip when it is absent).
const corpusDir = "../../../shared/corpus"

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

// corpusJP2 are JPEG 2000 samples in the corpus: whole files, and the image
// data of ISO/IEC 19794-4:2005 finger records (view data at byte 46: 32-byte
// general header + 14-byte view header) and of a 19794-6:2005 iris record
// (byte 59: 45-byte header, 3-byte eye header, 11-byte image header), with
// the size their headers declare.
var corpusJP2 = []struct {
	name   string
	offset int
	w, h   int
}{
	{"openebts/finger24.jp2", 0, 374, 374},
	{"libbiomeval/img.jp2", 0, 908, 1007},
	{"mosip-bio-utils/images/FingerPrintLeft_Index.iso", 46, 252, 427},
	{"mosip-bio-utils/images/FingerPrintRight_Thumb.iso", 46, 413, 385},
	{"mosip-bio-utils/images/Sample_IRIS.iso", 59, 640, 480},
}

// corpusSeeds returns the JPEG 2000 data of corpusJP2 that is present,
// leaving out files over 64 kB (slow to decode, so slow to fuzz).
func corpusSeeds(t testing.TB) [][]byte {
	var out [][]byte
	for _, c := range corpusJP2 {
		b, err := os.ReadFile(filepath.Join(corpusDir, c.name))
		if err != nil || len(b) > 64<<10 {
			continue
		}
		out = append(out, b[c.offset:])
	}
	return out
}

// isJP2 reports whether b starts with the JP2 signature box.
func isJP2(b []byte) bool { return bytes.HasPrefix(b, []byte("\x00\x00\x00\x0cjP  \r\n\x87\n")) }

// testImage returns a w×h grey image of curved ridges about 9 pixels
// apart, like a 500 ppi fingerprint, so lossy coding has something to lose.
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

// psnr returns the peak signal-to-noise ratio of b against a, in dB, over
// the 8-bit grey values.
func psnr(a, b *image.Gray) float64 {
	var se float64
	for i := range a.Pix {
		d := float64(a.Pix[i]) - float64(b.Pix[i])
		se += d * d
	}
	if se == 0 {
		return math.Inf(1)
	}
	return 10 * math.Log10(255*255/(se/float64(len(a.Pix))))
}
