package iso

// MinutiaeRecord is a finger minutiae record of any edition: ISO/IEC
// 19794-2:2005 (record and card formats), 19794-2:2011, ANSI INCITS
// 378-2004, the 2007 draft, 378-2009 and 378-2009/AM1.
//
// Fields an edition does not carry are zero when decoded from it and are
// ignored when encoding to it. Image size and resolution live in each view;
// the 2004/2005 editions, which carry one image size and resolution per
// record, fill every view from the record header on decoding and write the
// first view's values on encoding (all views must then agree).
type MinutiaeRecord struct {
	Format Format // the edition decoded from; informational when encoding

	// Version20 is the version the header of a 378-2004 or 19794-2:2005
	// record carried: "" for the editions' own " 20", or "020" as at
	// least one widely used Java library writes it (read as the same
	// layout, and written back as read when encoding to that edition).
	Version20 string

	// CBEFF product identifier: owner and type (ANSI 378 only; 378-2004
	// clause 6.4.4).
	ProductOwner, ProductType uint16

	// Equipment is the 2-byte capture equipment word of the 2004/2005
	// editions and of the 2007 draft: bits 15-12 compliance (bit 15 =
	// certified to Appendix F / Annex B), bits 11-0 the equipment ID
	// (19794-2:2005 clause 7.3.4; 378-2004 clause 6.4.5).
	Equipment uint16
	// DeviceCertified and DeviceID are the 378-2009 header's certification
	// byte (0x80 = certified) and capture device type ID.
	DeviceCertification uint8
	DeviceID            uint16
	// CertificationFlag is the 19794-2:2011 general header's flag: when 1
	// every representation carries certification blocks.
	CertificationFlag uint8

	// Width, Height, XRes and YRes are the record header's image size and
	// resolution in the 2004/2005 editions (pixels; pixels per cm). They are
	// zero for the editions that carry them per view.
	Width, Height, XRes, YRes uint16

	// Reserved is the record header's reserved byte (2004/2005/2009).
	Reserved uint8

	Views []MinutiaeView

	// Trailing holds any bytes after the last view: inside the declared
	// record length (padding), after it, or both.
	Trailing []byte
	// DeclaredLength, when non-zero, is the record length the input
	// declared where it disagrees with the content plus Trailing; it is
	// written back in place of the computed length.
	DeclaredLength uint64
	// LongLength makes an ANSI 378-2004 record use the 6-byte length form
	// (two zero bytes, then four) even where the 2-byte form would do.
	LongLength bool
}

// Kind reports KindMinutiae.
func (*MinutiaeRecord) Kind() Kind { return KindMinutiae }

// MinutiaeView is one finger view (a "finger view record" in 2004/2005, a
// "finger representation" in 2011).
type MinutiaeView struct {
	// Position is the finger position code (0 unknown, 1 right thumb ...
	// 10 left little; 19794-2:2005 Table 2, 378-2004 Table 2).
	Position uint8
	// ViewNumber counts the views of one finger from 0. In the 2005/2004
	// editions it is 4 bits; Impression is the other 4 bits of that byte.
	ViewNumber uint8
	// Impression: 0 live-scan plain, 1 live-scan rolled, 2 non-live plain,
	// 3 non-live rolled, 8 swipe (2005 Table 3); 2009/2011 add more.
	Impression uint8
	// Quality is the finger quality, 0-100 (2009: 254 not reported, 255
	// failed). 19794-2:2011 has no such byte: its quality is in
	// Capture.Quality.
	Quality uint8
	// QualityVendor and QualityAlgorithm identify the quality algorithm
	// (378-2009 and the 2007 draft, which reads them as one 4-byte ID).
	QualityVendor, QualityAlgorithm uint16

	Width, Height uint16 // image size in pixels
	XRes, YRes    uint16 // pixels per centimetre

	// Capture is the 19794-1:2011 representation header (2011 only).
	Capture *Capture
	// MinutiaSize and EndingType are 19794-2:2011 fields: the size of a
	// minutia record (5 without quality, 6 with) and the ridge-ending
	// placement (0 valley skeleton bifurcation point, 1 ridge skeleton end
	// point; 19794-2:2011 clause 7.4.2).
	MinutiaSize uint8
	EndingType  uint8

	Minutiae   []Minutia
	Extensions []ExtendedBlock
	// ExtDeclaredLength, when non-zero, is written as the extended data
	// length in place of the sum of the block lengths.
	ExtDeclaredLength uint16
	// DeclaredLength, when non-zero, is the 2011 representation length the
	// input declared where it disagrees with the content.
	DeclaredLength uint32
	// Trailing holds bytes inside a 2011 representation after its
	// extended data.
	Trailing []byte
}

// Minutia is one minutia, in the units of the edition it came from (see
// [Format.Units]).
type Minutia struct {
	// Type: 0 other, 1 ridge ending, 2 ridge bifurcation; 3 is reserved.
	Type uint8
	X, Y uint16 // 14 bits each in the record formats
	// Angle in the edition's angle units: 360/256 degrees (ISO), 2 degrees
	// (ANSI, 0-179) or 360/64 degrees (compact card).
	Angle uint8
	// Quality 0-100; 0 means not reported in 2004/2005, 254 in 2009/2011.
	// The card formats and 5-byte 2011 minutiae carry none.
	Quality uint8
	// Reserved holds the two bits above Y, which the standards reserve.
	Reserved uint8
}

// Minutia types (19794-2:2005 Table 4).
const (
	MinutiaOther       uint8 = 0
	MinutiaRidgeEnding uint8 = 1
	MinutiaBifurcation uint8 = 2
)

// Find returns the extended block of the given type in v, or nil.
func (v *MinutiaeView) Find(typ uint16) *ExtendedBlock {
	for i := range v.Extensions {
		if v.Extensions[i].Type == typ {
			return &v.Extensions[i]
		}
	}
	return nil
}

// WrittenVersion20 is the version variant to write when encoding rec as
// edition f: rec.Version20 when f is the edition rec was decoded from
// (the bytes kept as read), else "" (the edition's own version).
func (rec *MinutiaeRecord) WrittenVersion20(f Format) string {
	if f != rec.Format {
		return ""
	}
	return rec.Version20
}
