package iso

// FaceRecord is a face image record of any edition: ISO/IEC 19794-5:2005,
// 19794-5:2011 or ANSI INCITS 385-2004 (whose layout is that of
// 19794-5:2005; the two differ only in some code values, so the bytes
// cannot tell them apart).
type FaceRecord struct {
	Format Format

	CertificationFlag uint8  // 2011 general header
	TemporalSemantics uint16 // 2011 general header (19794-5:2011 5.4.7)

	Images []FaceImage

	Trailing       []byte
	DeclaredLength uint64
}

// Kind reports KindFace.
func (*FaceRecord) Kind() Kind { return KindFace }

// FaceImage is one facial image: its facial information, feature points,
// image information and image data.
type FaceImage struct {
	Capture *Capture // 2011 only

	// Gender: 0 unspecified, 1 male, 2 female, 3 unknown (2005 5.5.3).
	Gender uint8
	// EyeColour and HairColour use the edition's code tables (ISO: eye 1
	// black ... 7 pink, 0xFF other/unknown; INCITS 385 uses other values).
	EyeColour, HairColour uint8
	SubjectHeight         uint8 // 2011 only
	// Properties is the 3-byte property mask: 0x01 properties specified,
	// 0x02 glasses, 0x04 moustache, 0x08 beard, 0x10 teeth, 0x20 blink,
	// 0x40 mouth open, 0x80 left eye patch, 0x100 right eye patch, 0x200
	// dark glasses, 0x400 distorting medical condition (2005 Table 8).
	Properties uint32
	Expression uint16
	// Pose is yaw, pitch, roll and PoseUncertainty their uncertainties, as
	// stored (0 unspecified; 1-181 per 2005 5.5.7; the mapping to degrees
	// is UNVERIFIED and left to the caller).
	Pose, PoseUncertainty [3]uint8

	FeaturePoints []FeaturePoint

	// ImageType: 0 basic, 1 full frontal, 2 token frontal (2005 Table 11).
	ImageType uint8
	// ImageDataType: 0 JPEG, 1 JPEG 2000 (2011: 1 JPEG 2000 lossy, 2 lossless, 3 PNG).
	ImageDataType uint8
	Width, Height uint16
	ColourSpace   uint8
	SourceType    uint8  // 2005
	DeviceType    uint16 // 2005
	Quality       uint16 // 2005

	// 2011 image information.
	SpatialSamplingLevel uint8
	PostAcquisition      uint16
	CrossReference       uint8

	Image []byte
	// Extra holds any bytes of a 2011 representation after the image data
	// (3D information).
	Extra          []byte
	DeclaredLength uint32
}

// Face property bits (19794-5:2005 Table 8; INCITS 385-2004 Table 5).
const (
	FacePropertiesSpecified uint32 = 1 << iota
	FaceGlasses
	FaceMoustache
	FaceBeard
	FaceTeeth
	FaceBlink
	FaceMouthOpen
	FaceLeftEyePatch
	FaceRightEyePatch
	FaceDarkGlasses
	FaceMedicalCondition
)

// FeaturePoint is one facial feature (landmark) point: type 1 is an MPEG-4
// feature point whose code holds the major point number in the high nibble
// and the minor in the low (2005 5.6).
type FeaturePoint struct {
	Type uint8
	Code uint8
	X, Y uint16
	// Z is the 2011 third coordinate; in 2005 the same two bytes are
	// reserved and kept here.
	Z uint16
}

// Major and Minor split an MPEG-4 feature point code.
func (p FeaturePoint) Major() uint8 { return p.Code >> 4 }

// Minor returns the low nibble of the code.
func (p FeaturePoint) Minor() uint8 { return p.Code & 0x0F }
