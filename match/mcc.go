package match

import "math"

// Parameters of the Minutia Cylinder-Code (R. Cappelli, M. Ferrara,
// D. Maltoni, "Minutia Cylinder-Code: a new representation and matching
// technique for fingerprint recognition", IEEE TPAMI 32(12), 2010,
// Table 2), for minutiae at 500 ppi. Templates at other resolutions are
// scaled to 500 ppi before the cylinders are made, so these hold for them
// too. The bit-based variant (MCC16b) is used: a cell is 1 when its
// contribution exceeds muPsi.
const (
	mccRadius = 70.0            // R, cylinder radius in pixels
	mccNs     = 16              // NS, cells along each side of the cylinder base
	mccNd     = 6               // ND, cell layers over the direction range [-π, π)
	mccSigmaS = 28.0 / 3        // σS, spatial Gaussian
	mccSigmaD = 2 * math.Pi / 9 // σD, directional Gaussian
	mccMuPsi  = 0.01            // μΨ, bit threshold on a cell's contribution
	mccOmega  = 50.0            // ω, offset of the convex hull that bounds valid cells
	mccMinVC  = 0.75            // minVC, fraction of valid cells for a valid cylinder
	mccMinM   = 2               // minM, neighbours needed for a valid cylinder
	mccMinME  = 0.60            // minME, fraction of NS²·ND elements two cylinders must share
	mccDeltaT = math.Pi / 2     // δθ, largest direction difference of comparable minutiae

	// Number of cylinder pairs whose relaxed similarities make the score:
	// nP = minNP + round(Z(min(nA, nB); μP, τP)·(maxNP - minNP)).
	mccMuP   = 20.0
	mccTauP  = 2.0 / 5
	mccMinNP = 4
	mccMaxNP = 12

	// Relaxation (LSS-R, section 5): weight, sigmoids of the distance,
	// direction-difference and radial-angle consistency, iterations.
	relW    = 0.5
	relMu1  = 5.0
	relTau1 = -8.0 / 5
	relMu2  = math.Pi / 12
	relTau2 = -30.0
	relMu3  = math.Pi / 12
	relTau3 = -30.0
	relIter = 5

	// nominalPPI is the resolution the parameters above are given for.
	nominalPPI = 500.0
)

// Cylinder layout: cell (i, j) of the base is bit i*mccNs+j of a layer of
// cellWords words; layer 0 is the validity mask of the base, then layer
// 1+k holds direction k.
const (
	cellWords = mccNs * mccNs / 64
	cylWords  = cellWords * (1 + mccNd)
)

// minMECells is minME expressed in base cells (each valid cell holds mccNd
// elements).
var minMECells = int(math.Ceil(mccMinME * mccNs * mccNs))

// cylinder is one minutia's MCC16b code.
type cylinder struct {
	bits  [1 + mccNd][cellWords]uint64
	ones  uint16 // elements set
	cells uint16 // valid cells of the base
	full  bool   // every cell of the disc is valid
}

// sigmoid is Z(v; μ, τ) of the paper.
func sigmoid(v, mu, tau float64) float64 { return 1 / (1 + math.Exp(-tau*(v-mu))) }

// angleDiff is dφ of the paper: a - b folded into [-π, π).
func angleDiff(a, b float64) float64 {
	d := a - b
	if d < -math.Pi {
		d += 2 * math.Pi
	} else if d >= math.Pi {
		d -= 2 * math.Pi
	}
	return d
}
