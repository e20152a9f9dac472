package iso

// DateTime is the capture date and time of a 2011 representation
// (ISO/IEC 19794-1:2011 clause 13.4.1): year (2 bytes), month, day, hour,
// minute, second (1 byte each), millisecond (2 bytes). An unknown part is
// all ones (0xFF, or 0xFFFF for year and millisecond).
type DateTime struct {
	Year                             uint16
	Month, Day, Hour, Minute, Second uint8
	Millisecond                      uint16
}

// UnknownDateTime is the capture date and time meaning "not known".
var UnknownDateTime = DateTime{0xFFFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFFFF}

// QualityBlock is one quality record of a 2011 representation
// (19794-1:2011 clause 13.4.6): a score (0-100, 254 not computed, 255
// failed) and the IBIA-registered vendor and algorithm of the assessment.
type QualityBlock struct {
	Score     uint8
	Vendor    uint16
	Algorithm uint16
}

// CertificationBlock is one certification record of a 2011 representation
// (19794-1:2011 clause 13.4.7), present when the record's certification flag
// is set: the certification authority and the certification scheme.
type CertificationBlock struct {
	Authority uint16
	Scheme    uint8
}

// Capture is the representation header that ISO/IEC 19794-1:2011 gives
// every 2011 edition (clause 13.4): when and with what a sample was taken,
// and its quality records. The 2005/2004 editions have no such header.
type Capture struct {
	DateTime DateTime
	// DeviceTechnology is the capture device technology identifier; its
	// code table is per part (19794-2:2011 Table 2, 19794-4:2011 Table 3).
	DeviceTechnology uint8
	DeviceVendor     uint16 // IBIA-registered vendor of the device, 0 unknown
	DeviceType       uint16 // vendor-assigned device type, 0 unknown
	Quality          []QualityBlock
	// Certifications are present only when the record's certification
	// flag is set (finger parts only).
	Certifications []CertificationBlock
}

// ExtendedBlock is one block of a finger view's extended data
// (19794-2:2005 clause 7.5; INCITS 378-2004 clause 6.6): a type identifier,
// a length that counts its own 4-byte header, and the data.
//
// Ridge-count and core/delta blocks are also decoded into RidgeCounts and
// CoreDelta. When Data is nil the block's content is encoded from those
// typed fields; when Data is non-nil it is written as it is (the decoder
// keeps Data only where the typed fields would not give back the same
// bytes, for instance a block it cannot parse or one with reserved bits
// set). Set Data to nil after editing the typed fields of such a block.
type ExtendedBlock struct {
	Type uint16 // 0x0001 ridge count, 0x0002 core and delta, 0x0003 zonal quality (ISO), 0x0100-0xFFFF vendor defined
	// DeclaredLength, when non-zero, is written as the block length in
	// place of 4+len(content): the decoder sets it only where the record
	// declared a length that disagrees with the content.
	DeclaredLength uint16
	Data           []byte
	RidgeCounts    *RidgeCounts
	CoreDelta      *CoreDelta
}

// Extended-data block types (19794-2:2005 Table 6; 378-2004 Table 5).
const (
	BlockRidgeCount   uint16 = 0x0001
	BlockCoreDelta    uint16 = 0x0002
	BlockZonalQuality uint16 = 0x0003
)

// RidgeCounts is the ridge-count block (19794-2:2005 clause 7.5.2; 378-2004
// clause 6.6.2.1).
type RidgeCounts struct {
	// Method: 0 non-specific, 1 four-neighbour (quadrant), 2 eight-neighbour
	// (octant).
	Method uint8
	Counts []RidgeCount
}

// RidgeCount is the number of ridges crossed between two minutiae. The
// indices are stored as written; NIST biomdi and libbiomeval read them as
// 1-based minutia numbers (UNVERIFIED against the standard's text).
type RidgeCount struct {
	Index1, Index2 uint8
	Count          uint8
}

// CoreDelta is the core-and-delta block (19794-2:2005 clause 7.5.3;
// 378-2004 clause 6.6.2.2), in the edition's units: pixels, and angles in
// that edition's angle units (see [Units]).
type CoreDelta struct {
	// CoreInfo and DeltaInfo hold the bits of the count bytes that are not
	// the count: in ANSI 378 the top two bits are the "angles present"
	// type; in ISO they are reserved.
	CoreInfo, DeltaInfo uint8
	Cores               []Core
	Deltas              []Delta
}

// Core is one core: position, and an angle when HasAngle.
type Core struct {
	Type     uint8 // ISO: the 2 type bits above X (01 = angle present); ANSI: 0
	X, Y     uint16
	HasAngle bool
	Angle    uint8
}

// Delta is one delta: position, and three angles when HasAngle.
type Delta struct {
	Type     uint8
	X, Y     uint16
	HasAngle bool
	Angles   [3]uint8
}
