// Package sniff tells an input's format from its first bytes, never from a
// file name. The names are the format names of DESIGN.md.
package sniff

import "bytes"

// Format names, as the CLI's --to and the API's ?to= spell them.
const (
	AN2     = "an2"  // ANSI/NIST-ITL traditional encoding
	XML     = "xml"  // ANSI/NIST-ITL NIEM XML encoding
	JSON    = "json" // Biogate's JSON form of a transaction
	WSQ     = "wsq"
	PNG     = "png"
	JPEG    = "jpeg"
	JP2     = "jp2"
	TIFF    = "tiff" // input only: fingerprint scans (FVC sets)
	BMP     = "bmp"  // input only
	PGM     = "pgm"  // input only: Netpbm binary greymap (P5)
	ISO     = "iso"  // an ISO/IEC 19794 or INCITS 378/381/385 record; iso.Identify tells the edition
	Unknown = ""
)

// Format returns the name of the format b begins with, or Unknown.
func Format(b []byte) string {
	switch {
	case isTaggedRecord(b):
		return AN2
	case bytes.HasPrefix(b, []byte{0xFF, 0xA0}):
		return WSQ // SOI of FBI WSQ
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return PNG
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return JPEG
	case bytes.HasPrefix(b, []byte("\x00\x00\x00\x0cjP  \r\n\x87\n")), bytes.HasPrefix(b, []byte{0xFF, 0x4F, 0xFF, 0x51}):
		return JP2 // JP2 signature box, or a raw JPEG 2000 codestream
	case isISORecord(b):
		return ISO
	case bytes.HasPrefix(b, []byte("II*\x00")), bytes.HasPrefix(b, []byte("MM\x00*")):
		return TIFF // TIFF 6.0 section 2, image file header
	case len(b) >= 26 && b[0] == 'B' && b[1] == 'M':
		return BMP // BITMAPFILEHEADER bfType "BM", then at least a core header
	case len(b) >= 3 && b[0] == 'P' && b[1] == '5' && (b[2] == ' ' || b[2] == '\t' || b[2] == '\n' || b[2] == '\r' || b[2] == '#'):
		return PGM // Netpbm magic "P5", then white space or a comment
	}
	t := bytes.TrimLeft(b, " \t\r\n\xef\xbb\xbf")
	switch {
	case len(t) > 0 && t[0] == '{':
		return JSON
	case len(t) > 0 && t[0] == '<':
		return XML
	}
	return Unknown
}

// isTaggedRecord reports whether b begins with the first tag of a Type-1
// record, "1.001:" (leading zeros allowed, as readers accept them).
func isTaggedRecord(b []byte) bool {
	i := 0
	for i < len(b) && b[i] == '0' {
		i++
	}
	if i >= len(b) || b[i] != '1' {
		return false
	}
	i++
	if i >= len(b) || b[i] != '.' {
		return false
	}
	i++
	digits := 0
	for i < len(b) && b[i] == '0' {
		i++
		digits++
	}
	if i >= len(b) || b[i] != '1' {
		return false
	}
	i++
	return i < len(b) && b[i] == ':' && digits <= 8
}

// isISORecord reports whether b begins with the format identifier of an
// ISO/IEC 19794 or INCITS record: "FMR", "FIR", "FAC" or "IIR" and a NUL
// (19794-2/-4/-5/-6 clause 7, "format identifier").
func isISORecord(b []byte) bool {
	if len(b) < 8 || b[3] != 0 {
		return false
	}
	switch string(b[:3]) {
	case "FMR", "FIR", "FAC", "IIR":
		return true
	}
	return false
}
