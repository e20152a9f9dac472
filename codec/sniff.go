package codec

import (
	"bytes"
	"encoding/binary"
)

// Magic numbers of the compressed formats.
var (
	magicWSQ = []byte{0xFF, 0xA0}                       // SOI, IAFIS-IC-0110 Table 1
	magicJPG = []byte{0xFF, 0xD8}                       // SOI, ITU-T T.81 Table B.1
	magicPNG = []byte("\x89PNG\r\n\x1a\n")              // ISO/IEC 15948 clause 5.2
	magicJP2 = []byte("\x00\x00\x00\x0cjP  \r\n\x87\n") // JP2 signature box, T.800 I.5.1
	magicJ2K = []byte{0xFF, 0x4F, 0xFF, 0x51}           // SOC then SIZ, T.800 A.4.1, A.5.1
)

// Sniff returns the compression of data from its first bytes: WSQ20 (SOI
// FFA0), JPEGB or JPEGL (SOI FFD8, then the frame marker: SOF3, SOF7,
// SOF11 and SOF15 are the lossless processes), PNG (signature), JP2 or JP2L
// (JP2 signature box, or a bare codestream starting with SOC and SIZ:
// JP2L when the COD marker names the reversible 5/3 wavelet, which is how
// lossless JPEG 2000 is coded, JP2 otherwise). Unknown for anything else,
// including uncompressed data, which has no magic, and JPEG-LS (SOF55).
func Sniff(data []byte) Compression {
	switch {
	case bytes.HasPrefix(data, magicWSQ):
		return WSQ20
	case bytes.HasPrefix(data, magicJPG):
		return sniffJPEG(data)
	case bytes.HasPrefix(data, magicPNG):
		return PNG
	case bytes.HasPrefix(data, magicJP2):
		if cs := jp2Codestream(data); cs != nil {
			return sniffJ2K(cs)
		}
		return JP2
	case bytes.HasPrefix(data, magicJ2K):
		return sniffJ2K(data)
	}
	return Unknown
}

// sniffJPEG walks the marker segments after SOI up to the first frame
// header (T.81 B.2.2). It returns JPEGB when there is none before the data
// ends or the scan starts, as for a truncated file.
func sniffJPEG(b []byte) Compression {
	i := 2
	for i+4 <= len(b) {
		if b[i] != 0xFF {
			return JPEGB
		}
		m := b[i+1]
		switch {
		case m == 0xFF: // fill byte (T.81 B.1.1.2)
			i++
			continue
		case m == 0x01 || (m >= 0xD0 && m <= 0xD8): // TEM, RSTn, SOI: no length
			i += 2
			continue
		case m == 0xF7: // SOF55: JPEG-LS, ITU-T T.87
			return Unknown
		case m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC:
			switch m {
			case 0xC3, 0xC7, 0xCB, 0xCF: // lossless processes (T.81 Table B.1)
				return JPEGL
			}
			return JPEGB
		case m == 0xDA, m == 0xD9: // SOS or EOI before any frame
			return JPEGB
		}
		i += 2 + int(binary.BigEndian.Uint16(b[i+2:]))
	}
	return JPEGB
}

// jp2Codestream returns the contents of the first contiguous codestream box
// ('jp2c', T.800 I.5.4) of a JP2 file, nil when there is none.
func jp2Codestream(b []byte) []byte {
	for len(b) >= 8 {
		n := uint64(binary.BigEndian.Uint32(b))
		typ := string(b[4:8])
		hdr := uint64(8)
		switch n {
		case 0: // to the end of the file
			n = uint64(len(b))
		case 1: // XLBox follows
			if len(b) < 16 {
				return nil
			}
			n, hdr = binary.BigEndian.Uint64(b[8:]), 16
		}
		if n < hdr || n > uint64(len(b)) {
			if typ == "jp2c" { // truncated: sniff what there is
				return b[hdr:]
			}
			return nil
		}
		if typ == "jp2c" {
			return b[hdr:n]
		}
		b = b[n:]
	}
	return nil
}

// sniffJ2K reads the main header of a codestream (T.800 A.4-A.6) for the
// COD marker's wavelet transformation (SPcod, Table A.20): 1 is the
// reversible 5/3 filter.
func sniffJ2K(b []byte) Compression {
	if !bytes.HasPrefix(b, magicJ2K[:2]) {
		return JP2
	}
	i := 2
	for i+4 <= len(b) && b[i] == 0xFF {
		m := b[i+1]
		if m == 0x90 || m == 0x93 { // SOT, SOD: end of the main header
			break
		}
		l := int(binary.BigEndian.Uint16(b[i+2:]))
		if m == 0x52 { // COD: Lcod, Scod, SGcod (4), SPcod: levels, xcb, ycb, style, transform
			if l >= 12 && i+13 < len(b) {
				if b[i+13] == 1 {
					return JP2L
				}
			}
			return JP2
		}
		if l < 2 {
			break
		}
		i += 2 + l
	}
	return JP2
}

// Check reports whether data is what a record declares it to be: nil when
// [Sniff] agrees with declared, a *FormatError saying what the data is
// otherwise. Data declared JP2 may use the reversible wavelet (a rate limit
// can still make it lossy); data declared JP2L must. Uncompressed data
// (None, NoneBitPacked) has no magic and is not checked.
func Check(declared Compression, data []byte) error {
	got := Sniff(data)
	switch {
	case declared == None || declared == NoneBitPacked:
		return nil
	case got == declared, declared == JP2 && got == JP2L:
		return nil
	case got == Unknown:
		return &FormatError{Compression: declared, Msg: "data does not start like " + declared.String() + " data"}
	case declared == JP2L && got == JP2:
		return &FormatError{Compression: declared, Msg: "JPEG 2000 data uses the irreversible 9/7 wavelet, so it is not lossless"}
	}
	return &FormatError{Compression: declared, Msg: "data is " + got.String()}
}
