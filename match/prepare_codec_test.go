package match

import (
	"errors"
	"testing"
)

func TestPreparedRoundTrip(t *testing.T) {
	ss := loadSet(t, "fvc2002-db3-b")
	for i := 0; i+1 < len(ss); i += 9 {
		a, b := Prepare(ss[i].tmpl), Prepare(ss[i+1].tmpl)
		enc, err := a.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var d Prepared
		if err := d.UnmarshalBinary(enc); err != nil {
			t.Fatalf("%s: %v", ss[i].name, err)
		}
		if s1, s2 := Score(a, b), Score(&d, b); s1 != s2 {
			t.Errorf("%s: score %v before encoding, %v after", ss[i].name, s1, s2)
		}
		if d.Len() != a.Len() || d.minutiae != a.minutiae {
			t.Errorf("%s: decoded %d/%d, want %d/%d", ss[i].name, d.Len(), d.minutiae, a.Len(), a.minutiae)
		}
		for j := range a.cyl {
			if a.cyl[j] != d.cyl[j] || a.min[j] != d.min[j] {
				t.Fatalf("%s: cylinder %d differs after decoding", ss[i].name, j)
			}
		}
	}
	var empty Prepared
	enc, _ := Prepare(Template{}).MarshalBinary()
	if err := empty.UnmarshalBinary(enc); err != nil || empty.Len() != 0 {
		t.Errorf("empty: %v, %d cylinders", err, empty.Len())
	}
}

func TestPreparedDecodeErrors(t *testing.T) {
	ss := loadSet(t, "fvc2002-db1-b")
	good, _ := Prepare(ss[0].tmpl).MarshalBinary()
	mutate := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), good...)) }
	cases := []struct {
		name string
		in   []byte
		off  int
	}{
		{"empty", nil, 0},
		{"magic", mutate(func(b []byte) []byte { b[0] = 'X'; return b }), 0},
		{"truncated", good[:len(good)-1], len(good) - 1},
		{"too many cylinders", mutate(func(b []byte) []byte { b[6], b[7] = 0xff, 0xff; return b }), 6},
		{"count mismatch", mutate(func(b []byte) []byte { b[6]--; return b }), len(good)},
		{"NaN x", mutate(func(b []byte) []byte { copy(b[8:], []byte{0, 0, 0xc0, 0x7f}); return b }), 8},
		{"direction", mutate(func(b []byte) []byte { copy(b[16:], []byte{0, 0, 0x80, 0x40}); return b }), 16},
		{"cell outside disc", mutate(func(b []byte) []byte { b[22] |= 1; return b }), 22},
		{"element in invalid cell", mutate(func(b []byte) []byte {
			// Clear the first mask word, keep layer 0.
			for i := 22; i < 30; i++ {
				b[i] = 0
			}
			return b
		}), 22},
	}
	for _, c := range cases {
		var p Prepared
		err := p.UnmarshalBinary(c.in)
		var fe *FormatError
		if !errors.As(err, &fe) {
			t.Errorf("%s: error %v, want a FormatError", c.name, err)
			continue
		}
		if fe.Offset != c.off {
			t.Errorf("%s: %v: offset %d, want %d", c.name, err, fe.Offset, c.off)
		}
	}
}

func FuzzUnmarshalPrepared(f *testing.F) {
	f.Add([]byte(preparedMagic + "\x00\x00\x00\x00"))
	if ss := loadSetFuzz(); ss != nil {
		b, _ := Prepare(*ss).MarshalBinary()
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var p Prepared
		if p.UnmarshalBinary(b) != nil {
			return
		}
		// What decodes compares without panic and encodes back the same.
		if s := Score(&p, &p); s < 0 || s > 1 {
			t.Errorf("score %v", s)
		}
		again, _ := p.MarshalBinary()
		if string(again) != string(b) {
			t.Errorf("re-encoding differs")
		}
	})
}

// loadSetFuzz returns one corpus template for the fuzz seed, or nil.
func loadSetFuzz() *Template {
	ms, err := readXYT(corpusDir+"/reference/nbis-mindtct/fvc2002-db1-b/101_1.xyt", 388, 374)
	if err != nil {
		return nil
	}
	return &Template{Width: 388, Height: 374, PPI: 500, Minutiae: ms}
}
