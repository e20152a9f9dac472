package codec

// Edition names a part and edition of ISO/IEC 19794 (or the ANSI INCITS
// standard that shares its numbering) whose compression code table is
// meant. The values are the format names of DESIGN.md, as package iso's
// Format spells them, so codec.Edition(f) converts one.
type Edition string

// The editions with a compression (image data type, image format) field.
const (
	FIR2005      Edition = "iso19794-4:2005" // finger image, "compression algorithm" byte
	ANSI381v2004 Edition = "incits381:2004"  // same codes as FIR2005
	FIR2011      Edition = "iso19794-4:2011"
	Face2005     Edition = "iso19794-5:2005" // face, "image data type" byte
	ANSI385v2004 Edition = "incits385:2004"  // same codes as Face2005
	Face2011     Edition = "iso19794-5:2011"
	Iris2005     Edition = "iso19794-6:2005" // iris, 2-byte "image format" of the record header
	Iris2011     Edition = "iso19794-6:2011" // iris, 1-byte "image format" of each representation
)

// isoEntry is one code of an edition's table.
type isoEntry struct {
	code int
	c    Compression
	back bool // ISOCode(c) gives this code (false for the second of two codes of c)
}

// isoTables are the compression code tables. Sources (STANDARDS.md §8, §9.4,
// §9.5, and for iris NIST BioMDI irisimage/src/include/iid.h of the 2005 and
// 2011 generations, JMRTD IrisInfo, and the corpus):
//
//   - 19794-4:2005 / INCITS 381-2004 (BioMDI fir.h): 0 uncompressed, no bit
//     packing; 1 uncompressed, bit-packed; 2 WSQ; 3 JPEG; 4 JPEG 2000;
//     5 PNG. JPEG 2000 has one code for lossy and lossless, and "JPEG" is
//     read as baseline: lossless JPEG has no code (STANDARDS.md §9.4).
//   - 19794-4:2011 (MOSIP FingerImageCompressionType): 0, 1 as 2005; 2 WSQ;
//     3 JPEG lossy; 4 JPEG 2000 lossy; 5 JPEG 2000 lossless; 6 PNG. Code 5
//     is PNG in 2005 and JPEG 2000 lossless in 2011.
//   - 19794-5:2005 / INCITS 385-2004 image data type (BioMDI frf.h, JMRTD):
//     0 JPEG, 1 JPEG 2000.
//   - 19794-5:2011 (MOSIP): 0 JPEG, 1 JPEG 2000 lossy, 2 JPEG 2000
//     lossless, 3 PNG.
//   - 19794-6:2005 image format (BioMDI iid.h IID_IMAGEFORMAT_*, JMRTD
//     IrisInfo IMAGEFORMAT_*; corpus mosip-bio-utils Sample_IRIS.iso holds
//     JP2 data under 14): 2 mono raw, 4 RGB raw, 6 mono JPEG, 8 RGB JPEG,
//     10 mono JPEG-LS, 12 RGB JPEG-LS, 14 mono JPEG 2000, 16 RGB JPEG 2000.
//     JPEG-LS (ITU-T T.87) is not one of the compressions here, so 10 and
//     12 do not map. ISOCode returns the mono code; the RGB one is 2 more.
//   - 19794-6:2011 image format (BioMDI 2011 iid.h; corpus libbiomeval
//     iris01.iso2011 holds PNG data under 14): 2 mono raw, 10 JPEG 2000,
//     14 PNG. Code 14 is JPEG 2000 in 2005 and PNG in 2011.
var isoTables = map[Edition][]isoEntry{
	FIR2005: {{0, None, true}, {1, NoneBitPacked, true}, {2, WSQ20, true}, {3, JPEGB, true},
		{4, JP2, true}, {5, PNG, true}},
	FIR2011: {{0, None, true}, {1, NoneBitPacked, true}, {2, WSQ20, true}, {3, JPEGB, true},
		{4, JP2, true}, {5, JP2L, true}, {6, PNG, true}},
	Face2005: {{0, JPEGB, true}, {1, JP2, true}},
	Face2011: {{0, JPEGB, true}, {1, JP2, true}, {2, JP2L, true}, {3, PNG, true}},
	Iris2005: {{2, None, true}, {4, None, false}, {6, JPEGB, true}, {8, JPEGB, false},
		{14, JP2, true}, {16, JP2, false}},
	Iris2011: {{2, None, true}, {10, JP2, true}, {14, PNG, true}},
}

// alsoLossless lists the editions whose one JPEG 2000 code covers lossless
// coding too, so that JP2L maps to the JP2 code.
var alsoLossless = map[Edition]bool{FIR2005: true, ANSI381v2004: true, Face2005: true,
	ANSI385v2004: true, Iris2005: true, Iris2011: true}

// table returns e's code table, resolving the INCITS aliases.
func (e Edition) table() []isoEntry {
	switch e {
	case ANSI381v2004:
		e = FIR2005
	case ANSI385v2004:
		e = Face2005
	}
	return isoTables[e]
}

// Editions returns the editions this package knows.
func Editions() []Edition {
	return []Edition{FIR2005, ANSI381v2004, FIR2011, Face2005, ANSI385v2004, Face2011, Iris2005, Iris2011}
}

// FromISO returns the compression a code of edition e names; false for an
// unknown edition or a code with no compression here (a reserved value, or
// iris JPEG-LS). JPEG 2000 codes that do not say lossy or lossless give JP2.
func FromISO(e Edition, code int) (Compression, bool) {
	for _, en := range e.table() {
		if en.code == code {
			return en.c, true
		}
	}
	return Unknown, false
}

// ISOCode returns the code edition e uses for c; false when the edition has
// none (e.g. PNG in 19794-5:2005, lossless JPEG anywhere), and the caller
// must transcode. JP2L maps to the single JPEG 2000 code of editions that
// do not tell lossless apart. For 19794-6:2005 the code returned is the
// mono (grey) one.
func (c Compression) ISOCode(e Edition) (int, bool) {
	want := c
	if c == JP2L && alsoLossless[e] {
		want = JP2
	}
	for _, en := range e.table() {
		if en.c == want && en.back {
			return en.code, true
		}
	}
	return 0, false
}
