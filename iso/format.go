package iso

// Format names one edition of one record format. The values are the format
// names of DESIGN.md, used by the CLI (--to) and the API (?to=).
type Format string

// The formats this package models.
const (
	FMR2005            Format = "iso19794-2:2005"              // ISO/IEC 19794-2:2005 record format
	FMR2005CardNormal  Format = "iso19794-2:2005-card-normal"  // 19794-2:2005 clause 8, normal size card format (5-byte minutiae)
	FMR2005CardCompact Format = "iso19794-2:2005-card-compact" // 19794-2:2005 clause 8, compact size card format (3-byte minutiae)
	FMR2011            Format = "iso19794-2:2011"
	ANSI378v2004       Format = "incits378:2004"
	ANSI378v2007       Format = "incits378:2007" // the 2007 draft of 378 ("030", 20-byte header) that NIST libbiomeval's ANSI2007View reads
	ANSI378v2009       Format = "incits378:2009"
	ANSI378v2009AM1    Format = "incits378:2009am1" // 378-2009 Amendment 1, version "035"
	FIR2005            Format = "iso19794-4:2005"
	FIR2011            Format = "iso19794-4:2011"
	ANSI381v2004       Format = "incits381:2004"
	Face2005           Format = "iso19794-5:2005"
	Face2011           Format = "iso19794-5:2011"
	ANSI385v2004       Format = "incits385:2004"
	Iris2005           Format = "iso19794-6:2005"
	Iris2011           Format = "iso19794-6:2011"
)

// Kind is the kind of record a format holds.
type Kind int

// The four kinds of record.
const (
	KindUnknown Kind = iota
	KindMinutiae
	KindFingerImage
	KindFace
	KindIris
)

var kindNames = [...]string{"unknown", "finger minutiae", "finger image", "face", "iris"}

func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return "unknown"
	}
	return kindNames[k]
}

// formatInfo is the table of what each format is (clause references are to
// the edition named).
var formatInfo = map[Format]struct {
	kind    Kind
	magic   string // format identifier, clause "Format identifier"
	version string // version number, without the trailing NUL
	units   Units
}{
	FMR2005:            {KindMinutiae, "FMR", " 20", iso2005Units},
	FMR2005CardNormal:  {KindMinutiae, "", "", cardNormalUnits},
	FMR2005CardCompact: {KindMinutiae, "", "", cardCompactUnits},
	FMR2011:            {KindMinutiae, "FMR", "030", iso2011Units},
	ANSI378v2004:       {KindMinutiae, "FMR", " 20", ansi2004Units},
	ANSI378v2007:       {KindMinutiae, "FMR", "030", ansi2009Units},
	ANSI378v2009:       {KindMinutiae, "FMR", "030", ansi2009Units},
	ANSI378v2009AM1:    {KindMinutiae, "FMR", "035", ansi2009Units},
	FIR2005:            {KindFingerImage, "FIR", "010", Units{}},
	FIR2011:            {KindFingerImage, "FIR", "020", Units{}},
	ANSI381v2004:       {KindFingerImage, "FIR", "010", Units{}},
	Face2005:           {KindFace, "FAC", "010", Units{}},
	Face2011:           {KindFace, "FAC", "030", Units{}},
	ANSI385v2004:       {KindFace, "FAC", "010", Units{}},
	Iris2005:           {KindIris, "IIR", "010", Units{}},
	Iris2011:           {KindIris, "IIR", "020", Units{}},
}

// Formats lists every format this package knows, in a fixed order.
var Formats = []Format{
	FMR2005, FMR2005CardNormal, FMR2005CardCompact, FMR2011,
	ANSI378v2004, ANSI378v2007, ANSI378v2009, ANSI378v2009AM1,
	FIR2005, FIR2011, ANSI381v2004,
	Face2005, Face2011, ANSI385v2004,
	Iris2005, Iris2011,
}

// Kind returns the kind of record f holds.
func (f Format) Kind() Kind { return formatInfo[f].kind }

// Known reports whether f is one of the formats above.
func (f Format) Known() bool { _, ok := formatInfo[f]; return ok }

// Magic returns the 8-byte format identifier and version that begin a
// record of this format ("FMR\x00 20\x00"), or nil for the card formats,
// which have no header.
func (f Format) Magic() []byte {
	i := formatInfo[f]
	if i.magic == "" {
		return nil
	}
	return []byte(i.magic + "\x00" + i.version + "\x00")
}

// Units returns the units in which a minutia's numbers are stored in a
// finger minutiae format; the zero Units for the other kinds.
func (f Format) Units() Units { return formatInfo[f].units }

// Units says what a minutia's stored numbers mean in one edition, for
// conversion between editions.
//
// Every edition measures position from the top-left corner of the image, X
// to the right and Y downwards, and the angle of a ridge ending or
// bifurcation counter-clockwise from the positive X axis (east) as seen on
// the image (19794-2:2005 clause 6.4.2; INCITS 378-2004 clause 6.4.2).
type Units struct {
	// AngleSteps is the number of angle units in a full circle: 256 in ISO
	// (1 unit = 360/256 = 1.40625 degrees; 19794-2:2005 6.4.2.3), 180 in
	// ANSI INCITS 378 (1 unit = 2 degrees, values 0-179; 378-2004 6.4.2.3),
	// 64 in the ISO compact card format (5.625 degrees; 19794-2:2005 8.3.3).
	AngleSteps int
	// Coordinate is the unit of X and Y: CoordPixel in the record formats
	// (resolution given in ResolutionUnit), 0.01 mm in the normal card
	// format, 0.1 mm in the compact card format (19794-2:2005 8.2, 8.3).
	Coordinate CoordUnit
	// ResolutionUnit is the unit of the resolution fields: pixels per
	// centimetre in every 19794-2 and INCITS 378 edition (197 = 500 ppi).
	ResolutionUnit ResolutionUnit
	// QualityNotReported is the minutia or view quality meaning "not
	// reported": 0 in the 2004/2005 editions, 254 in 2009/2011 (where 255
	// means "failed to compute").
	QualityNotReported uint8
}

// CoordUnit is the unit of a minutia coordinate.
type CoordUnit string

// Coordinate units.
const (
	CoordPixel     CoordUnit = "pixel"
	CoordHundredMM CoordUnit = "0.01mm"
	CoordTenthMM   CoordUnit = "0.1mm"
)

// ResolutionUnit is the unit of a resolution field.
type ResolutionUnit string

// Resolution units. The image records (19794-4, INCITS 381) name theirs
// per record through the scale-units byte: 1 = pixels per inch, 2 = pixels
// per centimetre.
const (
	PixelsPerCM   ResolutionUnit = "px/cm"
	PixelsPerInch ResolutionUnit = "px/in"
)

var (
	iso2005Units     = Units{AngleSteps: 256, Coordinate: CoordPixel, ResolutionUnit: PixelsPerCM}
	iso2011Units     = Units{AngleSteps: 256, Coordinate: CoordPixel, ResolutionUnit: PixelsPerCM, QualityNotReported: 254}
	ansi2004Units    = Units{AngleSteps: 180, Coordinate: CoordPixel, ResolutionUnit: PixelsPerCM}
	ansi2009Units    = Units{AngleSteps: 180, Coordinate: CoordPixel, ResolutionUnit: PixelsPerCM, QualityNotReported: 254}
	cardNormalUnits  = Units{AngleSteps: 256, Coordinate: CoordHundredMM}
	cardCompactUnits = Units{AngleSteps: 64, Coordinate: CoordTenthMM}
)

// AngleDegrees converts a stored minutia angle to degrees.
func (u Units) AngleDegrees(a int) float64 {
	if u.AngleSteps == 0 {
		return 0
	}
	return float64(a) * 360 / float64(u.AngleSteps)
}
