package iso_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/biogate/biogate/iso"
)

// simpleRecord is a record of two views of 20 minutiae, no extended data.
func simpleRecord(f iso.Format) []byte {
	rec := &iso.MinutiaeRecord{Width: 300, Height: 400, XRes: 197, YRes: 197}
	for v := 0; v < 2; v++ {
		view := iso.MinutiaeView{Position: uint8(v + 1), Quality: 50, Width: 300, Height: 400, XRes: 197, YRes: 197, MinutiaSize: 6}
		if f == iso.FMR2011 || f == iso.ANSI378v2009 {
			rec.Width, rec.Height, rec.XRes, rec.YRes = 0, 0, 0, 0
		}
		for j := 0; j < 20; j++ {
			view.Minutiae = append(view.Minutiae, iso.Minutia{Type: 1, X: uint16(j), Y: uint16(j), Angle: 10, Quality: 50})
		}
		rec.Views = append(rec.Views, view)
	}
	b, err := iso.Marshal(rec, f)
	if err != nil {
		panic(err)
	}
	return b
}

func with(b []byte, f func([]byte) []byte) []byte {
	return f(append([]byte(nil), b...))
}

func TestMalformed(t *testing.T) {
	ansi := simpleRecord(iso.ANSI378v2004) // views at 26 and 152; view 2 minutiae from 156
	isoRec := simpleRecord(iso.FMR2005)    // views at 24 and 150
	iso11 := simpleRecord(iso.FMR2011)
	tests := []struct {
		name   string
		f      iso.Format
		in     []byte
		field  string // substring of the error
		offset int64
		err    error
	}{
		{"ANSI angle out of range", iso.ANSI378v2004, with(ansi, func(b []byte) []byte { b[156+13*6+4] = 200; return b }),
			"view 2 minutia 14: angle 200 out of range 0-179", 156 + 13*6 + 4, iso.ErrRange},
		{"reserved minutia type", iso.FMR2005, with(isoRec, func(b []byte) []byte { b[28] |= 0xC0; return b }),
			"view 1 minutia 1: type 3 is reserved", 28, iso.ErrRange},
		{"truncated minutiae", iso.FMR2005, isoRec[:100], "view 1: minutiae truncated", 28, iso.ErrTruncated},
		{"truncated header", iso.FMR2005, isoRec[:20], "y resolution truncated", 20, iso.ErrTruncated},
		{"bad format identifier", iso.FMR2005, with(isoRec, func(b []byte) []byte { b[0] = 'X'; return b }),
			"format identifier", 0, iso.ErrMagic},
		{"record length too long", iso.FMR2005, with(isoRec, func(b []byte) []byte { b[8], b[9] = 0xFF, 0xFF; return b }),
			"record length 4294", 8, iso.ErrLength},
		{"view quality out of range", iso.FMR2005, with(isoRec, func(b []byte) []byte { b[26] = 101; return b }),
			"view 1: finger quality 101 out of range", 26, iso.ErrRange},
		{"extended block shorter than its header", iso.FMR2005, with(isoRec[:len(isoRec)-2], func(b []byte) []byte {
			b = append(b, 0, 4, 0, 1, 0, 2) // ext length 4, block type 1, length 2
			b[11] += 4
			return b
		}), "view 2 extended data block 1: length 2 is shorter than the block header", int64(len(isoRec)) + 2, iso.ErrLength},
		{"2011 minutia size", iso.FMR2011, with(iso11, func(b []byte) []byte { b[15+4+9+1+2+2+1+1+1+2+2+1+2+2] = 0x70; return b }),
			"representation 1: minutia size 7, want 5 or 6", 15 + 4 + 9 + 1 + 2 + 2 + 1 + 1 + 1 + 2 + 2 + 1 + 2 + 2, iso.ErrRange},
		{"FIR view length below header", iso.FIR2005, append([]byte("FIR\x00010\x00\x00\x00\x00\x00\x00\x2e\x00\x00\x00\x1e\x01\x01\x01\xf4\x01\xf4\x01\xf4\x01\xf4\x08\x00\x00\x00"), 0, 0, 0, 5, 1, 1, 1, 50, 0, 0, 10, 0, 10, 0),
			"view 1: view length 5 is shorter", 32, iso.ErrLength},
		{"face block shorter than its header", iso.Face2005, []byte("FAC\x00010\x00\x00\x00\x00\x2a\x00\x01\x00\x00\x00\x10\x00\x00" + strings.Repeat("\x00", 28)),
			"image 1: facial record data length 16 is shorter", 14, iso.ErrLength},
		{"iris image longer than input", iso.Iris2005, append(append([]byte("IIR\x00010\x00\x00\x00\x00\x3b\x00\x00\x01\x00\x2d"), make([]byte, 28)...), 1, 0, 1, 0, 1, 50, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF),
			"subtype 1 image 1: image data truncated", 59, iso.ErrTruncated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := iso.DecodeAs(tt.in, tt.f, nil)
			var fe *iso.FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a FormatError", err)
			}
			if !strings.Contains(fe.Error(), tt.field) {
				t.Errorf("err = %q, want it to contain %q", fe.Error(), tt.field)
			}
			if fe.Offset != tt.offset {
				t.Errorf("offset = %d, want %d (%v)", fe.Offset, tt.offset, fe)
			}
			if !errors.Is(err, tt.err) {
				t.Errorf("err = %v, want errors.Is %v", err, tt.err)
			}
		})
	}
}

// TestLenientKeepsValues checks that a lenient decode returns the record
// with the out-of-range value as it was, and re-encodes the same bytes.
func TestLenientKeepsValues(t *testing.T) {
	in := with(simpleRecord(iso.ANSI378v2004), func(b []byte) []byte { b[156+13*6+4] = 200; return b })
	rec, err := iso.DecodeAs(in, iso.ANSI378v2004, &iso.DecodeOptions{Lenient: true})
	var ps iso.Problems
	if rec == nil || !errors.As(err, &ps) || len(ps) != 1 {
		t.Fatalf("got %v, %v; want a record and one problem", rec, err)
	}
	if a := rec.(*iso.MinutiaeRecord).Views[1].Minutiae[13].Angle; a != 200 {
		t.Errorf("angle = %d, want 200 kept", a)
	}
	out, _ := iso.Marshal(rec, iso.ANSI378v2004)
	if string(out) != string(in) {
		t.Error("lenient round trip changed the bytes")
	}
}

func TestIdentifyErrors(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want any
	}{
		{"FMR", iso.ErrTruncated},
		{"PK\x03\x04xxxxxxxx", iso.ErrMagic},
		{"FMR\x00 99\x00", iso.UnsupportedError("")},
		{"IIR\x00015\x00", iso.UnsupportedError("")},
	} {
		_, err := iso.Identify([]byte(tc.in))
		switch w := tc.want.(type) {
		case error:
			if _, ok := w.(iso.UnsupportedError); ok {
				var ue iso.UnsupportedError
				if !errors.As(err, &ue) {
					t.Errorf("Identify(%q) = %v, want UnsupportedError", tc.in, err)
				}
				continue
			}
			if !errors.Is(err, w) {
				t.Errorf("Identify(%q) = %v, want %v", tc.in, err, w)
			}
		}
	}
}
