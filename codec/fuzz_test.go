package codec

import (
	"bytes"
	"testing"
)

// FuzzSniff: Sniff and Check read arbitrary bytes without panicking, and
// raw decoding of any layout either fails or returns the layout's size.
func FuzzSniff(f *testing.F) {
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xC3, 0x00, 0x02}, 3, 2, 8)
	f.Add([]byte("\x00\x00\x00\x0cjP  \r\n\x87\n\x00\x00\x00\x01jp2c\x00\x00\x00\x00\x00\x00\x00\x10\xff\x4f\xff\x51"), 1, 1, 1)
	f.Add([]byte{0xFF, 0x4F, 0xFF, 0x51, 0x00, 0x02, 0xFF, 0x52, 0x00, 0x0C}, 2, 2, 16)
	var buf bytes.Buffer
	if err := Encode(&buf, testImage(16, 16), PNG, nil); err == nil {
		f.Add(buf.Bytes(), 16, 16, 24)
	}
	f.Fuzz(func(t *testing.T, data []byte, w, h, depth int) {
		c := Sniff(data)
		if err := Check(c, data); c != Unknown && err != nil {
			t.Fatalf("Check(Sniff(data)=%v) = %v", c, err)
		}
		for _, rc := range []Compression{None, NoneBitPacked} {
			m, err := Decode(data, rc, &RawLayout{w, h, depth})
			if err == nil && (m.Bounds().Dx() != w || m.Bounds().Dy() != h) {
				t.Fatalf("%v %dx%d/%d decoded as %v", rc, w, h, depth, m.Bounds())
			}
		}
	})
}
