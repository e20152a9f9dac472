package conformance

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"strconv"

	"github.com/biogate/biogate/codec"
	"github.com/biogate/biogate/nist"
)

func l3(id string, loc Location, source, format string, args ...any) Finding {
	return Finding{Assertion: "AN." + id, Level: Level3, Severity: Error, Location: loc,
		Message: fmt.Sprintf(format, args...), Source: source}
}

// depth returns the bits per pixel of a decoded image.
func depth(m image.Image) int {
	switch m.ColorModel() {
	case color.GrayModel:
		return 8
	case color.Gray16Model:
		return 16
	case color.RGBA64Model, color.NRGBA64Model:
		return 48
	}
	return 24
}

// imageContent decodes every image with the compression it declares and
// compares the result with HLL, VLL and BPX (Level 3). Lossless JPEG and,
// in builds without libopenjp2, JPEG 2000 cannot be decoded: that is a
// warning saying the image was not checked, never an error.
func imageContent(in *Input) []Finding {
	var out []Finding
	for i, r := range in.Transaction.Records {
		c, _, ok := declaredCompression(r)
		d := dataField(r)
		if !ok || d == nil || len(d.Value) == 0 || codec.Check(c, d.Value) != nil {
			continue
		}
		w, okw := num(r, 6)
		h, okh := num(r, 7)
		bpx, okb := num(r, 12)
		if r.Type >= 3 && r.Type <= 6 || r.Type == 10 {
			okb = false
		}
		var raw *codec.RawLayout
		if c == codec.None {
			if !okw || !okh {
				continue
			}
			raw = &codec.RawLayout{Width: w, Height: h, Depth: 8}
			if okb {
				raw.Depth = bpx
			}
		}
		loc := at(i+1, r, d.Number, -1, -1)
		m, err := codec.Decode(d.Value, c, raw)
		var u *codec.UnsupportedError
		switch {
		case errors.As(err, &u):
			f := l3(nist.FieldTag(r.Type, d.Number)+".decode", loc, "ANSI/NIST-ITL 1-2011 Table 15",
				"%s image not checked: %v", c, err)
			f.Severity = Warning
			out = append(out, f)
			continue
		case err != nil:
			out = append(out, l3(nist.FieldTag(r.Type, d.Number)+".decode", loc, "ANSI/NIST-ITL 1-2011 Table 15",
				"the %s image does not decode: %v", c, err))
			continue
		}
		b := m.Bounds()
		_, _, cheap := headerSize(c, d.Value)
		if okw && okh && !cheap && (b.Dx() != w || b.Dy() != h) { // else imageData (Level 2) has compared them
			out = append(out, l3(nist.FieldTag(r.Type, 6)+".decoded", at(i+1, r, 6, -1, -1), "ANSI/NIST-ITL 1-2011 §7.7.6-7 HLL/VLL",
				"the image decodes to %dx%d, but HLL x VLL is %dx%d", b.Dx(), b.Dy(), w, h))
		}
		if okb && c != codec.None {
			got := depth(m)
			if got != bpx && !(bpx < 8 && got == 8) && !(bpx > 8 && bpx <= 16 && got == 16) {
				f := l3(nist.FieldTag(r.Type, 12)+".decoded", at(i+1, r, 12, -1, -1), "ANSI/NIST-ITL 1-2011 §7.7.8.4 BPX",
					"%s BPX is %d, but the image decodes to %d bits per pixel", nist.FieldTag(r.Type, 12), bpx, got)
				if got >= 24 {
					// Colour data under a grey BPX: NIST's own pass files
					// (pass-type-13-tip-eji-j2l-replaced-wsq-with-png,
					// pass-all-supported-types Type-16) do this; warn.
					f.Severity = Warning
				}
				out = append(out, f)
			}
		}
	}
	return out
}

// minutiaeInside: the minutiae of the INCITS 378 block (9.137, pixels)
// lie inside the image size that 9.128/9.129 give (ANSI/NIST-ITL 1-2011
// §8.9.10), and legacy 9.012 minutiae (0.01 mm) inside the image record
// with the same IDC when its resolution is known.
func minutiaeInside(in *Input) []Finding {
	var out []Finding
	images := map[int]*nist.Record{}
	for _, r := range in.Transaction.Records {
		if r.Type == 4 || r.Type == 13 || r.Type == 14 || r.Type == 15 {
			if idc, ok := r.IDC(); ok {
				images[idc] = r
			}
		}
	}
	for i, r := range in.Transaction.Records {
		if r.Type != 9 {
			continue
		}
		if f := r.Field(137); f != nil {
			w, okw := num(r, 128)
			h, okh := num(r, 129)
			for k, s := range f.Subfields() {
				if !okw || !okh || len(s) < 3 {
					break
				}
				x, ex := strconv.Atoi(s[1])
				y, ey := strconv.Atoi(s[2])
				if ex == nil && ey == nil && (x >= w || y >= h) {
					out = append(out, l3("9.137.inside", at(i+1, r, 137, k, 1), "ANSI/NIST-ITL 1-2011 §8.9.10 FMD",
						"9.137 minutia %d at (%d, %d) lies outside the %dx%d image of 9.128/9.129", k+1, x, y, w, h))
				}
			}
		}
		idc, _ := r.IDC()
		img := images[idc]
		f := r.Field(12)
		if img == nil || f == nil {
			continue
		}
		iv, ok := in.Transaction.ImageOf(img)
		if !ok {
			continue
		}
		res, okr := iv.Resolution()
		w, okw := iv.Width()
		h, okh := iv.Height()
		hp, vp, okp := res.PerMillimetre()
		if !okr || !okw || !okh || !okp || hp <= 0 || vp <= 0 {
			continue
		}
		wmm, hmm := float64(w)/hp*100, float64(h)/vp*100 // in 0.01 mm
		for k, s := range f.Subfields() {
			if len(s) < 2 || len(s[1]) < 8 {
				continue
			}
			xy := s[1]
			n := (len(xy) - 3) / 2
			x, ex := strconv.Atoi(xy[:n])
			y, ey := strconv.Atoi(xy[n : 2*n])
			if ex == nil && ey == nil && (float64(x) > wmm+1 || float64(y) > hmm+1) {
				out = append(out, l3("9.012.inside", at(i+1, r, 12, k, 1), "ANSI/NIST-ITL 1-2011 §8.9.7.8 MRC (0.01 mm units)",
					"9.012 minutia %d at (%.2f mm, %.2f mm) lies outside the %.2f x %.2f mm image of record %d (IDC %d)", k+1, float64(x)/100, float64(y)/100, wmm/100, hmm/100, indexOf(in.Transaction, img), idc))
			}
		}
	}
	return out
}

func indexOf(t *nist.Transaction, r *nist.Record) int {
	for i, x := range t.Records {
		if x == r {
			return i + 1
		}
	}
	return 0
}
