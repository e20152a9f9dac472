package codec

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"testing"
)

func TestDecodeRaw(t *testing.T) {
	tests := []struct {
		name string
		c    Compression
		l    RawLayout
		data []byte
		want image.Image
	}{
		{"8-bit", None, RawLayout{3, 2, 8}, []byte{0, 1, 2, 253, 254, 255},
			&image.Gray{Pix: []uint8{0, 1, 2, 253, 254, 255}, Stride: 3, Rect: image.Rect(0, 0, 3, 2)}},
		{"16-bit big-endian", None, RawLayout{2, 1, 16}, []byte{0x12, 0x34, 0xFF, 0xFE},
			&image.Gray16{Pix: []uint8{0x12, 0x34, 0xFF, 0xFE}, Stride: 4, Rect: image.Rect(0, 0, 2, 1)}},
		{"12-bit in two bytes, scaled", None, RawLayout{2, 1, 12}, []byte{0x0F, 0xFF, 0x00, 0x00},
			&image.Gray16{Pix: []uint8{0xFF, 0xFF, 0, 0}, Stride: 4, Rect: image.Rect(0, 0, 2, 1)}},
		{"24-bit RGB", None, RawLayout{2, 1, 24}, []byte{1, 2, 3, 4, 5, 6},
			&image.RGBA{Pix: []uint8{1, 2, 3, 255, 4, 5, 6, 255}, Stride: 8, Rect: image.Rect(0, 0, 2, 1)}},
		{"1-bit packed, rows byte-aligned", NoneBitPacked, RawLayout{3, 2, 1}, []byte{0b101_00000, 0b010_00000},
			&image.Gray{Pix: []uint8{255, 0, 255, 0, 255, 0}, Stride: 3, Rect: image.Rect(0, 0, 3, 2)}},
		{"4-bit packed", NoneBitPacked, RawLayout{3, 1, 4}, []byte{0xF0, 0x80},
			&image.Gray{Pix: []uint8{255, 0, 136}, Stride: 3, Rect: image.Rect(0, 0, 3, 1)}},
		{"trailing bytes ignored", None, RawLayout{1, 1, 8}, []byte{7, 8, 9},
			&image.Gray{Pix: []uint8{7}, Stride: 1, Rect: image.Rect(0, 0, 1, 1)}},
	}
	for _, tt := range tests {
		got, err := Decode(tt.data, tt.c, &tt.l)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !samePixels(got, tt.want) {
			t.Errorf("%s: got %v", tt.name, got)
		}
	}

	errs := []struct {
		name string
		c    Compression
		l    *RawLayout
		data []byte
		want any
	}{
		{"no layout", None, nil, []byte{1}, &FormatError{}},
		{"short", None, &RawLayout{4, 4, 8}, make([]byte, 15), &FormatError{}},
		{"zero width", None, &RawLayout{0, 4, 8}, nil, &FormatError{}},
		{"32 bits", None, &RawLayout{1, 1, 32}, make([]byte, 4), &UnsupportedError{}},
		{"packed 24 bits", NoneBitPacked, &RawLayout{1, 1, 24}, make([]byte, 3), &UnsupportedError{}},
		{"huge", None, &RawLayout{1 << 20, 1 << 20, 8}, nil, &UnsupportedError{}},
	}
	for _, tt := range errs {
		_, err := Decode(tt.data, tt.c, tt.l)
		switch tt.want.(type) {
		case *FormatError:
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Errorf("%s: got %v, want a FormatError", tt.name, err)
			}
		case *UnsupportedError:
			var ue *UnsupportedError
			if !errors.As(err, &ue) {
				t.Errorf("%s: got %v, want an UnsupportedError", tt.name, err)
			}
		}
	}
}

// The uncompressed view of an ISO/IEC 19794-4:2005 record (MOSIP
// ISOImage.iso, compression code 0): 316×354 8-bit pixels after the 32-byte
// general header and the 14-byte view header.
func TestDecodeRawCorpus(t *testing.T) {
	b := readCorpus(t, "mosip-bio-utils/images/ISOImage.iso")
	c, ok := FromISO(FIR2005, int(b[29]))
	if !ok || c != None {
		t.Fatalf("compression code %d → %v", b[29], c)
	}
	w, h := int(binary.BigEndian.Uint16(b[32+9:])), int(binary.BigEndian.Uint16(b[32+11:]))
	viewLen := int(binary.BigEndian.Uint32(b[32:]))
	m, err := Decode(b[46:32+viewLen], c, &RawLayout{Width: w, Height: h, Depth: int(b[28])})
	if err != nil {
		t.Fatal(err)
	}
	if m.Bounds() != image.Rect(0, 0, 316, 354) {
		t.Errorf("size %v, want 316x354", m.Bounds())
	}
	var buf bytes.Buffer
	if err := Encode(&buf, m, None, nil); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), b[46:32+viewLen]) {
		t.Error("re-encoding the raw view does not give its bytes back")
	}
}

func TestRawLayoutOf(t *testing.T) {
	r := image.Rect(0, 0, 5, 3)
	for _, tt := range []struct {
		m     image.Image
		depth int
	}{
		{image.NewGray(r), 8},
		{image.NewGray16(r), 16},
		{image.NewRGBA(r), 24},
		{image.NewPaletted(r, color.Palette{color.Black}), 24},
	} {
		if l := RawLayoutOf(tt.m); l != (RawLayout{5, 3, tt.depth}) {
			t.Errorf("%T: %+v", tt.m, l)
		}
	}
}
