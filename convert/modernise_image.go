package convert

import (
	"fmt"
	"image"
	"strings"

	"github.com/biogate/biogate/codec"
	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/nist"
)

// fingerImage converts a binary friction ridge record (Type-3, 4, 5 or 6)
// into a tagged one through a 19794-4:2011 view, so that the binary →
// tagged mapping is the one [Type14ToFingerImage] and
// [FingerImageToType14] already define. See [Modernise].
func (m *moderniser) fingerImage(r *nist.Record, where string) (*nist.Record, error) {
	src := r
	if r.Type == 5 || r.Type == 6 {
		grey, err := m.unpackBinary(r, where)
		if err != nil {
			return nil, err
		}
		src = grey
	}
	// A compression that Type-14 names but 19794-4:2011 has no code for
	// (JPEGL) crosses the ISO view as NONE and gets its CGA back after:
	// the bytes are copied either way, and the CGA is codec's name for
	// the GCA code (ANSI/NIST-ITL 1-2011 Table 15).
	var cga string
	if src.Type <= 4 {
		gca, _ := intField(src, 8)
		c, ok := codec.FromGCA(gca)
		if !ok {
			return nil, fmt.Errorf("%s GCA %q is not a compression code of 2011 Table 15", nist.FieldTag(src.Type, 8), src.Text(8))
		}
		if _, ok := c.ISOCode(codec.Edition(iso.FIR2011)); !ok {
			cga, _ = c.CGA()
			src = cloneRecord(src)
			src.Set(8, "0")
		}
	}
	fir, rep, err := Type14ToFingerImage(m.src, src, iso.FIR2011)
	m.rep.Merge(rep, where)
	if err != nil {
		return nil, err
	}
	opts, dateFromDAT := m.imageOptions(where)
	out, rep, err := FingerImageToType14(fir, 0, opts)
	if rep != nil && dateFromDAT {
		for i, f := range rep.Findings {
			if f.Severity == Assumed && strings.HasPrefix(f.What, "capture date") {
				rep.Findings[i].Detail = "binary records have none; 1.005 DAT " + opts.Date + " (the transaction's date) written"
			}
		}
	}
	m.rep.Merge(rep, where)
	if err != nil {
		return nil, err
	}
	if cga != "" {
		out.Set(11, cga)
	}
	if idc, ok := r.IDC(); ok {
		out.SetIDC(idc)
	} else {
		return nil, fmt.Errorf("%s IDC is not a number", nist.FieldTag(r.Type, 2))
	}
	imp, _ := intField(out, 3)
	if t := taggedTypeFor(imp); t != 14 {
		out.Type = t
		m.rep.approx("record type", where, 0, "impression type %d is %s: written as a Type-%d record (2011 Table 7)", imp, impressionKind(t), t)
	} else {
		m.rep.approx("record type", where, 0, "Type-%d written as Type-14 (Types 3, 5 and 6 are not allowed since 2011, Type-4 is kept for legacy use only)", r.Type)
	}
	return out, nil
}

// taggedTypeFor is the tagged record type that holds an impression type
// (ANSI/NIST-ITL 1-2011 Table 7): Type-13 for latent impressions (4-7
// fingers, 12-15 palms), Type-15 for palm exemplars (10, 11), Type-14
// for the others.
func taggedTypeFor(imp int) int {
	switch {
	case imp >= 4 && imp <= 7, imp >= 12 && imp <= 15:
		return 13
	case imp == 10 || imp == 11:
		return 15
	}
	return 14
}

func impressionKind(t int) string {
	if t == 13 {
		return "a latent impression"
	}
	return "a palm impression"
}

// imageOptions gives the tagged records their source agency and capture
// date, which binary records do not carry: the options', else the
// transaction's own (1.008 ORI, 1.005 DAT).
func (m *moderniser) imageOptions(where string) (opts *ImageOptions, dateFromDAT bool) {
	io := &ImageOptions{Source: m.opts.Source, Date: m.opts.Date}
	h := m.src.Header()
	if io.Source == "" {
		io.Source = h.OriginatingAgency()
		if io.Source != "" {
			m.rep.assume("source agency (SRC)", where, "binary records name none; 1.008 ORI %q written", io.Source)
		}
	}
	if io.Date == "" {
		io.Date = h.Record().Text(5)
		dateFromDAT = io.Date != ""
	}
	return io, dateFromDAT
}

// unpackBinary returns a copy of the bi-level record r (Type-5 or 6, 1 bit
// per pixel packed eight to a byte, BCA 0) as the grey record of the same
// resolution (Type-3 or 4, GCA 0) with the same pixels, one byte each,
// decoded by package codec.
func (m *moderniser) unpackBinary(r *nist.Record, where string) (*nist.Record, error) {
	bca, ok := intField(r, 8)
	if !ok || bca != 0 {
		return nil, fmt.Errorf("%s BCA %q: compressed bi-level images cannot be carried into Type-14 (no CGA names their compression)", nist.FieldTag(r.Type, 8), r.Text(8))
	}
	w, okw := intField(r, 6)
	h, okh := intField(r, 7)
	if !okw || !okh || w <= 0 || h <= 0 {
		return nil, fmt.Errorf("%s/%s HLL/VLL %q×%q is not an image size", nist.FieldTag(r.Type, 6), nist.FieldTag(r.Type, 7), r.Text(6), r.Text(7))
	}
	var data []byte
	if f := r.Field(9); f != nil {
		data = f.Value
	}
	img, err := codec.Decode(data, codec.NoneBitPacked, &codec.RawLayout{Width: w, Height: h, Depth: 1})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", nist.FieldTag(r.Type, 9), err)
	}
	g, ok := img.(*image.Gray)
	if !ok {
		return nil, fmt.Errorf("%s: a bi-level image decoded as %T", nist.FieldTag(r.Type, 9), img)
	}
	c := cloneRecord(r)
	c.Type = r.Type - 2
	c.Set(8, "0")
	c.SetBinary(9, grayBytes(g))
	m.rep.approx("bi-level image", where, 0, "%d×%d pixels of 1 bit (BCA 0) written as 8-bit grey, uncompressed (0 and 255): the same pixels, one byte each, as Type-14 has no bit-packed form", w, h)
	return c, nil
}

// grayBytes returns the pixels of g row by row, one byte each.
func grayBytes(g *image.Gray) []byte {
	b := g.Bounds()
	out := make([]byte, 0, b.Dx()*b.Dy())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		i := g.PixOffset(b.Min.X, y)
		out = append(out, g.Pix[i:i+b.Dx()]...)
	}
	return out
}
