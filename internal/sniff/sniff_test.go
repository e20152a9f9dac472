package sniff

import "testing"

func TestFormat(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"1.001:259\x1d1.002:0500", AN2},
		{"01.001:17\x1d", AN2},
		{"1.01:17\x1d", AN2},
		{"2.001:17\x1d", Unknown},
		{"1.002:0500", Unknown},
		{"\xff\xa0\xff\xa8", WSQ},
		{"\x89PNG\r\n\x1a\n....", PNG},
		{"\xff\xd8\xff\xe0", JPEG},
		{"\x00\x00\x00\x0cjP  \r\n\x87\n", JP2},
		{"\xff\x4f\xff\x51", JP2},
		{"  {\"format\":\"biogate-an2\"}", JSON},
		{"\xef\xbb\xbf<?xml version=\"1.0\"?>", XML},
		{"FMR\x00 20\x00\x00\x00", ISO},
		{"FIR\x00010\x00\x00\x00", ISO},
		{"FAC\x00010\x00\x00\x00", ISO},
		{"IIR\x00010\x00\x00\x00", ISO},
		{"II*\x00\x08\x00\x00\x00", TIFF},
		{"MM\x00*\x00\x00\x00\x08", TIFF},
		{"BM" + string(make([]byte, 24)), BMP},
		{"BM short", Unknown},
		{"P5 364 536 255\n", PGM},
		{"P5x", Unknown},
		{"FMR 20", Unknown},
		{"", Unknown},
		{"hello", Unknown},
	}
	for _, tt := range tests {
		if got := Format([]byte(tt.in)); got != tt.want {
			t.Errorf("Format(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
