package exchange

import (
	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/iso"
	_ "github.com/biogate/biogate/iso/all" // every ISO/IEC 19794 and INCITS codec
	nistxml "github.com/biogate/biogate/xml"
)

// Media types of the formats. ANSI/NIST-ITL traditional encoding and WSQ
// have no registered media type; Biogate uses the vendor-tree names below
// and documents them in the OpenAPI description.
const (
	MediaAN2  = "application/vnd.ansi-nist-itl"
	MediaXML  = "application/xml"
	MediaJSON = "application/json"
	MediaISO  = "application/octet-stream"
	MediaWSQ  = "image/x-wsq"
	MediaPNG  = "image/png"
	MediaJPEG = "image/jpeg"
	MediaJP2  = "image/jp2"
)

// ContentType returns the media type of a format name of DESIGN.md.
func ContentType(format string) string {
	switch format {
	case sniff.AN2:
		return MediaAN2
	case sniff.XML:
		return MediaXML
	case sniff.JSON:
		return MediaJSON
	case sniff.WSQ:
		return MediaWSQ
	case sniff.PNG:
		return MediaPNG
	case sniff.JPEG:
		return MediaJPEG
	case sniff.JP2:
		return MediaJP2
	}
	return MediaISO
}

func isTransactionFormat(f string) bool {
	return f == sniff.AN2 || f == sniff.XML || f == sniff.JSON
}

func isImageFormat(f string) bool {
	return f == sniff.WSQ || f == sniff.PNG || f == sniff.JPEG || f == sniff.JP2
}

// isISOFormat reports whether f names an ISO/IEC 19794 or INCITS record
// format (DESIGN.md), a card format included.
func isISOFormat(f string) bool { return iso.Format(f).Known() }

// OutputFormats lists every format name Convert accepts as a target.
func OutputFormats() []string {
	out := []string{sniff.AN2, sniff.XML, sniff.JSON, sniff.PNG, sniff.WSQ, sniff.JPEG, sniff.JP2}
	for _, f := range iso.Formats {
		out = append(out, string(f))
	}
	return out
}

// Dialects lists the XML dialect names.
func Dialects() []string {
	return []string{string(nistxml.Dialect2008), string(nistxml.Dialect2011), string(nistxml.DialectINTI), string(nistxml.Dialect2015)}
}

func validDialect(d string) bool {
	for _, x := range Dialects() {
		if d == x {
			return true
		}
	}
	return false
}
