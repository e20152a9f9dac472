package wsq

// Markers (IAFIS-IC-0110 Part 1, Table 1: "Marker codes").
const (
	markerSOI = 0xffa0 // start of image
	markerEOI = 0xffa1 // end of image
	markerSOF = 0xffa2 // start of frame
	markerSOB = 0xffa3 // start of block
	markerDTT = 0xffa4 // define transform table
	markerDQT = 0xffa5 // define quantization table
	markerDHT = 0xffa6 // define Huffman table(s)
	markerDRT = 0xffa7 // define restart interval
	markerCOM = 0xffa8 // comment

	markerRST0 = 0xffb0 // restart markers RST0..RST7
	markerRST7 = 0xffb7
)

// markerName returns the mnemonic of a marker code, for error messages.
func markerName(m int) string {
	switch m {
	case markerSOI:
		return "SOI"
	case markerEOI:
		return "EOI"
	case markerSOF:
		return "SOF"
	case markerSOB:
		return "SOB"
	case markerDTT:
		return "DTT"
	case markerDQT:
		return "DQT"
	case markerDHT:
		return "DHT"
	case markerDRT:
		return "DRT"
	case markerCOM:
		return "COM"
	}
	if m >= markerRST0 && m <= markerRST7 {
		return "RST"
	}
	return "marker"
}

// Subband layout (Part 1, clause on "Subband decomposition"; Part 3 for the
// grouping of subbands into blocks).
const (
	numSubbands  = 60 // subbands 60..63 of the 64-entry table are never coded
	maxSubbands  = 64
	block2Start  = 19 // first subband of block 2
	block3Start  = 52 // first subband of block 3
	region2Start = 4  // first subband of size region 2 (variance weights)
	region3Start = 51 // first subband of size region 3

	maxHuffTables = 8  // table identifiers 0..7
	maxHuffBits   = 16 // longest Huffman code
	maxCoeff      = 74 // largest coefficient coded directly (symbols 107..254)
	maxZeroRun    = 100
)

// Huffman symbols (Part 1, Table "Huffman coding categories").
const (
	symEsc8Pos  = 101 // positive coefficient, 8 bits follow
	symEsc8Neg  = 102
	symEsc16Pos = 103 // positive coefficient, 16 bits follow
	symEsc16Neg = 104
	symRun8     = 105 // zero run, 8-bit length follows
	symRun16    = 106 // zero run, 16-bit length follows
	symCoeffMid = 180 // symbol of coefficient value 0 (symbols 107..254 are -73..74)
)

// Analysis filter bank of encoder number one (Part 3): the 7/9 biorthogonal
// (CDF) filters, at the single precision NBIS encodes with.
var (
	analysisHi = [7]float32{
		0.06453888262893845,
		-0.04068941760955844,
		-0.41809227322221221,
		0.78848561640566439,
		-0.41809227322221221,
		-0.04068941760955844,
		0.06453888262893845,
	}
	analysisLo = [9]float32{
		0.03782845550699546,
		-0.02384946501938000,
		-0.11062440441842342,
		0.37740285561265380,
		0.85269867900940344,
		0.37740285561265380,
		-0.11062440441842342,
		-0.02384946501938000,
		0.03782845550699546,
	}
)

// MaxPixels is the largest image, in pixels, that Decode and Encode accept.
// It bounds memory use at roughly 11 bytes per pixel (a 1000 ppi palm of
// 5,000 × 6,000 pixels fits).
const MaxPixels = 1 << 25

// MinDimension is the smallest width and height that Decode and Encode
// accept: below it the deepest subbands are shorter than the 7/9 filters,
// and the encoder's symmetric extension is undefined.
const MinDimension = 65
