package convert

// The rounding rules of the package, each in one function so that tests
// can pin them at their boundaries. The package doc explains the choices;
// STANDARDS.md §9 gives the worked numbers they were checked against.

// Angle units per full circle.
const (
	stepsISO     = 256 // 19794-2 record and normal card formats: 360/256 degrees
	stepsANSI    = 180 // INCITS 378 and the Type-9 M1 block: 2 degrees
	stepsCompact = 64  // 19794-2:2005 compact card format: 5.625 degrees
	stepsDegrees = 360 // Type-9 legacy 9.012 and most descriptions
)

// convertAngle converts an angle a, stored in units of 360/from degrees,
// to units of 360/to degrees: the nearest value, halves rounded up, and
// then wrapped modulo the circle, never clamped (STANDARDS.md §9.3). An a
// outside 0..from-1 is first wrapped into it.
//
// Round half up is the rule of the standards' annex examples: in INCITS
// 378-2004 Annex B2 and 19794-2:2005 Annex C2 every angle is the nearest
// unit to one whole-degree value, ties going up (45 degrees is ANSI 23 and
// ISO 32). In exact integer arithmetic: floor((2·a·to + from) / (2·from)).
func convertAngle(a, from, to int) int {
	a %= from
	if a < 0 {
		a += from
	}
	return (2*a*to + from) / (2 * from) % to
}

// toLegacyTheta converts an angle in units of 360/steps degrees, in the
// INCITS 378 / ISO 19794-2 direction, to a 9.012 theta: whole degrees,
// rotated by 180 (STANDARDS.md §4.2, §9.2).
func toLegacyTheta(a, steps int) int {
	return (convertAngle(a, steps, stepsDegrees) + 180) % 360
}

// fromLegacyTheta is the inverse of toLegacyTheta.
func fromLegacyTheta(theta, steps int) int {
	return convertAngle(((theta%360)+360+180)%360, stepsDegrees, steps)
}

// Metric coordinate units, per centimetre.
const (
	hundredthsPerCM = 1000 // 0.01 mm: Type-9 9.012, 9.008, 9.009; normal card format
	tenthsPerCM     = 100  // 0.1 mm: compact card format
)

// pixelToMetric converts a pixel coordinate to a metric one. A pixel
// coordinate names a cell, the pixel p covering [p, p+1); a metric
// coordinate names a point. The point written is the pixel's centre,
// p + 0.5, rounded to the nearest unit, halves up:
// floor(((2p+1)·perCM + ppcm) / (2·ppcm)).
func pixelToMetric(p, ppcm, perCM int) int {
	return ((2*p+1)*perCM + ppcm) / (2 * ppcm)
}

// metricToPixel converts a metric coordinate to the pixel that holds it:
// floor(u·ppcm / perCM). With pixelToMetric it gives every pixel back
// exactly while a metric unit is smaller than a pixel (0.01 mm below 1000
// px/cm; 0.1 mm below 100 px/cm, about 254 ppi, so not at 500 ppi, where
// the compact card format keeps positions within one pixel).
func metricToPixel(u, ppcm, perCM int) int {
	return u * ppcm / perCM
}

// pixelToLegacyY converts a pixel row y of an image h pixels high (origin
// top-left, Y down) to a 9.012 Y (0.01 mm from the bottom edge, Y up): the
// centre of the row, h - y - 0.5 pixels above the bottom edge, rounded to
// the nearest unit. ok is false for a row outside the image (y >= h); the
// result is then clamped to 0.
func pixelToLegacyY(y, h, ppcm int) (int, bool) {
	if y >= h {
		return 0, false
	}
	return pixelToMetric(h-y-1, ppcm, hundredthsPerCM), true
}

// legacyYToPixel is the inverse of pixelToLegacyY: the row holding the
// point u units above the bottom edge, h - ceil(u·ppcm/1000), which is
// floor(h - u·ppcm/1000) as NIST's own converted samples have it (ANSI/NIST
// reference files type-9-14-std.an2 → type-9-14-m1.an2). A point on the
// bottom edge (u = 0) is put in the last row; ok is false for a point
// above the top edge (the result is then clamped to 0).
func legacyYToPixel(u, h, ppcm int) (int, bool) {
	y := h - (u*ppcm+hundredthsPerCM-1)/hundredthsPerCM
	switch {
	case y < 0:
		return 0, false
	case y >= h:
		return h - 1, true
	}
	return y, true
}

// ppcmFromPPI converts pixels per inch to the whole pixels per centimetre
// of 19794-2 and INCITS 378 (500 ppi → 196.85 → 197; STANDARDS.md §9.1).
func ppcmFromPPI(ppi float64) int { return int(ppi/2.54 + 0.5) }

// ppcmFromPPMM converts pixels per millimetre (Type-1 NTR, "19.69") to
// whole pixels per centimetre.
func ppcmFromPPMM(ppmm float64) int { return int(ppmm*10 + 0.5) }

// defaultPPCM is 500 ppi in pixels per centimetre, the resolution assumed
// (and reported) where a source gives none.
const defaultPPCM = 197

// Minutia quality (STANDARDS.md §4.2, §9.2, §9.3).
//
// quality is the common form of a minutia or finger quality: a score
// 0-100, or one of the special values.
type quality struct {
	score      int
	notStated  bool // 2004/2005 0, 2009/2011 254, 9.012 1 (no quality available)
	failed     bool // 2009/2011 255
	manual     bool // 9.012 0 (manually encoded)
	legacyCode int  // the 9.012 value it came from, -1 otherwise
}

// legacyToScore maps a 9.012 quality 2 (best) ... 63 (worst) onto 1-100:
// 1 + round(99·(63-v)/61). There is no standard mapping (BIOMDI leaves it
// unimplemented): this one is linear, keeps 0 free (it means "not
// reported" in 2004/2005) and gives every 9.012 value back exactly through
// scoreToLegacy.
func legacyToScore(v int) int { return 1 + (2*99*(63-v)+61)/(2*61) }

// scoreToLegacy maps a score 1-100 onto 9.012's 63 (worst) ... 2 (best):
// 63 - round(61·(q-1)/99). A score of 0 maps to 63.
func scoreToLegacy(q int) int {
	if q < 1 {
		q = 1
	}
	if q > 100 {
		q = 100
	}
	return 63 - (2*61*(q-1)+99)/(2*99)
}
