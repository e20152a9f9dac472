package iso

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// Identify tells a record's format from its bytes. Formats that share a
// format identifier and version are told apart by their header structure:
// the candidate whose views or representations add up exactly to the
// declared record length wins.
//
//   - "FMR\0 20\0" (or "FMR\0020\0", see [MinutiaeRecord.Version20]): INCITS 378-2004 (2- or 6-byte length, 26-byte header)
//     or 19794-2:2005 (4-byte length, 24-byte header). Where neither
//     structure fits exactly, bytes 8-9 decide as FingerprintIO does: 26 or
//     more is an ANSI 2-byte length, 1-25 the high half of an ISO length,
//     0 an ISO length below 65536 when bytes 10-11 are 24 or more.
//   - "FMR\0030\0": 19794-2:2011 (15-byte header, representations with
//     4-byte lengths), INCITS 378-2009 (21-byte header) or the 2007 draft
//     (20-byte header).
//   - "FIR\0010\0": 19794-4:2005 (32-byte header) or INCITS 381-2004
//     (36-byte header, with a CBEFF product ID).
//   - "FAC\0010\0" is reported as 19794-5:2005; INCITS 385-2004 has the
//     same layout and must be asked for with DecodeAs.
//
// The card formats have no header and are never identified.
func Identify(b []byte) (Format, error) {
	if len(b) < 8 {
		return "", &FormatError{Offset: int64(len(b)), Field: "header", Msg: "shorter than a format identifier and version", Err: ErrTruncated}
	}
	magic, version := string(b[:4]), string(b[4:8])
	switch magic {
	case "FMR\x00":
		switch version {
		case " 20\x00", "020\x00":
			// "020" is how some producers write the 2004/2005 version
			// (Version20); the layout decides between the two editions.
			return identifyFMR20(b), nil
		case "030\x00":
			return identifyFMR030(b), nil
		case "035\x00":
			return ANSI378v2009AM1, nil
		}
	case "FIR\x00":
		switch version {
		case "010\x00":
			return identifyFIR010(b), nil
		case "020\x00":
			return FIR2011, nil
		}
	case "FAC\x00":
		switch version {
		case "010\x00":
			return Face2005, nil
		case "030\x00":
			return Face2011, nil
		}
	case "IIR\x00":
		switch version {
		case "010\x00", "013\x00":
			return Iris2005, nil
		case "020\x00":
			return Iris2011, nil
		}
	default:
		return "", &FormatError{Offset: 0, Field: "format identifier", Msg: fmt.Sprintf("%q is not FMR, FIR, FAC or IIR", bytes.TrimRight(b[:4], "\x00")), Err: ErrMagic}
	}
	return "", UnsupportedError(fmt.Sprintf("%s version %q", bytes.TrimRight(b[:4], "\x00"), bytes.TrimRight(b[4:8], "\x00")))
}

// Version20Variant is the version "020" that some producers write in
// place of the " 20" of INCITS 378-2004 and ISO/IEC 19794-2:2005
// ([MinutiaeRecord.Version20]).
const Version20Variant = "020"

func u16(b []byte, off int) (int, bool) {
	if off < 0 || off+2 > len(b) {
		return 0, false
	}
	return int(binary.BigEndian.Uint16(b[off:])), true
}

func u32(b []byte, off int) (int64, bool) {
	if off < 0 || off+4 > len(b) {
		return 0, false
	}
	return int64(binary.BigEndian.Uint32(b[off:])), true
}

// walkFMRViews walks n finger views with a fixed header of hdr bytes whose
// minutia count is the byte at countAt, and returns where they end, or -1.
func walkFMRViews(b []byte, off, n, hdr, countAt int) int {
	for i := 0; i < n; i++ {
		if off+hdr > len(b) {
			return -1
		}
		off += hdr + 6*int(b[off+countAt])
		ext, ok := u16(b, off)
		if !ok {
			return -1
		}
		off += 2 + ext
	}
	return off
}

func identifyFMR20(b []byte) Format {
	// ISO 19794-2:2005: 4-byte length at 8, views from 24, count at 22.
	isoFits := false
	if l, ok := u32(b, 8); ok && len(b) >= 24 {
		end := walkFMRViews(b, 24, int(b[22]), 4, 3)
		isoFits = end >= 0 && int64(end) == l
	}
	// INCITS 378-2004: 2-byte length at 8, or 0 and a 4-byte length.
	ansiFits := false
	if l, ok := u16(b, 8); ok {
		hdr, length := 26, int64(l)
		if l == 0 {
			hdr = 30
			length, _ = u32(b, 10)
		}
		if len(b) >= hdr {
			end := walkFMRViews(b, hdr, int(b[hdr-2]), 4, 3)
			ansiFits = end >= 0 && int64(end) == length
		}
	}
	switch {
	case isoFits && !ansiFits:
		return FMR2005
	case ansiFits && !isoFits:
		return ANSI378v2004
	}
	hi, _ := u16(b, 8)
	switch {
	case hi >= 26:
		return ANSI378v2004
	case hi > 0:
		return FMR2005
	}
	if lo, _ := u16(b, 10); lo >= 24 {
		return FMR2005
	}
	return ANSI378v2004
}

func identifyFMR030(b []byte) Format {
	total, _ := u32(b, 8)
	// 19794-2:2011: 15-byte header, count at 12, representations that each
	// begin with their 4-byte length.
	if n, ok := u16(b, 12); ok && n > 0 {
		off, good := int64(15), true
		for i := 0; i < n && good; i++ {
			l, ok := u32(b, int(off))
			good = ok && l >= 19
			off += l
		}
		if good && off == total {
			return FMR2011
		}
	}
	// 378-2009 (21-byte header) and the 2007 draft (20-byte header), each
	// with 17-byte view headers whose minutia count is the last byte.
	if len(b) >= 21 && int64(walkFMRViews(b, 21, int(b[19]), 17, 16)) == total {
		return ANSI378v2009
	}
	if len(b) >= 20 && int64(walkFMRViews(b, 20, int(b[18]), 17, 16)) == total {
		return ANSI378v2007
	}
	if n, ok := u16(b, 12); ok && n > 0 {
		if l, ok := u32(b, 15); ok && l >= 19 && 15+l <= total {
			return FMR2011
		}
	}
	return ANSI378v2009
}

// walkFIRViews walks n finger image views (each starting with a 4-byte
// length) from off and returns where they end, or -1.
func walkFIRViews(b []byte, off, n int) int64 {
	o := int64(off)
	for i := 0; i < n; i++ {
		l, ok := u32(b, int(o))
		if !ok || l < 14 {
			return -1
		}
		o += l
	}
	return o
}

func identifyFIR010(b []byte) Format {
	if len(b) < 14 {
		return FIR2005
	}
	total := int64(b[8])<<40 | int64(b[9])<<32 | int64(binary.BigEndian.Uint32(b[10:]))
	if len(b) >= 32 && walkFIRViews(b, 32, int(b[18])) == total {
		return FIR2005
	}
	if len(b) >= 36 && walkFIRViews(b, 36, int(b[22])) == total {
		return ANSI381v2004
	}
	return FIR2005
}
