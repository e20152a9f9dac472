package codec

import "strconv"

// Compression is an image compression algorithm. Its String form is the
// ANSI/NIST-ITL CGA string (Table 15) where there is one.
type Compression uint8

// The compressions. Unknown is the zero value: what [Sniff] returns for data
// it does not recognise.
const (
	Unknown Compression = iota
	// None is uncompressed pixels, one or more whole bytes per sample
	// (ANSI/NIST NONE, GCA 0; ISO/IEC 19794-4 code 0 "uncompressed, no bit
	// packing"). The layout comes from the record, see [RawLayout].
	None
	// NoneBitPacked is uncompressed pixels packed at their bit depth
	// (ISO/IEC 19794-4 code 1). ANSI/NIST-ITL has no code for it.
	NoneBitPacked
	WSQ20 // FBI WSQ, IAFIS-IC-0110 (GCA 1)
	JPEGB // JPEG baseline, lossy, ITU-T T.81 (GCA 2)
	JPEGL // JPEG lossless, ITU-T T.81 process 14 (GCA 3)
	JP2   // JPEG 2000, lossy, ITU-T T.800 (GCA 4)
	JP2L  // JPEG 2000, lossless (GCA 5)
	PNG   // PNG, ISO/IEC 15948 (GCA 6)

	numCompressions
)

var names = [numCompressions]string{
	Unknown:       "unknown",
	None:          "NONE",
	NoneBitPacked: "NONE (bit-packed)",
	WSQ20:         "WSQ20",
	JPEGB:         "JPEGB",
	JPEGL:         "JPEGL",
	JP2:           "JP2",
	JP2L:          "JP2L",
	PNG:           "PNG",
}

// String returns the CGA string of c, or a description for the values that
// have none.
func (c Compression) String() string {
	if c < numCompressions {
		return names[c]
	}
	return "Compression(" + strconv.Itoa(int(c)) + ")"
}

// Lossless reports whether c preserves pixels exactly.
func (c Compression) Lossless() bool {
	switch c {
	case None, NoneBitPacked, JPEGL, JP2L, PNG:
		return true
	}
	return false
}

// cgaAliases are CGA spellings found in real files besides those of
// Table 15: "WSQ" (NIST's own reference files use it in Type-15 records).
var cgaAliases = map[string]Compression{"WSQ": WSQ20}

// FromCGA returns the compression a tagged image record's CGA field (xx.011,
// ANSI/NIST-ITL 1-2011 Table 15) names. Matching is exact (upper case);
// "WSQ" is accepted for WSQ20.
func FromCGA(s string) (Compression, bool) {
	for c := None; c < numCompressions; c++ {
		if c != NoneBitPacked && names[c] == s {
			return c, true
		}
	}
	c, ok := cgaAliases[s]
	return c, ok
}

// CGA returns c's CGA string; false for Unknown and NoneBitPacked, which
// have none.
func (c Compression) CGA() (string, bool) {
	if c == Unknown || c == NoneBitPacked || c >= numCompressions {
		return "", false
	}
	return names[c], true
}

// gca is the binary-record code table (ANSI/NIST-ITL 1-2011 Table 15,
// "binary" column; field 3.008/4.008 GCA), indexed by code.
var gca = [...]Compression{None, WSQ20, JPEGB, JPEGL, JP2, JP2L, PNG}

// FromGCA returns the compression of a binary Type-3 or Type-4 record's GCA
// code (0 NONE, 1 WSQ20, 2 JPEGB, 3 JPEGL, 4 JP2, 5 JP2L, 6 PNG).
func FromGCA(code int) (Compression, bool) {
	if code < 0 || code >= len(gca) {
		return Unknown, false
	}
	return gca[code], true
}

// GCA returns c's binary-record code; false for Unknown and NoneBitPacked.
func (c Compression) GCA() (int, bool) {
	for code, g := range gca {
		if g == c {
			return code, true
		}
	}
	return 0, false
}
