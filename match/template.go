// Package match holds Biogate's fingerprint template model and the embedded
// matcher: the minutiae of one finger, as extracted from an image or read
// from an ISO/IEC 19794-2, INCITS 378 or ANSI/NIST-ITL Type-9 record, and
// the comparison of two such templates.
//
// Conventions (those of ISO/IEC 19794-2:2011 clause 7.4, which every
// conversion maps to and from): the origin is the upper-left pixel of the
// image, x grows to the right and y downwards; a minutia's direction is
// measured counter-clockwise from the positive x axis, in degrees [0, 360);
// for a ridge ending it points along the ridge away from the ending, for a
// bifurcation along the valley that ends there.
package match

// MinutiaType is the kind of a minutia (19794-2:2011 Table 7).
type MinutiaType uint8

const (
	Other       MinutiaType = 0
	RidgeEnding MinutiaType = 1
	Bifurcation MinutiaType = 2
)

// Minutia is one ridge ending or bifurcation.
type Minutia struct {
	X, Y  int     // pixels at the template's resolution
	Angle float64 // degrees, counter-clockwise from +x, [0, 360)
	Type  MinutiaType
	// Quality 0-100 (100 best); -1 when the source reports none.
	Quality int
}

// SingularPoint is a core or a delta (19794-2:2011 clause 7.6.3).
type SingularPoint struct {
	X, Y     int
	Angle    float64 // degrees; NaN when the source gives none
	HasAngle bool
	// MoreAngles are a delta's second and third directions, in degrees,
	// when HasAngle (19794-2:2011 clause 7.6.3 gives a delta three); zero
	// for a core.
	MoreAngles [2]float64
}

// RidgeCount is the number of ridges crossed between two minutiae, given by
// their indices in Template.Minutiae (19794-2:2011 clause 7.6.2). An index
// is -1 where the source names no minutia (the 0 that some writers put in
// unused neighbour slots).
type RidgeCount struct {
	A, B  int
	Count int
}

// Template is one finger's minutiae with the facts needed to compare them.
type Template struct {
	Width, Height int     // image size in pixels
	PPI           float64 // resolution in pixels per inch (500 nominal)
	// Finger is the finger position code (ANSI/NIST-ITL Table 8, 19794-2
	// Table 8): 0 unknown, 1-10 the fingers.
	Finger int
	// Impression is the impression type code (0 live-scan plain, 1
	// live-scan rolled, ...; 19794-2 Table 9).
	Impression int
	// View counts the views of one finger from 0 (19794-2 "view number").
	View int
	// Quality is the overall quality of the finger image 0-100; -1 unknown.
	Quality  int
	Minutiae []Minutia
	Cores    []SingularPoint
	Deltas   []SingularPoint
	// RidgeCounts are optional; the matcher does not need them.
	RidgeCounts []RidgeCount
	// RidgeCountMethod is how RidgeCounts were chosen: 0 non-specific, 1
	// four-neighbour, 2 eight-neighbour (19794-2:2011 clause 7.6.2).
	RidgeCountMethod int
}
