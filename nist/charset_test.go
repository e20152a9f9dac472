package nist

import (
	"errors"
	"testing"
)

// TestCharacterSets decodes a Type-2 value under each 1.015 DCS of Table 4.
func TestCharacterSets(t *testing.T) {
	tests := []struct {
		name  string
		dcs   string // "" for no DCS field
		value string
		ok    bool
	}{
		{"ASCII without DCS", "", "DOE,JOHN", true},
		{"8-bit without DCS", "", "M\xfcller", false},
		{"ASCII declared", "0\x1fASCII", "DOE", true},
		{"ASCII with 3-digit CSI", "000\x1fASCII", "DOE", true},
		{"Latin-1 accepts any byte", "1\x1fLatin-1", "M\xfcller", true},
		{"UTF-8 valid", "3\x1fUTF-8", "MÜLLER\x1fJOSÉ", true},
		{"UTF-8 with 3-digit CSI", "003\x1fUTF-8", "MÜLLER", true},
		{"UTF-8 broken", "3\x1fUTF-8", "M\xc3LLER", false},
		{"UTF-8 overlong", "3\x1fUTF-8", "\xc0\xafx", false},
		{"UTF-16 is left to the per-field rules", "2\x1fUTF-16", "\x00D\x00O\x1f\x00E", true},
		{"UTF-32 is left to the per-field rules", "4\x1fUTF-32", "\x00\x00\x00D\x00", true},
		{"user-defined set is not checked", "128\x1fEBCDIC", "\xc4\xd6\xc5", true},
		{"reserved set", "7\x1fX", "DOE", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := NewTransaction(V0502)
			if tt.dcs != "" {
				tr.Records[0].Set(15, tt.dcs)
			}
			r := NewRecord(2)
			r.Set(3, tt.value)
			tr.AddRecord(r)
			b, err := Marshal(tr)
			if err != nil {
				t.Fatal(err)
			}
			_, err = DecodeBytes(b, nil)
			if tt.ok && err != nil {
				t.Fatalf("decode: %v", err)
			}
			if !tt.ok && !errors.Is(err, ErrEncoding) {
				t.Fatalf("error %v, want ErrEncoding", err)
			}
		})
	}
}

func TestDecodeText(t *testing.T) {
	tests := []struct {
		cs   CharacterSet
		in   string
		want string
		ok   bool
	}{
		{ASCII, "DOE", "DOE", true},
		{ASCII, "D\xd6E", "", false},
		{UTF8, "DÖE", "DÖE", true},
		{UTF8, "D\xd6E", "", false},
		{Latin1, "D\xd6E", "DÖE", true},
		{UTF16, "\x00D\x00\xd6", "DÖ", true},
		{UTF16, "\xff\xfeD\x00\xd6\x00", "DÖ", true},
		{UTF16, "\x00D\x00", "", false},
		{UTF32, "\x00\x00\x00D\x00\x01\xf6\x00", "D\U0001F600", true},
		{UTF32, "\x00\x11\x00\x00", "", false},
		{CharacterSet(200), "x", "", false},
	}
	for _, tt := range tests {
		got, err := tt.cs.DecodeText([]byte(tt.in))
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("%v.DecodeText(%q) = %q, %v; want %q, ok=%v", tt.cs, tt.in, got, err, tt.want, tt.ok)
		}
	}
}
