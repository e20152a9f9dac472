package iso

// IrisRecord is an iris image record of ISO/IEC 19794-6:2005 or
// 19794-6:2011.
type IrisRecord struct {
	Format Format

	// 19794-6:2005 header (clause 6.5.1).
	Version2005     string // the version the 2005 header carried: "010", or "013" as in NIST biomdi's sample; "" means "010"
	CaptureDeviceID uint16 // 2005
	// HeaderLength is the 2005 record header length field where it is not
	// the standard 45; nil means 45.
	HeaderLength    *uint16
	ImageProperties uint16   // 2005 bit field: orientation, scan type, occlusions, boundaries
	IrisDiameter    uint16   // 2005 expected iris diameter, pixels
	ImageFormat2005 uint16   // 2005 image format (2 mono raw, 6 mono JPEG, 10 mono JPEG 2000, 14 mono PNG ...)
	Width, Height   uint16   // 2005 raw image size
	BitDepth        uint8    // 2005 intensity depth
	Transformation  uint8    // 2005 image transformation
	DeviceUniqueID  [16]byte // 2005
	// Subtypes records how the 2005 images were grouped under eye subtype
	// headers; nil means one subtype per run of images with the same eye.
	Subtypes []IrisSubtype

	CertificationFlag uint8 // 2011
	EyesPresent       uint8 // 2011 general header: number of eyes represented

	Images []IrisImage

	Trailing       []byte
	DeclaredLength uint64
}

// Kind reports KindIris.
func (*IrisRecord) Kind() Kind { return KindIris }

// IrisSubtype is a 2005 subtype header: the eye and its image count.
type IrisSubtype struct {
	Eye    uint8
	Images uint16
}

// IrisImage is one iris image (2005) or representation (2011).
type IrisImage struct {
	Capture *Capture // 2011

	// Eye: 0 undefined, 1 right, 2 left.
	Eye    uint8
	Number uint16 // 2005 image number; 2011 representation number

	// 2005 image header.
	Quality             uint8
	Rotation            uint16
	RotationUncertainty uint16

	// 2011 representation fields (19794-6:2011 clause 6.4).
	ImageType       uint8
	ImageFormat     uint8
	Properties      uint8 // bits 1-0 horizontal orientation, 3-2 vertical, 7-6 compression history
	Width, Height   uint16
	BitDepth        uint8
	Range           uint16
	RollAngle       uint16
	RollUncertainty uint16
	// Centre and diameter ranges, in the order libbiomeval reads them.
	CentreSmallestX, CentreLargestX   uint16
	CentreSmallestY, CentreLargestY   uint16
	DiameterSmallest, DiameterLargest uint16

	Image          []byte
	Extra          []byte // bytes of a 2011 representation after the image
	DeclaredLength uint32
}
