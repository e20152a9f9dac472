package iso

// FingerImageRecord is a finger image record of any edition: ISO/IEC
// 19794-4:2005, 19794-4:2011 or ANSI INCITS 381-2004.
//
// As with minutiae, the image attributes the 2005/2004 editions carry once
// per record (scale units, resolutions, bit depth, compression) are copied
// into every view on decoding and taken from the first view on encoding.
type FingerImageRecord struct {
	Format Format

	ProductOwner, ProductType uint16 // CBEFF product ID (INCITS 381 only)
	// Equipment is the 2005/2004 capture device word (381: bits 15-12
	// compliance, 11-0 ID; 19794-4:2005 uses it as the device ID).
	Equipment uint16
	// AcquisitionLevel is the image acquisition setting level (2005/2004;
	// 19794-4:2005 Table 1: 10, 20, 30, 31, 40, 41).
	AcquisitionLevel uint16
	// Reserved is the 2-byte reserved field ending the 2005/2004 header.
	Reserved uint16
	// The 2005/2004 header's image attributes (see FingerImageView); zero
	// for 2011, which carries them per representation.
	ScaleUnits         uint8
	ScanXRes, ScanYRes uint16
	XRes, YRes         uint16
	BitDepth           uint8
	Compression        uint8

	CertificationFlag uint8 // 2011 general header
	// FingersPresent is the 2011 general header's number of distinct
	// fingers or palms present.
	FingersPresent uint8

	Views []FingerImageView

	Trailing       []byte
	DeclaredLength uint64 // see MinutiaeRecord.DeclaredLength
}

// Kind reports KindFingerImage.
func (*FingerImageRecord) Kind() Kind { return KindFingerImage }

// FingerImageView is one finger (or palm) image view or representation.
type FingerImageView struct {
	Capture *Capture // 2011 only

	Position uint8 // finger/palm position (19794-4:2005 Table 5)
	// ViewCount is the 2005/2004 "count of views" of this finger.
	ViewCount  uint8
	ViewNumber uint8 // 2005: 1-based per finger (UNVERIFIED); 2011: representation number
	Quality    uint8 // 2005/2004 view quality (0-100, 254 undefined)
	Impression uint8
	Width      uint16 // horizontal line length, pixels
	Height     uint16 // vertical line length, pixels
	Reserved   uint8  // 2005/2004 view header reserved byte

	// ScaleUnits: 1 pixels per inch, 2 pixels per centimetre.
	ScaleUnits         uint8
	ScanXRes, ScanYRes uint16
	XRes, YRes         uint16 // image resolution
	BitDepth           uint8
	// Compression is the edition's code: 0 none, 1 none bit-packed, 2 WSQ,
	// 3 JPEG, 4 JPEG 2000 (2011: lossy), then 2005: 5 PNG; 2011: 5 JPEG 2000
	// lossless, 6 PNG (19794-4:2005 Table 4; 2011 Table 8).
	Compression uint8

	Image []byte

	// Extended holds the 2011 extended data blocks following the image
	// (segmentation, annotation, comment, vendor), as bytes.
	Extended       []byte
	DeclaredLength uint32
}

// Compression codes of 19794-4:2005 and INCITS 381-2004.
const (
	FIRCompressionNone      uint8 = 0
	FIRCompressionBitPacked uint8 = 1
	FIRCompressionWSQ       uint8 = 2
	FIRCompressionJPEG      uint8 = 3
	FIRCompressionJPEG2000  uint8 = 4
	FIRCompressionPNG2005   uint8 = 5 // 2005; in 2011, 5 is JPEG 2000 lossless
	FIRCompressionPNG2011   uint8 = 6
)
