package nist

import "strconv"

// Compression names an image compression as the tagged records' CGA field
// (xx.011) spells it (ANSI/NIST-ITL 1-2011 Table 15).
type Compression string

// The compression algorithms of Table 15.
const (
	CompressionNone  Compression = "NONE"
	CompressionWSQ   Compression = "WSQ20"
	CompressionJPEGB Compression = "JPEGB"
	CompressionJPEGL Compression = "JPEGL"
	CompressionJP2   Compression = "JP2"
	CompressionJP2L  Compression = "JP2L"
	CompressionPNG   Compression = "PNG"
)

// gcaCodes maps the numeric GCA of binary Types 3 and 4 (Table 15, the
// "binary" column) to the algorithm.
var gcaCodes = []Compression{CompressionNone, CompressionWSQ, CompressionJPEGB, CompressionJPEGL, CompressionJP2, CompressionJP2L, CompressionPNG}

// CompressionFromGCA returns the algorithm of a binary-record GCA code.
func CompressionFromGCA(code int) (Compression, bool) {
	if code < 0 || code >= len(gcaCodes) {
		return "", false
	}
	return gcaCodes[code], true
}

// GCA returns the binary-record code of c.
func (c Compression) GCA() (int, bool) {
	for i, g := range gcaCodes {
		if g == c {
			return i, true
		}
	}
	return 0, false
}

// ScaleUnit is the unit of an image's pixel scale: the SLC field (xx.008)
// of tagged image records, plus PixelsPerMillimetre for binary records,
// whose resolution comes from Type-1.
type ScaleUnit int

const (
	ScaleAspectOnly     ScaleUnit = iota // SLC 0: the scales give the pixel aspect ratio only
	PixelsPerInch                        // SLC 1
	PixelsPerCentimetre                  // SLC 2
	PixelsPerMillimetre                  // binary records: from 1.011 NSR / 1.012 NTR
)

// Resolution is an image's pixel density.
type Resolution struct {
	Unit                 ScaleUnit
	Horizontal, Vertical float64
}

// PerMillimetre returns the resolution in pixels per millimetre, false when
// the unit gives only an aspect ratio.
func (r Resolution) PerMillimetre() (h, v float64, ok bool) {
	switch r.Unit {
	case PixelsPerInch:
		return r.Horizontal / 25.4, r.Vertical / 25.4, true
	case PixelsPerCentimetre:
		return r.Horizontal / 10, r.Vertical / 10, true
	case PixelsPerMillimetre:
		return r.Horizontal, r.Vertical, true
	}
	return 0, 0, false
}

// Image is a typed view of an image record: binary Types 3-6 and 8, and the
// tagged Types 10, 13-17, 19 and 20 that share the image field block of
// §7.7 (HLL .006, VLL .007, SLC .008, THPS .009, TVPS .010, CGA .011,
// BPX .012, data .999).
type Image struct {
	t *Transaction
	r *Record
}

// IsImageType reports whether records of type t are image records that
// [Transaction.Images] returns.
func IsImageType(t int) bool {
	switch t {
	case 3, 4, 5, 6, 8, 10, 13, 14, 15, 16, 17, 19, 20:
		return true
	}
	return false
}

// Images returns a view of every image record, in file order.
func (t *Transaction) Images() []Image {
	var out []Image
	for _, r := range t.Records {
		if IsImageType(r.Type) {
			out = append(out, Image{t, r})
		}
	}
	return out
}

// ImageOf returns the image view of r, which must belong to t; false when r
// is not an image record.
func (t *Transaction) ImageOf(r *Record) (Image, bool) {
	if !IsImageType(r.Type) {
		return Image{}, false
	}
	return Image{t, r}, true
}

// Record returns the record the view reads.
func (im Image) Record() *Record { return im.r }

func (im Image) num(n int) (int, bool) {
	if f := im.r.Field(n); f != nil && !f.Binary {
		return f.Int()
	}
	return 0, false
}

// IDC returns the record's IDC.
func (im Image) IDC() (int, bool) { return im.r.IDC() }

// Impression returns the impression type (IMP, Table 7) of friction ridge
// images: field 3 of Types 3-6, 13, 14, 15 and 19.
func (im Image) Impression() (int, bool) {
	switch im.r.Type {
	case 3, 4, 5, 6, 13, 14, 15, 19:
		return im.num(3)
	}
	return 0, false
}

// Positions returns the friction ridge generalized positions (FGP, Table 8):
// the six bytes of binary field 4 without the unused 255s, or the subfields
// of tagged field 13 of Types 13, 14, 15 and 19.
func (im Image) Positions() []int {
	var f *Field
	switch im.r.Type {
	case 3, 4, 5, 6:
		f = im.r.Field(4)
	case 13, 14, 15, 19:
		f = im.r.Field(13)
	}
	if f == nil || f.Binary {
		return nil
	}
	var out []int
	for _, s := range f.Subfields() {
		for _, it := range s {
			if n, err := strconv.Atoi(it); err == nil && n != 255 {
				out = append(out, n)
			}
		}
	}
	return out
}

// Width returns the number of pixels per line (HLL).
func (im Image) Width() (int, bool) { return im.num(6) }

// Height returns the number of lines (VLL).
func (im Image) Height() (int, bool) { return im.num(7) }

// BitsPerPixel returns the bits per pixel: 8 for Types 3 and 4, 1 for the
// binary Types 5 and 6, BPX (.012) for tagged types, and for Type-10 the
// depth its colour space (10.012 CSP) implies.
func (im Image) BitsPerPixel() (int, bool) {
	switch im.r.Type {
	case 3, 4:
		return 8, true
	case 5, 6:
		return 1, true
	case 8:
		return 0, false
	case 10:
		switch im.r.Text(12) {
		case "GRAY":
			return 8, true
		case "RGB", "SRGB", "YCC", "SYCC":
			return 24, true
		}
		return 0, false
	}
	return im.num(12)
}

// Compression returns the image's compression: CGA (.011) of tagged
// records, or the algorithm of the binary GCA code of Types 3 and 4. For
// Types 5 and 6 (BCA) and Type-8 (SRT) it returns "BCA:n" and "SRT:n".
func (im Image) Compression() (Compression, bool) {
	switch im.r.Type {
	case 3, 4:
		code, ok := im.num(8)
		if !ok {
			return "", false
		}
		if c, ok := CompressionFromGCA(code); ok {
			return c, true
		}
		return Compression("GCA:" + strconv.Itoa(code)), false
	case 5, 6:
		code, ok := im.num(8)
		if code == 0 && ok {
			return CompressionNone, true
		}
		return Compression("BCA:" + strconv.Itoa(code)), ok
	case 8:
		code, ok := im.num(4)
		if code == 0 && ok {
			return CompressionNone, true
		}
		return Compression("SRT:" + strconv.Itoa(code)), ok
	}
	f := im.r.Field(11)
	if f == nil {
		return "", false
	}
	return Compression(f.Value), true
}

// Resolution returns the image's pixel density: SLC, THPS and TVPS (.008-
// .010) for tagged records. Binary Types 4 and 6 are transmitted at 1.012
// NTR (19.69 ppmm when NTR is absent or 00.00), and the low-resolution
// Types 3 and 5 at half of it (§8.3, §8.5); Type-8 likewise.
func (im Image) Resolution() (Resolution, bool) {
	switch im.r.Type {
	case 3, 4, 5, 6, 8:
		ppmm, ok := im.t.Header().NominalTransmittingResolution()
		if !ok || ppmm == 0 {
			ppmm = 19.69
		}
		if im.r.Type == 3 || im.r.Type == 5 {
			ppmm /= 2
		}
		return Resolution{PixelsPerMillimetre, ppmm, ppmm}, true
	}
	slc, ok1 := im.num(8)
	h, ok2 := im.num(9)
	v, ok3 := im.num(10)
	if !ok1 || !ok2 || !ok3 || slc > 2 {
		return Resolution{}, false
	}
	return Resolution{ScaleUnit(slc), float64(h), float64(v)}, true
}

// Data returns the image bytes (not a copy): .999 of tagged records, the
// data element of binary records. nil when absent.
func (im Image) Data() []byte {
	var f *Field
	switch im.r.Type {
	case 3, 4, 5, 6:
		f = im.r.Field(9)
	case 8:
		f = im.r.Field(8)
	default:
		f = im.r.Field(999)
	}
	if f == nil {
		return nil
	}
	return f.Value
}
