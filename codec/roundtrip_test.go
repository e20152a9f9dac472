package codec

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"testing"

	"github.com/biogate/biogate/codec/jp2"
)

// Lossless compressions give back every pixel.
func TestRoundTripLossless(t *testing.T) {
	g := testImage(300, 211)
	g16 := image.NewGray16(image.Rect(0, 0, 40, 30))
	for i := range g16.Pix {
		g16.Pix[i] = uint8(i * 31)
	}
	rgb := image.NewRGBA(image.Rect(0, 0, 50, 20))
	for i := range rgb.Pix {
		rgb.Pix[i] = uint8(i * 7)
		if i%4 == 3 {
			rgb.Pix[i] = 0xFF
		}
	}
	for _, c := range []Compression{None, PNG, JP2L} {
		for _, m := range []image.Image{g, g16, rgb} {
			var buf bytes.Buffer
			err := Encode(&buf, m, c, nil)
			if c == JP2L && !jp2.Available {
				if !isJP2Unavailable(err) {
					t.Errorf("JP2L encode without libopenjp2: %v", err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%v %T: %v", c, m, err)
			}
			var raw *RawLayout
			if c == None {
				l := RawLayoutOf(m)
				raw = &l
			}
			got, err := Decode(buf.Bytes(), c, raw)
			if err != nil {
				t.Fatalf("%v %T: %v", c, m, err)
			}
			if !samePixels(m, got) {
				t.Errorf("%v %T: pixels differ after a round trip", c, m)
			}
			if c != None && Sniff(buf.Bytes()) != c {
				t.Errorf("%v: Sniff of the output = %v", c, Sniff(buf.Bytes()))
			}
		}
	}
}

// Lossy compressions at their defaults (WSQ 0.75 bpp target, JPEG quality
// 75, JPEG 2000 10:1) keep the PSNR above these bounds: 35 dB for all three
// on a 400×400 synthetic ridge pattern; on the OpenEBTS 374×374 print (when
// the corpus is present), whose fine texture costs more, 27 dB for WSQ
// (measured 29.0 at 0.61 bpp), 32 dB for JPEG (35.1 at 1.85 bpp) and 29 dB
// for JPEG 2000 (31.7 at 0.80 bpp).
func TestRoundTripLossy(t *testing.T) {
	images := map[string]image.Image{"synthetic 400x400": testImage(400, 400)}
	if b, err := os.ReadFile(filepath.Join(corpusDir, "openebts/finger8.png")); err == nil {
		m, err := Decode(b, PNG, nil)
		if err != nil {
			t.Fatal(err)
		}
		images["openebts/finger8.png"] = m
	}
	bounds := map[string]map[Compression]float64{
		"synthetic 400x400":    {WSQ20: 35, JPEGB: 35, JP2: 35},
		"openebts/finger8.png": {WSQ20: 27, JPEGB: 32, JP2: 29},
	}
	for name, m := range images {
		for _, c := range []Compression{WSQ20, JPEGB, JP2} {
			var buf bytes.Buffer
			err := Encode(&buf, m, c, nil)
			if c == JP2 && !jp2.Available {
				if !isJP2Unavailable(err) {
					t.Errorf("JP2 encode without libopenjp2: %v", err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s %v: %v", name, c, err)
			}
			got, err := Decode(buf.Bytes(), c, nil)
			if err != nil {
				t.Fatalf("%s %v: %v", name, c, err)
			}
			if got.Bounds() != m.Bounds() {
				t.Fatalf("%s %v: size %v, want %v", name, c, got.Bounds(), m.Bounds())
			}
			p := psnr(m, got)
			bpp := float64(8*buf.Len()) / float64(m.Bounds().Dx()*m.Bounds().Dy())
			t.Logf("%s %v: %d bytes (%.2f bpp), PSNR %.1f dB", name, c, buf.Len(), bpp, p)
			if p < bounds[name][c] {
				t.Errorf("%s %v: PSNR %.1f dB below %v dB", name, c, p, bounds[name][c])
			}
		}
	}
}

// Options reach the codecs: a higher JPEG quality, WSQ bit rate or lower
// JPEG 2000 ratio gives a larger file.
func TestEncodeOptions(t *testing.T) {
	m := testImage(320, 320)
	size := func(c Compression, o *Options) int {
		var buf bytes.Buffer
		if err := Encode(&buf, m, c, o); err != nil {
			t.Fatalf("%v %+v: %v", c, o, err)
		}
		return buf.Len()
	}
	if lo, hi := size(JPEGB, &Options{JPEGQuality: 30}), size(JPEGB, &Options{JPEGQuality: 95}); lo >= hi {
		t.Errorf("JPEG quality 30: %d bytes, 95: %d bytes", lo, hi)
	}
	if lo, hi := size(WSQ20, &Options{WSQBitrate: 0.5}), size(WSQ20, &Options{WSQBitrate: 2}); lo >= hi {
		t.Errorf("WSQ 0.5 bpp: %d bytes, 2 bpp: %d bytes", lo, hi)
	}
	if jp2.Available {
		if lo, hi := size(JP2, &Options{JP2Ratio: 40}), size(JP2, &Options{JP2Ratio: 5}); lo >= hi {
			t.Errorf("JPEG 2000 40:1: %d bytes, 5:1: %d bytes", lo, hi)
		}
	}
}

func TestUnsupported(t *testing.T) {
	m := image.NewGray(image.Rect(0, 0, 8, 8))
	for _, c := range []Compression{JPEGL, NoneBitPacked, Unknown, Compression(99)} {
		var u *UnsupportedError
		if err := Encode(&bytes.Buffer{}, m, c, nil); !errors.As(err, &u) {
			t.Errorf("Encode %v: %v, want an UnsupportedError", c, err)
		}
	}
	_, err := Decode([]byte{0xFF, 0xD8, 0xFF, 0xC3, 0, 2}, JPEGL, nil)
	if err == nil || err.Error() != "codec: JPEGL: unsupported: JPEGL (lossless JPEG, ITU-T T.81 process 14)" {
		t.Errorf("Decode JPEGL: %v", err)
	}
	// Sniffed: lossless JPEG data decoded with Unknown says JPEGL too.
	var u *UnsupportedError
	if _, err := Decode([]byte{0xFF, 0xD8, 0xFF, 0xC3, 0, 2}, Unknown, nil); !errors.As(err, &u) || u.Compression != JPEGL {
		t.Errorf("Decode sniffed JPEGL: %v", err)
	}
	if _, err := Decode([]byte("not an image"), Unknown, nil); err == nil {
		t.Error("Decode of unrecognised data with Unknown succeeded")
	}
	// JPEG 2000 without libopenjp2 names the build tag.
	if !jp2.Available {
		_, err := Decode([]byte("\x00\x00\x00\x0cjP  \r\n\x87\n"), JP2, nil)
		if !isJP2Unavailable(err) {
			t.Errorf("Decode JP2 without libopenjp2: %v", err)
		}
	}
}

// Malformed data gives a FormatError wrapping the codec's error.
func TestDecodeFormatErrors(t *testing.T) {
	for _, c := range []Compression{WSQ20, JPEGB, PNG, JP2, JP2L} {
		_, err := Decode([]byte("definitely not image data"), c, nil)
		if (c == JP2 || c == JP2L) && !jp2.Available {
			continue
		}
		var fe *FormatError
		if !errors.As(err, &fe) || fe.Compression != c || fe.Unwrap() == nil {
			t.Errorf("%v: %v (%T), want a FormatError wrapping the codec's", c, err, err)
		}
	}
	// Grey JPEGs decode as *image.Gray, so grey stays grey through the
	// dispatcher whatever the codec.
	var buf bytes.Buffer
	if err := Encode(&buf, testImage(64, 64), JPEGB, nil); err != nil {
		t.Fatal(err)
	}
	m, err := Decode(buf.Bytes(), JPEGB, nil)
	if err != nil {
		t.Fatal(err)
	}
	if m.ColorModel() != color.GrayModel {
		t.Errorf("grey JPEG decoded as %T", m)
	}
}
