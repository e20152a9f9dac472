package conformance

import (
	"sort"
	"sync"

	"github.com/biogate/biogate/iso"
)

// isoFamily groups the editions that share a layout and so a set of
// assertions; the clause each assertion cites is per family.
type isoFamily int

const (
	famNone     isoFamily = iota
	famFMR2005            // ISO/IEC 19794-2:2005 record format
	famCard               // ISO/IEC 19794-2:2005 card formats
	famFMR2011            // ISO/IEC 19794-2:2011
	famANSI2004           // INCITS 378-2004
	famANSI2009           // INCITS 378-2009, 2009/AM1, and the 2007 draft
	famFIR2005            // ISO/IEC 19794-4:2005
	famANSI381            // INCITS 381-2004
	famFIR2011            // ISO/IEC 19794-4:2011
	famFace2005           // ISO/IEC 19794-5:2005
	famANSI385            // INCITS 385-2004
	famFace2011           // ISO/IEC 19794-5:2011
	famIris2005           // ISO/IEC 19794-6:2005
	famIris2011           // ISO/IEC 19794-6:2011
)

func familyOf(f iso.Format) isoFamily {
	switch f {
	case iso.FMR2005:
		return famFMR2005
	case iso.FMR2005CardNormal, iso.FMR2005CardCompact:
		return famCard
	case iso.FMR2011:
		return famFMR2011
	case iso.ANSI378v2004:
		return famANSI2004
	case iso.ANSI378v2007, iso.ANSI378v2009, iso.ANSI378v2009AM1:
		return famANSI2009
	case iso.FIR2005:
		return famFIR2005
	case iso.ANSI381v2004:
		return famANSI381
	case iso.FIR2011:
		return famFIR2011
	case iso.Face2005:
		return famFace2005
	case iso.ANSI385v2004:
		return famANSI385
	case iso.Face2011:
		return famFace2011
	case iso.Iris2005:
		return famIris2005
	case iso.Iris2011:
		return famIris2011
	}
	return famNone
}

// isoPrefix is the edition part of an assertion id.
func isoPrefix(f iso.Format) string {
	switch f {
	case iso.FMR2005:
		return "ISO19794-2:2005"
	case iso.FMR2005CardNormal:
		return "ISO19794-2:2005-card-normal"
	case iso.FMR2005CardCompact:
		return "ISO19794-2:2005-card-compact"
	case iso.FMR2011:
		return "ISO19794-2:2011"
	case iso.ANSI378v2004:
		return "INCITS378:2004"
	case iso.ANSI378v2007:
		return "INCITS378:2007"
	case iso.ANSI378v2009:
		return "INCITS378:2009"
	case iso.ANSI378v2009AM1:
		return "INCITS378:2009AM1"
	case iso.FIR2005:
		return "ISO19794-4:2005"
	case iso.FIR2011:
		return "ISO19794-4:2011"
	case iso.ANSI381v2004:
		return "INCITS381:2004"
	case iso.Face2005:
		return "ISO19794-5:2005"
	case iso.Face2011:
		return "ISO19794-5:2011"
	case iso.ANSI385v2004:
		return "INCITS385:2004"
	case iso.Iris2005:
		return "ISO19794-6:2005"
	case iso.Iris2011:
		return "ISO19794-6:2011"
	}
	return "ISO19794"
}

// isoCatalogueName names the catalogue applied to f in a Report.
func isoCatalogueName(f iso.Format) string {
	std := isoStandard[familyOf(f)]
	if f == iso.ANSI378v2007 {
		std = "ANSI INCITS 378 2007 draft (as read by NIST libbiomeval)"
	}
	if f == iso.ANSI378v2009AM1 {
		std = "ANSI INCITS 378-2009/AM1"
	}
	if std == "" {
		return "ISO/IEC 19794"
	}
	switch f.Kind() {
	case iso.KindMinutiae:
		return std + " (conformance per ISO/IEC 29109-2)"
	case iso.KindFingerImage:
		return std + " (conformance per ISO/IEC 29109-4)"
	case iso.KindFace:
		return std + " (conformance per ISO/IEC 29109-5)"
	case iso.KindIris:
		return std + " (conformance per ISO/IEC 29109-6)"
	}
	return std
}

var isoStandard = map[isoFamily]string{
	famFMR2005:  "ISO/IEC 19794-2:2005",
	famCard:     "ISO/IEC 19794-2:2005",
	famFMR2011:  "ISO/IEC 19794-2:2011",
	famANSI2004: "ANSI INCITS 378-2004",
	famANSI2009: "ANSI INCITS 378-2009",
	famFIR2005:  "ISO/IEC 19794-4:2005",
	famANSI381:  "ANSI INCITS 381-2004",
	famFIR2011:  "ISO/IEC 19794-4:2011",
	famFace2005: "ISO/IEC 19794-5:2005",
	famANSI385:  "ANSI INCITS 385-2004",
	famFace2011: "ISO/IEC 19794-5:2011",
	famIris2005: "ISO/IEC 19794-6:2005",
	famIris2011: "ISO/IEC 19794-6:2011",
}

// isoClauses is, per family, where each part of the record is specified.
// The clause and table numbers are those the iso package's codecs cite
// and STANDARDS.md §7-8 records; where the sub-clause is not certain the
// clause of the whole structure is cited with the field's name. Built on
// first use, not at start-up.
var isoClauses = sync.OnceValue(func() map[isoFamily]map[string]string {
	m := map[isoFamily]map[string]string{
		famFMR2005: {
			"header": "clause 7.3 (record header)", "view": "clause 7.4 (finger view header)",
			"position": "Table 2 (finger position codes)", "impression": "Table 3 (impression types)",
			"minutia": "clause 7.4 (finger minutia data)", "mintype": "Table 4 (minutia types)",
			"ext": "clause 7.5 and Table 6 (extended data)", "ridge": "clause 7.5.2 (ridge count data)",
			"coredelta": "clause 7.5.3 (core and delta data)", "zonal": "clause 7.5 (zonal quality data)",
		},
		famCard: {"minutia": "clause 8 (card formats)", "mintype": "Table 4 (minutia types)", "header": "clause 8 (card formats)"},
		famFMR2011: {
			"header": "clause 7 (general header; ISO/IEC 19794-1:2011 clause 13)", "view": "clause 7 (finger representation)",
			"position": "finger position table (as 2005 Table 2)", "impression": "impression type table (codes 0-9, 24, 28, 29)",
			"minutia": "clause 7 (finger minutia data)", "mintype": "minutia type table (as 2005 Table 4)",
			"ending": "clause 7.4.2 (ridge ending type)", "ext": "clause 8 (extended data)", "ridge": "clause 8 (ridge count data)",
			"coredelta": "clause 8 (core and delta data)", "zonal": "clause 8 (zonal quality data)",
			"datetime": "ISO/IEC 19794-1:2011 clause 13.4.1 (capture date and time)", "quality": "ISO/IEC 19794-1:2011 clause 13.4.6 (quality blocks)",
		},
		famANSI2004: {
			"header": "clause 6.4 (record header; 6.4.3 record length, 6.4.5 capture equipment)", "view": "clause 6.5 (finger view record)",
			"position": "Table 2 (finger position codes)", "impression": "impression type table (codes 0-3, 8)",
			"minutia": "clause 6.5 (finger minutia data; angle in 2-degree units, 0-179)", "mintype": "minutia type codes (0 other, 1 ending, 2 bifurcation)",
			"ext": "clause 6.6 and Table 5 (extended data)", "ridge": "clause 6.6.2.1 (ridge count data)",
			"coredelta": "clause 6.6.2.2 (core and delta data)",
		},
		famANSI2009: {
			"header": "clause 6.4 (record header)", "view": "clause 6.5 (finger view record)",
			"position": "Table 2 (finger position codes)", "impression": "impression type table (codes 0-3, 8, 10, 11, 20-29)",
			"minutia": "clause 6.5 (finger minutia data; angle in 2-degree units, 0-179; quality 0-100, 254, 255)", "mintype": "minutia type codes (0 other, 1 ending, 2 bifurcation)",
			"ext": "clause 6.6 (extended data)", "ridge": "clause 6.6 (ridge count data)", "coredelta": "clause 6.6 (core and delta data)",
		},
		famFIR2005: {
			"header": "clause 8.2 (general record header)", "view": "clause 8.3 (finger image view header)",
			"acquisition": "Table 1 (image acquisition setting levels)", "compression": "Table 4 (compression algorithms)",
			"position": "Table 5 (finger and palm position codes)", "impression": "impression type table",
			"image": "clause 8.4 (image data)",
		},
		famFIR2011: {
			"header": "clause 8 (general header; ISO/IEC 19794-1:2011 clause 13)", "view": "clause 8 (finger representation)",
			"compression": "Table 8 (compression algorithms)", "position": "finger and palm position table",
			"impression": "Table 10 (impression types)", "image": "clause 8 (image data)", "ext": "clause 8 (extended data blocks)",
			"datetime": "ISO/IEC 19794-1:2011 clause 13.4.1 (capture date and time)", "quality": "ISO/IEC 19794-1:2011 clause 13.4.6 (quality blocks)",
		},
		famFace2005: {
			"header": "clause 5.4 (facial record header)", "info": "clause 5.5 (facial information)",
			"properties": "Table 8 (property mask)", "points": "clause 5.6 (feature points)",
			"imageinfo": "clause 5.7 (image information; Table 11 face image types)", "image": "clause 5.8 (image data)",
		},
		famFace2011: {
			"header": "clause 5.4 (general header; ISO/IEC 19794-1:2011 clause 13)", "info": "clause 5.5 (facial information)",
			"properties": "property mask table", "points": "clause 5.6 (landmark points)",
			"imageinfo": "clause 5.7 (image information)", "image": "clause 5.8 (image data)",
			"datetime": "ISO/IEC 19794-1:2011 clause 13.4.1 (capture date and time)", "quality": "ISO/IEC 19794-1:2011 clause 13.4.6 (quality blocks)",
		},
		famIris2005: {
			"header": "clause 6.5.1 (record header)", "subtype": "clause 6.5.2 (iris biometric subtype header)",
			"image": "clause 6.5.3 (iris image header)", "format": "image format table (2 raw, 6 JPEG, 14 JPEG 2000 ...)",
		},
		famIris2011: {
			"header": "clause 6.3 (general header; ISO/IEC 19794-1:2011 clause 13)", "image": "clause 6.4 (iris representation)",
			"format":   "image format table (2 raw, 10 JPEG 2000, 14 PNG)",
			"datetime": "ISO/IEC 19794-1:2011 clause 13.4.1 (capture date and time)", "quality": "ISO/IEC 19794-1:2011 clause 13.4.6 (quality blocks)",
		},
	}
	// INCITS 381 and 385 share the layout of 19794-4:2005 and 19794-5:2005
	// and are cited by the same structure names (their clause numbers
	// differ and are not in STANDARDS.md).
	m[famANSI381] = map[string]string{
		"header": "clause 6 (general record header, with the CBEFF product ID)", "view": "clause 6 (finger image view header)",
		"acquisition": "image acquisition setting levels", "compression": "compression algorithm codes (as 19794-4:2005 Table 4)",
		"position": "finger and palm position codes", "impression": "impression type codes", "image": "clause 6 (image data)",
	}
	m[famANSI385] = map[string]string{
		"header": "clause 6 (facial record header)", "info": "clause 6 (facial information)", "properties": "Table 5 (property mask)",
		"points": "clause 6 (feature points)", "imageinfo": "clause 6 (image information)", "image": "clause 6 (image data)",
	}
	return m
})

// isoAssertion is one assertion of the ISO catalogue: its id after the
// edition prefix, level, severity, the families it applies to, the part
// of the record whose clause it cites, and what it asserts.
type isoAssertion struct {
	ID       string
	Level    Level
	Severity Severity
	Fams     []isoFamily
	Section  string
	Text     string
	// Only, when set, narrows the assertion to these formats of its
	// families (a family's editions that differ in one field).
	Only []iso.Format
}

func (a isoAssertion) source(fam isoFamily) string {
	s := isoStandard[fam]
	if cl := isoClauses()[fam][a.Section]; cl != "" {
		s += " " + cl
	}
	return s
}

var (
	famsFMR      = []isoFamily{famFMR2005, famFMR2011, famANSI2004, famANSI2009}
	famsFMRISO   = []isoFamily{famFMR2005, famFMR2011}
	famsFMRANSI  = []isoFamily{famANSI2004, famANSI2009}
	famsFMRHdr   = []isoFamily{famFMR2005, famANSI2004}
	famsFMRView  = []isoFamily{famFMR2011, famANSI2009}
	famsFIR      = []isoFamily{famFIR2005, famANSI381, famFIR2011}
	famsFIR05    = []isoFamily{famFIR2005, famANSI381}
	famsFace     = []isoFamily{famFace2005, famANSI385, famFace2011}
	famsFace05   = []isoFamily{famFace2005, famANSI385}
	famsIris     = []isoFamily{famIris2005, famIris2011}
	famsFramed   = []isoFamily{famFMR2011, famFIR2011, famFace2011, famIris2011}
	famsRecord   = []isoFamily{famFMR2005, famFMR2011, famANSI2004, famANSI2009, famFIR2005, famANSI381, famFIR2011, famFace2005, famANSI385, famFace2011, famIris2005, famIris2011}
	famsReserved = []isoFamily{famFMR2005, famANSI2004, famANSI2009, famFIR2005, famANSI381}
)

func fams(lists ...[]isoFamily) []isoFamily {
	var out []isoFamily
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// isoCatalogue returns the ISO/INCITS assertion catalogue (a function, so
// that the catalogue is built on first use, by isoIndex, not at start-up).
func isoCatalogue() []isoAssertion {
	return []isoAssertion{
		// Level 1: the record header.
		{"header.format", Level1, Error, famsRecord, "header", "The record begins with the format identifier of its kind (\"FMR\", \"FIR\", \"FAC\", \"IIR\", NUL-terminated).", nil},
		{"header.version", Level1, Error, famsRecord, "header", "The version number is that of the edition.", nil},
		{"header.length", Level1, Error, famsRecord, "header", "The record length field equals the number of bytes of the record.", nil},
		{"decode", Level1, Error, fams(famsRecord, []isoFamily{famCard}), "header", "The record can be read to its end: every length and count it declares fits the bytes present.", nil},
		{"header.views", Level1, Warning, famsRecord, "header", "The record holds at least one view, representation or image.", nil},
		{"header.reserved", Level1, Error, famsReserved, "header", "Reserved header bytes are zero.", nil},
		{"header.equipment", Level1, Error, []isoFamily{famFMR2005, famANSI2004, famANSI2009}, "header", "The reserved compliance bits (14-12) of the capture equipment word are zero.",
			[]iso.Format{iso.FMR2005, iso.ANSI378v2004, iso.ANSI378v2007}},
		{"header.certification", Level1, Error, fams(famsFramed, []isoFamily{famANSI2009}), "header", "The certification flag is 0 or 1 (378-2009: 0x00 or 0x80).",
			[]iso.Format{iso.FMR2011, iso.FIR2011, iso.Face2011, iso.Iris2011, iso.ANSI378v2009, iso.ANSI378v2009AM1}},
		{"header.size", Level1, Error, fams(famsFMRHdr, []isoFamily{famIris2005}), "header", "The image width and height are not zero.", nil},
		{"header.resolution", Level1, Error, fams(famsFMRHdr, famsFIR05), "header", "The X and Y resolutions are not zero.", nil},
		{"header.acquisition", Level1, Error, famsFIR05, "acquisition", "The image acquisition level is one of 10, 20, 30, 31, 40, 41.", nil},
		{"header.scaleunits", Level1, Error, famsFIR05, "header", "The scale units are 1 (pixels per inch) or 2 (pixels per centimetre).", nil},
		{"header.depth", Level1, Error, fams(famsFIR05, []isoFamily{famIris2005}), "header", "The pixel depth is 1 to 16 bits (iris: 1 to 16; colour data 24 or 48).", nil},
		{"header.compression", Level1, Error, famsFIR05, "compression", "The compression algorithm is a code of the edition's table.", nil},
		{"header.imageformat", Level1, Error, []isoFamily{famIris2005}, "format", "The image format is a code of the edition's table.", nil},
		{"header.headerlength", Level1, Error, []isoFamily{famIris2005}, "header", "The record header length field is 45.", nil},
		// Level 2: the record as a whole.
		{"record.trailing", Level2, Error, famsRecord, "header", "The views, representations or images end exactly where the record length says the record ends.", nil},
		{"header.subtypes", Level2, Error, []isoFamily{famIris2005}, "subtype", "There are at most two eye subtypes, each for a different eye.", nil},
		{"header.eyes", Level2, Warning, []isoFamily{famIris2011}, "header", "The number of eyes represented equals the distinct eye labels of the representations.", nil},
		{"header.fingers", Level2, Warning, []isoFamily{famFIR2011}, "header", "The number of fingers or palms present equals the distinct positions of the representations.", nil},

		// Finger minutiae views: Level 1.
		{"view.size", Level1, Error, fams(famsFMRView, famsFIR), "view", "The image width and height of the view are not zero.", nil},
		{"view.resolution", Level1, Error, fams(famsFMRView, []isoFamily{famFIR2011}), "view", "The X and Y resolutions of the view are not zero.", nil},
		{"view.position", Level1, Error, fams(famsFMR, famsFIR), "position", "The finger (or palm) position is a code of the edition's table.", nil},
		{"view.impression", Level1, Error, fams(famsFMR, famsFIR), "impression", "The impression type is a code of the edition's table.", nil},
		{"view.number", Level1, Error, famsFMRView, "view", "The view number fits in 4 bits (0-15).", nil},
		{"view.quality", Level1, Error, fams([]isoFamily{famFMR2005, famANSI2004, famANSI2009}, famsFIR05), "view", "The finger quality is 0-100 (2009: also 254 not reported, 255 failed; 19794-4:2005: also 254 undefined).", nil},
		{"view.minutia.type", Level1, Error, famsFMR, "mintype", "The minutia type is 0 (other), 1 (ridge ending) or 2 (bifurcation); 3 is reserved.", nil},
		{"view.minutia.angle", Level1, Error, famsFMRANSI, "minutia", "The minutia angle is 0-179 (2-degree units).", nil},
		{"view.minutia.quality", Level1, Error, famsFMR, "minutia", "The minutia quality is 0-100 (2009/2011: also 254 not reported, 255 failed).", nil},
		{"view.minutia.reserved", Level1, Error, famsFMR, "minutia", "The two reserved bits above the minutia's Y coordinate are zero.", nil},
		{"view.minutia.size", Level1, Error, []isoFamily{famFMR2011}, "minutia", "The minutia record size is 5 or 6 bytes.", nil},
		{"view.endingtype", Level1, Error, []isoFamily{famFMR2011}, "ending", "The ridge ending type is 0 (valley skeleton bifurcation point) or 1 (ridge skeleton end point).", nil},
		{"view.ext.block.type", Level1, Error, famsFMR, "ext", "An extended data block type is 0x0001 ridge count, 0x0002 core and delta, 0x0003 zonal quality (ISO only) or vendor defined (0x0100-0xFFFF).", nil},
		{"view.ext.ridgecount.method", Level1, Error, famsFMR, "ridge", "The ridge count extraction method is 0 (non-specific), 1 (four-neighbour) or 2 (eight-neighbour).", nil},
		{"view.ext.coredelta.type", Level1, Error, famsFMR, "coredelta", "Core and delta type bits are 00 (no angle) or 01 (angle present); ISO's reserved count bits are zero.", nil},
		{"view.ext.coredelta.angle", Level1, Error, famsFMRANSI, "coredelta", "Core and delta angles are 0-179 (2-degree units).", nil},
		{"view.capture.datetime", Level1, Error, []isoFamily{famFMR2011, famFIR2011}, "datetime", "The capture date and time is valid, or all ones from the first unknown part on.", nil},
		{"view.capture.quality", Level1, Error, []isoFamily{famFMR2011, famFIR2011}, "quality", "A quality score is 0-100, or 255 (failed to compute).", nil},
		// Finger minutiae views: Level 2.
		{"view.duplicate", Level2, Error, fams(famsFMR, famsFIR), "view", "No two views have the same finger position and view number.", nil},
		{"view.minutia.location", Level2, Error, famsFMR, "minutia", "A minutia lies inside the image: X below the width, Y below the height.", nil},
		{"view.length", Level2, Error, fams([]isoFamily{famFMR2011}, famsFIR), "view", "The view (representation) length equals the bytes of its content.", nil},
		{"view.ext.length", Level2, Error, fams(famsFMR, []isoFamily{famFIR2011}), "ext", "The extended data length equals the sum of its blocks' lengths, and the blocks fit the record.", nil},
		{"view.ext.block.length", Level2, Error, famsFMR, "ext", "An extended data block's length (counting its 4-byte header) equals the bytes it holds.", nil},
		{"view.ext.ridgecount.structure", Level2, Error, famsFMR, "ridge", "Ridge count data is a method byte and whole (index, index, count) triples.", nil},
		{"view.ext.ridgecount.index", Level2, Error, famsFMR, "ridge", "Ridge count indices refer to minutiae of the view.", nil},
		{"view.ext.coredelta.structure", Level2, Error, famsFMR, "coredelta", "Core and delta data holds exactly the cores and deltas its counts announce.", nil},
		{"view.ext.coredelta.location", Level2, Error, famsFMR, "coredelta", "Cores and deltas lie inside the image.", nil},
		{"view.ext.zonal.structure", Level2, Error, famsFMRISO, "zonal", "Zonal quality data holds one value of the declared bits for every cell of the image.", nil},

		// Finger images.
		{"view.scaleunits", Level1, Error, []isoFamily{famFIR2011}, "view", "The scale units are 1 (pixels per inch) or 2 (pixels per centimetre).", nil},
		{"view.depth", Level1, Error, []isoFamily{famFIR2011}, "view", "The bit depth is 1 to 16.", nil},
		{"view.compression", Level1, Error, []isoFamily{famFIR2011}, "compression", "The compression algorithm is a code of the edition's table.", nil},
		{"view.reserved", Level1, Error, famsFIR05, "view", "The reserved byte of the view header is zero.", nil},
		{"view.count", Level2, Error, famsFIR05, "view", "A finger's count of views equals the views of that finger present, and each view number is 1 to that count.", nil},
		{"view.image.length", Level2, Error, famsFIR, "image", "Uncompressed image data holds exactly width x height pixels of the declared depth.", nil},
		{"view.image.compression", Level3, Error, famsFIR, "image", "The image data is of the declared compression.", nil},
		{"view.image.decode", Level3, Error, famsFIR, "image", "The image data decodes.", nil},
		{"view.image.size", Level3, Error, famsFIR, "image", "The decoded image has the declared width and height.", nil},
		{"view.image.depth", Level3, Error, famsFIR, "image", "The decoded image has the declared bit depth.", nil},

		// Face images.
		{"image.gender", Level1, Error, famsFace, "info", "The gender is a code of the edition's table.", nil},
		{"image.eyecolour", Level1, Error, famsFace, "info", "The eye colour is a code of the edition's table.", nil},
		{"image.haircolour", Level1, Error, famsFace, "info", "The hair colour is a code of the edition's table.", nil},
		{"image.properties", Level1, Error, famsFace, "properties", "Only defined property bits are set, and none when bit 0 (properties specified) is clear.", nil},
		{"image.expression", Level1, Error, famsFace, "info", "The expression is 0-7, or vendor specific (0x8000 and above).", nil},
		{"image.pose", Level1, Error, famsFace, "info", "Pose angles and their uncertainties are 0 (unspecified) or 1-181.", nil},
		{"image.featurepoint.type", Level1, Error, famsFace, "points", "A feature point's type is 1 (2D MPEG-4 point; 2011 also 2 anthropometric 2D, 3 3D).", nil},
		{"image.featurepoint.code", Level1, Error, famsFace, "points", "An MPEG-4 feature point code names a point of groups 2-11 (major 2-11, minor 1-15).", nil},
		{"image.featurepoint.reserved", Level1, Error, famsFace05, "points", "The reserved two bytes of a feature point are zero.", nil},
		{"image.type", Level1, Error, famsFace, "imageinfo", "The face image type is a code of the edition's table.", nil},
		{"image.datatype", Level1, Error, famsFace, "imageinfo", "The image data type is a code of the edition's table.", nil},
		{"image.colourspace", Level1, Error, famsFace, "imageinfo", "The colour space is a code of the edition's table, or vendor defined (128-255).", nil},
		{"image.sourcetype", Level1, Error, famsFace05, "imageinfo", "The source type is 0-7.", nil},
		{"image.size", Level1, Error, fams(famsFace, []isoFamily{famIris2011}), "imageinfo", "The image width and height are not zero.", nil},
		{"image.capture.datetime", Level1, Error, []isoFamily{famFace2011, famIris2011}, "datetime", "The capture date and time is valid, or all ones from the first unknown part on.", nil},
		{"image.capture.quality", Level1, Error, []isoFamily{famFace2011, famIris2011}, "quality", "A quality score is 0-100, or 255 (failed to compute).", nil},
		{"image.featurepoint.location", Level2, Error, famsFace, "points", "A feature point lies inside the image.", nil},
		{"image.length", Level2, Error, fams(famsFace, []isoFamily{famIris2011}), "image", "The image block (representation) length equals the bytes of its content.", nil},
		{"image.data.compression", Level3, Error, fams(famsFace, famsIris), "image", "The image data is of the declared type.", nil},
		{"image.data.decode", Level3, Error, fams(famsFace, famsIris), "image", "The image data decodes.", nil},
		{"image.data.size", Level3, Error, fams(famsFace, famsIris), "image", "The decoded image has the declared width and height.", nil},
		{"image.data.depth", Level3, Error, famsIris, "image", "The decoded image has the declared bit depth.", nil},

		// Iris images.
		{"image.eye", Level1, Error, famsIris, "image", "The eye label is 0 (undefined), 1 (right) or 2 (left).", nil},
		{"image.quality", Level1, Error, []isoFamily{famIris2005}, "image", "The image quality is 0-100, 254 or 255.", nil},
		{"image.format", Level1, Error, []isoFamily{famIris2011}, "format", "The image format is a code of the edition's table.", nil},
		{"image.depth", Level1, Error, []isoFamily{famIris2011}, "image", "The bit depth is 1 to 16, 24 or 48.", nil},
		{"image.irisimagetype", Level1, Error, []isoFamily{famIris2011}, "image", "The iris image type is 1 (uncropped), 2 (VGA), 3 (cropped) or 7 (cropped and masked).", nil},
		{"image.duplicate", Level2, Error, famsIris, "image", "No two images of the same eye have the same image (representation) number.", nil},

		// Card formats.
		{"card.minutia.type", Level1, Error, []isoFamily{famCard}, "mintype", "The minutia type is 0, 1 or 2; 3 is reserved.", nil},
	}
}

// isoIndex is built on first use, not at start-up.
var isoIndex = sync.OnceValue(func() map[isoFamily]map[string]isoAssertion {
	m := map[isoFamily]map[string]isoAssertion{}
	for _, a := range isoCatalogue() {
		for _, f := range a.Fams {
			if m[f] == nil {
				m[f] = map[string]isoAssertion{}
			}
			m[f][a.ID] = a
		}
	}
	return m
})

func lookupISOAssertion(f iso.Format, id string) (isoAssertion, bool) {
	a, ok := isoIndex()[familyOf(f)][id]
	return a, ok && a.appliesTo(f)
}

func (a isoAssertion) appliesTo(f iso.Format) bool {
	if a.Only == nil {
		return true
	}
	for _, g := range a.Only {
		if g == f {
			return true
		}
	}
	return false
}

// ISOAssertion describes one assertion of the ISO/INCITS catalogue as it
// applies to one edition.
type ISOAssertion struct {
	ID       string   `json:"id"` // "ISO19794-2:2005.view.minutia.location"
	Level    Level    `json:"level"`
	Severity Severity `json:"severity"`
	Source   string   `json:"source"` // the clause or table
	Text     string   `json:"text"`   // what it asserts
}

// ISOAssertions lists the assertions [CheckISO] checks for format f,
// sorted by id.
func ISOAssertions(f iso.Format) []ISOAssertion {
	fam := familyOf(f)
	var out []ISOAssertion
	for id, a := range isoIndex()[fam] {
		if !a.appliesTo(f) {
			continue
		}
		out = append(out, ISOAssertion{ID: isoPrefix(f) + "." + id, Level: a.Level, Severity: a.Severity, Source: a.source(fam), Text: a.Text})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
