package codec

import "testing"

func TestCGA(t *testing.T) {
	for _, s := range []string{"NONE", "WSQ20", "JPEGB", "JPEGL", "JP2", "JP2L", "PNG"} {
		c, ok := FromCGA(s)
		if !ok {
			t.Errorf("FromCGA(%q) failed", s)
			continue
		}
		if back, ok := c.CGA(); !ok || back != s || c.String() != s {
			t.Errorf("%q → %v → CGA %q, %v", s, c, back, ok)
		}
	}
	if c, ok := FromCGA("WSQ"); !ok || c != WSQ20 {
		t.Errorf(`FromCGA("WSQ") = %v, %v; want the WSQ20 alias`, c, ok)
	}
	for _, s := range []string{"", "wsq20", "JPEG", "JPEG2000", "NONE (bit-packed)", "unknown"} {
		if c, ok := FromCGA(s); ok {
			t.Errorf("FromCGA(%q) = %v, want no match", s, c)
		}
	}
	for _, c := range []Compression{Unknown, NoneBitPacked, numCompressions} {
		if s, ok := c.CGA(); ok {
			t.Errorf("%v.CGA() = %q, want none", c, s)
		}
	}
}

// GCA codes of binary Types 3/4 (Table 15): 0-6, in CGA order.
func TestGCA(t *testing.T) {
	want := []Compression{None, WSQ20, JPEGB, JPEGL, JP2, JP2L, PNG}
	for code, w := range want {
		c, ok := FromGCA(code)
		if !ok || c != w {
			t.Errorf("FromGCA(%d) = %v, %v; want %v", code, c, ok, w)
		}
		if back, ok := c.GCA(); !ok || back != code {
			t.Errorf("%v.GCA() = %d, %v; want %d", c, back, ok, code)
		}
	}
	for _, code := range []int{-1, 7, 255} {
		if c, ok := FromGCA(code); ok {
			t.Errorf("FromGCA(%d) = %v, want no match", code, c)
		}
	}
	if _, ok := NoneBitPacked.GCA(); ok {
		t.Error("NoneBitPacked has a GCA code")
	}
}

// Every code of every ISO numbering maps to a compression and back; the
// codes that share a compression map back to the first (iris 2005 RGB
// variants map back to the mono code).
func TestISOTables(t *testing.T) {
	for _, e := range Editions() {
		n := 0
		for code := -1; code < 300; code++ {
			c, ok := FromISO(e, code)
			if !ok {
				continue
			}
			n++
			back, ok := c.ISOCode(e)
			if !ok {
				t.Errorf("%s: code %d → %v has no code back", e, code, c)
				continue
			}
			if back != code {
				if e == Iris2005 && back == code-2 && code%4 == 0 {
					continue // RGB variant → mono code
				}
				t.Errorf("%s: code %d → %v → %d", e, code, c, back)
			}
		}
		if n == 0 {
			t.Errorf("%s: no codes", e)
		}
	}
	if _, ok := FromISO("iso19794-2:2005", 0); ok {
		t.Error("an edition without a compression table mapped a code")
	}
}

// The tables, code by code, with the pitfalls of STANDARDS.md §8.1 and
// §9.4-9.5: numbers change meaning between editions and parts.
func TestISOCodes(t *testing.T) {
	none := Unknown
	tests := []struct {
		e     Edition
		codes []Compression // index = code; Unknown = no mapping
	}{
		{FIR2005, []Compression{None, NoneBitPacked, WSQ20, JPEGB, JP2, PNG, none}},
		{ANSI381v2004, []Compression{None, NoneBitPacked, WSQ20, JPEGB, JP2, PNG, none}},
		{FIR2011, []Compression{None, NoneBitPacked, WSQ20, JPEGB, JP2, JP2L, PNG, none}},
		{Face2005, []Compression{JPEGB, JP2, none}},
		{ANSI385v2004, []Compression{JPEGB, JP2, none}},
		{Face2011, []Compression{JPEGB, JP2, JP2L, PNG, none}},
		{Iris2005, []Compression{none, none, None, none, None, none, JPEGB, none, JPEGB, none,
			none, none, none, none, JP2, none, JP2, none}}, // 10, 12: JPEG-LS
		{Iris2011, []Compression{none, none, None, none, none, none, none, none, none, none,
			JP2, none, none, none, PNG, none}},
	}
	for _, tt := range tests {
		for code, want := range tt.codes {
			got, ok := FromISO(tt.e, code)
			if ok != (want != none) || got != want {
				t.Errorf("FromISO(%s, %d) = %v, %v; want %v", tt.e, code, got, ok, want)
			}
		}
	}

	// 19794-4 code 5: PNG in 2005, JPEG 2000 lossless in 2011.
	if c, _ := FromISO(FIR2005, 5); c != PNG {
		t.Errorf("19794-4:2005 code 5 = %v, want PNG", c)
	}
	if c, _ := FromISO(FIR2011, 5); c != JP2L {
		t.Errorf("19794-4:2011 code 5 = %v, want JP2L", c)
	}
	// 19794-6 code 14: JPEG 2000 in 2005, PNG in 2011.
	if c, _ := FromISO(Iris2005, 14); c != JP2 {
		t.Errorf("19794-6:2005 code 14 = %v, want JP2", c)
	}
	if c, _ := FromISO(Iris2011, 14); c != PNG {
		t.Errorf("19794-6:2011 code 14 = %v, want PNG", c)
	}

	// The other direction: which code each edition writes, or none.
	type want struct {
		code int
		ok   bool
	}
	back := []struct {
		c Compression
		e Edition
		want
	}{
		{PNG, FIR2005, want{5, true}},
		{PNG, FIR2011, want{6, true}},
		{JP2L, FIR2005, want{4, true}}, // one JPEG 2000 code in 2005
		{JP2L, FIR2011, want{5, true}},
		{JP2, FIR2011, want{4, true}},
		{WSQ20, FIR2005, want{2, true}}, // GCA 1, FIR 2: never copy the number
		{JPEGL, FIR2005, want{}},        // no code: transcode
		{JPEGL, FIR2011, want{}},
		{PNG, Face2005, want{}},
		{PNG, Face2011, want{3, true}},
		{JP2L, Face2005, want{1, true}},
		{JP2L, Face2011, want{2, true}},
		{WSQ20, Face2011, want{}},
		{None, Face2005, want{}},
		{JP2L, Iris2005, want{14, true}},
		{JP2, Iris2011, want{10, true}},
		{PNG, Iris2005, want{}},
		{WSQ20, Iris2011, want{}},
		{NoneBitPacked, Iris2011, want{}},
		{Unknown, FIR2011, want{}},
	}
	for _, b := range back {
		code, ok := b.c.ISOCode(b.e)
		if ok != b.ok || (ok && code != b.code) {
			t.Errorf("%v.ISOCode(%s) = %d, %v; want %d, %v", b.c, b.e, code, ok, b.code, b.ok)
		}
	}
}

func TestLossless(t *testing.T) {
	for c := Unknown; c < numCompressions; c++ {
		want := c == None || c == NoneBitPacked || c == JPEGL || c == JP2L || c == PNG
		if c.Lossless() != want {
			t.Errorf("%v.Lossless() = %v", c, c.Lossless())
		}
	}
	if s := Compression(200).String(); s != "Compression(200)" {
		t.Errorf("String of an undefined value = %q", s)
	}
}
