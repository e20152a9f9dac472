package source

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"

	"github.com/biogate/biogate/codec/wsq"
	"github.com/biogate/biogate/internal/sniff"
)

// resolution is what an image file says of its pixel density: ppi (and
// vppi vertically) when it states one, why it does not otherwise.
type resolution struct {
	ppi, vppi float64
	why       string
}

const (
	inchPerMetre = 0.0254
	cmPerInch    = 2.54
)

// fileResolution reads the resolution fields of an image file. Every
// reader stays inside b and walks a bounded number of entries.
func fileResolution(format string, b []byte) resolution {
	switch format {
	case sniff.TIFF:
		return tiffResolution(b)
	case sniff.BMP:
		return bmpResolution(b)
	case sniff.PNG:
		return pngResolution(b)
	case sniff.JPEG:
		return jfifResolution(b)
	case sniff.JP2:
		return jp2Resolution(b)
	case sniff.WSQ:
		md, err := wsq.ReadMetadata(bytes.NewReader(b))
		if err != nil || md.PPI <= 0 {
			return resolution{why: "the WSQ file has no NISTCOM comment stating PPI"}
		}
		return resolution{ppi: float64(md.PPI)}
	case sniff.PGM:
		return resolution{why: "a PGM file states no resolution"}
	}
	return resolution{why: "the format states none"}
}

// TIFF tags (TIFF 6.0 section 8): XResolution and YResolution are
// RATIONALs, ResolutionUnit a SHORT: 1 none, 2 inch (the default), 3
// centimetre.
const (
	tagXResolution    = 282
	tagYResolution    = 283
	tagResolutionUnit = 296
	tiffRational      = 5
	tiffShort         = 3
)

// tiffResolution reads the first IFD's resolution tags.
func tiffResolution(b []byte) resolution {
	none := resolution{why: "the TIFF file has no XResolution tag"}
	if len(b) < 8 {
		return none
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if b[0] == 'M' {
		bo = binary.BigEndian
	}
	ifd := int64(bo.Uint32(b[4:8]))
	if ifd+2 > int64(len(b)) {
		return none
	}
	n := int(bo.Uint16(b[ifd:]))
	rational := func(off uint32) float64 {
		if int64(off)+8 > int64(len(b)) {
			return 0
		}
		num, den := bo.Uint32(b[off:]), bo.Uint32(b[off+4:])
		if den == 0 {
			return 0
		}
		return float64(num) / float64(den)
	}
	var x, y float64
	unit := 2
	for i := range n {
		e := ifd + 2 + int64(i)*12
		if e+12 > int64(len(b)) {
			break
		}
		tag, typ := bo.Uint16(b[e:]), bo.Uint16(b[e+2:])
		switch {
		case tag == tagXResolution && typ == tiffRational:
			x = rational(bo.Uint32(b[e+8:]))
		case tag == tagYResolution && typ == tiffRational:
			y = rational(bo.Uint32(b[e+8:]))
		case tag == tagResolutionUnit && typ == tiffShort:
			unit = int(bo.Uint16(b[e+8:]))
		}
	}
	switch {
	case x <= 0:
		return none
	case unit == 3:
		return resolution{ppi: x * cmPerInch, vppi: y * cmPerInch}
	case unit == 2:
		return resolution{ppi: x, vppi: y}
	}
	return resolution{why: fmt.Sprintf("the TIFF ResolutionUnit is %d (no absolute unit)", unit)}
}

// bmpResolution reads biXPelsPerMeter and biYPelsPerMeter of a
// BITMAPINFOHEADER (or a later header that begins like it).
func bmpResolution(b []byte) resolution {
	if len(b) < 46 || binary.LittleEndian.Uint32(b[14:]) < 40 {
		return resolution{why: "the BMP header has no resolution fields"}
	}
	x := int32(binary.LittleEndian.Uint32(b[38:]))
	y := int32(binary.LittleEndian.Uint32(b[42:]))
	if x <= 0 {
		return resolution{why: "the BMP header states 0 pixels per metre"}
	}
	return resolution{ppi: roundPPI(float64(x) * inchPerMetre), vppi: roundPPI(float64(y) * inchPerMetre)}
}

// roundPPI rounds a resolution derived from whole pixels per metre to two
// decimals: 19685 px/m is 499.999 ppi, written by software that meant
// 500.
func roundPPI(v float64) float64 { return math.Round(v*100) / 100 }

// pngResolution reads the pHYs chunk (PNG specification 11.3.5.3): pixels
// per unit, X and Y, and a unit byte, 1 for the metre.
func pngResolution(b []byte) resolution {
	none := resolution{why: "the PNG file has no pHYs chunk in metres"}
	for off := 8; off+12 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[off:]))
		typ := string(b[off+4 : off+8])
		if n < 0 || off+12+n > len(b) || typ == "IDAT" || typ == "IEND" {
			return none
		}
		if typ == "pHYs" && n == 9 {
			d := b[off+8:]
			x, y := binary.BigEndian.Uint32(d), binary.BigEndian.Uint32(d[4:])
			if d[8] != 1 || x == 0 {
				return none
			}
			return resolution{ppi: roundPPI(float64(x) * inchPerMetre), vppi: roundPPI(float64(y) * inchPerMetre)}
		}
		off += 12 + n
	}
	return none
}

// jfifResolution reads the JFIF APP0 segment (JFIF 1.02): units 1 dots per
// inch, 2 dots per centimetre, 0 aspect ratio only.
func jfifResolution(b []byte) resolution {
	none := resolution{why: "the JPEG file has no JFIF segment with a density unit"}
	for off := 2; off+4 <= len(b); {
		if b[off] != 0xFF {
			return none
		}
		m := b[off+1]
		if m == 0xDA || m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC {
			return none // start of scan or frame: APP0 comes before
		}
		n := int(binary.BigEndian.Uint16(b[off+2:]))
		if n < 2 || off+2+n > len(b) {
			return none
		}
		seg := b[off+4 : off+2+n]
		if m == 0xE0 && len(seg) >= 12 && string(seg[:5]) == "JFIF\x00" {
			unit := seg[7]
			x, y := float64(binary.BigEndian.Uint16(seg[8:])), float64(binary.BigEndian.Uint16(seg[10:]))
			switch {
			case unit == 1 && x > 0:
				return resolution{ppi: x, vppi: y}
			case unit == 2 && x > 0:
				return resolution{ppi: x * cmPerInch, vppi: y * cmPerInch}
			}
			return none
		}
		off += 2 + n
	}
	return none
}

// jp2Resolution reads the capture resolution box ('resc'), else the
// default display resolution box ('resd'), inside the JP2 header box
// (ITU-T T.800 I.5.3.7): grid points per metre, each direction N/D·10^E.
func jp2Resolution(b []byte) resolution {
	none := resolution{why: "the JPEG 2000 file has no resolution box"}
	jp2h := jp2Box(b, "jp2h")
	if jp2h == nil {
		return none
	}
	res := jp2Box(jp2h, "res ")
	if res == nil {
		return none
	}
	box := jp2Box(res, "resc")
	if box == nil {
		box = jp2Box(res, "resd")
	}
	if len(box) < 10 {
		return none
	}
	per := func(n, d uint16, e int8) float64 {
		if d == 0 {
			return 0
		}
		return float64(n) / float64(d) * math.Pow(10, float64(e)) * inchPerMetre
	}
	be := binary.BigEndian
	v := per(be.Uint16(box[0:]), be.Uint16(box[2:]), int8(box[8]))
	h := per(be.Uint16(box[4:]), be.Uint16(box[6:]), int8(box[9]))
	if h <= 0 {
		return none
	}
	return resolution{ppi: roundPPI(h), vppi: roundPPI(v)}
}

// jp2Box returns the contents of the first box of type typ among the
// boxes that b holds one after the other (T.800 I.4), or nil.
func jp2Box(b []byte, typ string) []byte {
	for off := 0; off+8 <= len(b); {
		n := uint64(binary.BigEndian.Uint32(b[off:]))
		hdr := uint64(8)
		switch n {
		case 0: // to the end
			n = uint64(len(b) - off)
		case 1: // 8-byte length follows
			if off+16 > len(b) {
				return nil
			}
			n, hdr = binary.BigEndian.Uint64(b[off+8:]), 16
		}
		if n < hdr || n > uint64(len(b)-off) {
			return nil
		}
		if string(b[off+4:off+8]) == typ {
			return b[off+int(hdr) : off+int(n)]
		}
		off += int(n)
	}
	return nil
}
