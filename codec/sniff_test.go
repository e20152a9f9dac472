package codec

import (
	"bytes"
	"errors"
	"testing"
)

func TestSniff(t *testing.T) {
	// A minimal codestream main header: SOC, SIZ (length 41), COD whose
	// transformation byte (SPcod, the 14th byte of the segment) is t.
	j2k := func(transform byte) []byte {
		b := []byte{0xFF, 0x4F, 0xFF, 0x51, 0x00, 0x29}
		b = append(b, make([]byte, 39)...)
		b = append(b, 0xFF, 0x52, 0x00, 0x0C, 0x00, 0x00, 0x00, 0x01, 0x00, 0x05, 0x04, 0x04, 0x00, transform)
		return append(b, 0xFF, 0x90)
	}
	jp2 := func(cs []byte) []byte {
		b := []byte("\x00\x00\x00\x0cjP  \r\n\x87\n\x00\x00\x00\x14ftypjp2 \x00\x00\x00\x00jp2 ")
		n := len(cs) + 8
		return append(append(b, byte(n>>24), byte(n>>16), byte(n>>8), byte(n), 'j', 'p', '2', 'c'), cs...)
	}
	jpeg := func(sof byte) []byte {
		return []byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 'J', 'F', 0xFF, 0xFF, sof, 0x00, 0x02}
	}
	tests := []struct {
		name string
		data []byte
		want Compression
	}{
		{"empty", nil, Unknown},
		{"text", []byte("1.001:123"), Unknown},
		{"wsq", []byte{0xFF, 0xA0, 0xFF, 0xA8}, WSQ20},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00"), PNG},
		{"jpeg baseline SOF0", jpeg(0xC0), JPEGB},
		{"jpeg progressive SOF2", jpeg(0xC2), JPEGB},
		{"jpeg lossless SOF3", jpeg(0xC3), JPEGL},
		{"jpeg lossless arithmetic SOF11", jpeg(0xCB), JPEGL},
		{"jpeg-ls SOF55", jpeg(0xF7), Unknown},
		{"jpeg truncated before SOF", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00}, JPEGB},
		{"jpeg SOF after DHT", append([]byte{0xFF, 0xD8, 0xFF, 0xC4, 0x00, 0x02}, jpeg(0xC3)[2:]...), JPEGL},
		{"j2k 9/7", j2k(0), JP2},
		{"j2k 5/3", j2k(1), JP2L},
		{"j2k no COD", []byte{0xFF, 0x4F, 0xFF, 0x51, 0x00}, JP2},
		{"jp2 9/7", jp2(j2k(0)), JP2},
		{"jp2 5/3", jp2(j2k(1)), JP2L},
		{"jp2 without codestream", []byte("\x00\x00\x00\x0cjP  \r\n\x87\n"), JP2},
		{"jp2 with XLBox", append([]byte("\x00\x00\x00\x0cjP  \r\n\x87\n\x00\x00\x00\x01jp2c\x00\x00\x00\x00\x00\x00\x00\x4d"), j2k(1)...), JP2L},
	}
	for _, tt := range tests {
		if got := Sniff(tt.data); got != tt.want {
			t.Errorf("%s: Sniff = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// Sniff on the corpus: each file is what its name says.
func TestSniffCorpus(t *testing.T) {
	for name, want := range map[string]Compression{
		"openebts/finger8.wsq":  WSQ20,
		"openebts/finger24.jpg": JPEGB,
		"openebts/face24.jpg":   JPEGB,
		"openebts/finger24.png": PNG,
		"openebts/finger24.jp2": JP2,  // 9/7: lossy
		"libbiomeval/img.jp2":   JP2L, // reversible 5/3
		"libbiomeval/img.wsq":   WSQ20,
	} {
		if got := Sniff(readCorpus(t, name)); got != want {
			t.Errorf("%s: Sniff = %v, want %v", name, got, want)
		}
	}
}

func TestCheck(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n")
	sof3 := []byte{0xFF, 0xD8, 0xFF, 0xC3, 0x00, 0x02}
	tests := []struct {
		declared Compression
		data     []byte
		ok       bool
	}{
		{PNG, png, true},
		{JPEGB, png, false},
		{JPEGB, sof3, false},
		{JPEGL, sof3, true},
		{WSQ20, []byte("garbage"), false},
		{None, png, true}, // raw pixels have no magic: never checked
		{NoneBitPacked, nil, true},
	}
	for _, tt := range tests {
		err := Check(tt.declared, tt.data)
		if (err == nil) != tt.ok {
			t.Errorf("Check(%v, % x) = %v", tt.declared, tt.data, err)
		}
		var fe *FormatError
		if err != nil && !errors.As(err, &fe) {
			t.Errorf("Check error %T, want *FormatError", err)
		}
	}
	// JPEG 2000: JP2 accepts both wavelets, JP2L only the reversible one.
	var lossy, lossless []byte
	lossy = readCorpus(t, "openebts/finger24.jp2") // irreversible 9/7
	for _, im := range nistImages(t, "libbiomeval/type9-15.an2k") {
		if c, _ := im.Compression(); c == "JP2L" {
			lossless = im.Data()
		}
	}
	if err := Check(JP2, lossy); err != nil {
		t.Error(err)
	}
	if err := Check(JP2L, lossy); err == nil || !bytes.Contains([]byte(err.Error()), []byte("irreversible")) {
		t.Errorf("JP2L declared on 9/7 data: %v", err)
	}
	if lossless == nil {
		t.Fatal("no JP2L record in type9-15.an2k")
	}
	if err := Check(JP2L, lossless); err != nil {
		t.Error(err)
	}
	if err := Check(JP2, lossless); err != nil {
		t.Error(err)
	}
}
