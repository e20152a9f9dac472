//go:build openjp2 && cgo

package jp2

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
)

func TestDecodeCorpus(t *testing.T) {
	for _, c := range corpusJP2 {
		t.Run(c.name, func(t *testing.T) {
			b := readCorpus(t, c.name)[c.offset:]
			m, err := DecodeBytes(b)
			if err != nil {
				t.Fatal(err)
			}
			if got := m.Bounds().Size(); got != image.Pt(c.w, c.h) {
				t.Errorf("size %v, want %dx%d", got, c.w, c.h)
			}
			if _, ok := m.(*image.Gray); !ok {
				t.Errorf("decoded %T, want *image.Gray", m)
			}
			cfg, err := DecodeConfig(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Width != c.w || cfg.Height != c.h || cfg.ColorModel != color.GrayModel {
				t.Errorf("DecodeConfig = %dx%d %v", cfg.Width, cfg.Height, cfg.ColorModel)
			}
			// image.Decode finds the registered format.
			if _, name, err := image.Decode(bytes.NewReader(b)); err != nil || name != "jp2" {
				t.Errorf("image.Decode: %q, %v", name, err)
			}
		})
	}
}

// Lossless coding (reversible 5/3) reproduces every sample, for grey 8 and
// 16 bits, RGB and RGB with alpha, and as a raw codestream too.
func TestEncodeLossless(t *testing.T) {
	g := testImage(301, 203)
	g16 := image.NewGray16(image.Rect(0, 0, 97, 45))
	rgb := image.NewRGBA(image.Rect(0, 0, 64, 40))
	nrgba := image.NewNRGBA(image.Rect(0, 0, 33, 17))
	for i := range g16.Pix {
		g16.Pix[i] = uint8(i * 37)
	}
	for i := range rgb.Pix {
		rgb.Pix[i] = uint8(i * 13)
		if i%4 == 3 {
			rgb.Pix[i] = 0xFF
		}
	}
	for i := range nrgba.Pix {
		nrgba.Pix[i] = uint8(i * 29)
	}
	tiny := image.NewGray(image.Rect(0, 0, 1, 1))
	tiny.Pix[0] = 200
	for _, m := range []image.Image{g, g16, rgb, nrgba, tiny, testImage(3, 700)} {
		t.Run(strconv.Itoa(m.Bounds().Dx())+"x"+strconv.Itoa(m.Bounds().Dy()), func(t *testing.T) {
			var buf bytes.Buffer
			if err := Encode(&buf, m, &Options{Lossless: true}); err != nil {
				t.Fatal(err)
			}
			if !isJP2(buf.Bytes()) {
				t.Fatalf("output does not start with the JP2 signature: % x", buf.Bytes()[:12])
			}
			got, err := DecodeBytes(buf.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			if got.ColorModel() != m.ColorModel() && !(m.ColorModel() == color.RGBAModel && got.ColorModel() == color.RGBAModel) {
				t.Errorf("colour model %v, want %v", got.ColorModel(), m.ColorModel())
			}
			b := m.Bounds()
			for y := b.Min.Y; y < b.Max.Y; y++ {
				for x := b.Min.X; x < b.Max.X; x++ {
					r0, g0, b0, a0 := m.At(x, y).RGBA()
					r1, g1, b1, a1 := got.At(x, y).RGBA()
					if r0 != r1 || g0 != g1 || b0 != b1 || a0 != a1 {
						t.Fatalf("pixel (%d,%d) = %v, want %v", x, y, got.At(x, y), m.At(x, y))
					}
				}
			}
		})
	}
}

// Lossy coding (irreversible 9/7) at 10:1 keeps the test image above
// 30 dB PSNR and is smaller than the lossless file; a higher ratio gives a
// smaller file.
func TestEncodeLossy(t *testing.T) {
	m := testImage(400, 400)
	size := func(o *Options) (int, float64) {
		var buf bytes.Buffer
		if err := Encode(&buf, m, o); err != nil {
			t.Fatal(err)
		}
		got, err := DecodeBytes(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		return buf.Len(), psnr(m, got.(*image.Gray))
	}
	nLossless, _ := size(&Options{Lossless: true})
	n10, p10 := size(nil)
	n40, p40 := size(&Options{Ratio: 40})
	t.Logf("400x400 grey: lossless %d bytes; 10:1 %d bytes %.1f dB; 40:1 %d bytes %.1f dB", nLossless, n10, p10, n40, p40)
	if p10 < 30 {
		t.Errorf("PSNR at 10:1 = %.1f dB, want >= 30", p10)
	}
	if n10 > 160000/10+1024 || n10 >= nLossless {
		t.Errorf("10:1 output is %d bytes (lossless %d)", n10, nLossless)
	}
	if n40 >= n10 || p40 > p10 {
		t.Errorf("40:1 (%d bytes, %.1f dB) is not smaller and worse than 10:1 (%d bytes, %.1f dB)", n40, p40, n10, p10)
	}
	if err := Encode(&bytes.Buffer{}, m, &Options{Ratio: 0.5}); err == nil {
		t.Error("ratio 0.5 accepted")
	}
}

// Malformed input returns an error (never a crash), with OpenJPEG's own
// messages, and images above the limits are refused before decoding.
func TestDecodeErrors(t *testing.T) {
	good := readCorpus(t, "openebts/finger24.jp2")
	// A codestream whose SIZ claims 60000×60000 samples (Xsiz, Ysiz at
	// bytes 8-15, XTsiz, YTsiz at 24-31 counting from SOC; T.800 A.5.1).
	var buf bytes.Buffer
	if err := Encode(&buf, testImage(40, 24), &Options{Lossless: true}); err != nil {
		t.Fatal(err)
	}
	huge := append([]byte(nil), buf.Bytes()[bytes.Index(buf.Bytes(), []byte("jp2c"))+4:]...)
	for _, off := range []int{8, 12, 24, 28} {
		copy(huge[off:], []byte{0x00, 0x00, 0xEA, 0x60})
	}
	tests := []struct {
		name string
		data []byte
		want any // *FormatError or *UnsupportedError
	}{
		{"empty", nil, FormatError("")},
		{"not jpeg 2000", []byte("\x89PNG\r\n\x1a\n...."), FormatError("")},
		{"signature only", good[:12], FormatError("")},
		{"truncated header", good[:200], FormatError("")},
		{"truncated data", good[:len(good)/2], FormatError("")},
		{"huge SIZ", huge, UnsupportedError("")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeBytes(tt.data)
			switch tt.want.(type) {
			case FormatError:
				var fe FormatError
				if !errors.As(err, &fe) {
					t.Fatalf("got %v, want a FormatError", err)
				}
			case UnsupportedError:
				var ue UnsupportedError
				if !errors.As(err, &ue) {
					t.Fatalf("got %v, want an UnsupportedError", err)
				}
			}
			t.Logf("%v", err)
		})
	}
	_, err := DecodeBytes(good[:len(good)/2])
	if !strings.Contains(err.Error(), "openjpeg:") {
		t.Errorf("truncated data: error %q does not carry OpenJPEG's messages", err)
	}
}

// rss returns the resident set size of this process in bytes (Linux).
func rss(t *testing.T) int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		t.Skip("no /proc/self/statm: cannot measure C memory")
	}
	f := strings.Fields(string(b))
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(os.Getpagesize())
}

// Decoding and encoding many times leaves no C memory behind: OpenJPEG's
// buffers (over 4 bytes a sample) are outside the Go heap, so a leak shows
// as RSS growth.
func TestNoLeak(t *testing.T) {
	if testing.Short() {
		t.Skip("short mode")
	}
	data := readCorpus(t, "openebts/finger24.jp2") // 374×374: 560 kB of int32 samples per decode
	bad := data[:len(data)/3]
	m := testImage(128, 128)
	round := func(n int) {
		for i := 0; i < n; i++ {
			if _, err := DecodeBytes(data); err != nil {
				t.Fatal(err)
			}
			DecodeBytes(bad)
			if err := Encode(&bytes.Buffer{}, m, &Options{Lossless: i%2 == 0}); err != nil {
				t.Fatal(err)
			}
		}
		runtime.GC()
		debug.FreeOSMemory()
	}
	round(20)
	before := rss(t)
	const n = 400
	round(n)
	after := rss(t)
	t.Logf("RSS %d MB before, %d MB after %d decodes, failed decodes and encodes", before>>20, after>>20, n)
	// A leak of the decoded samples alone would be n × 560 kB = 220 MB.
	if after-before > 48<<20 {
		t.Errorf("RSS grew by %d MB over %d rounds", (after-before)>>20, n)
	}
}
