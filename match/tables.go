package match

import "math"

// The tables below are generated (tables_gen.go) rather than computed in
// the package's init: computed, they cost every biogate run, whatever
// the command, 0.6 ms and 68 KB before main. The functions here define
// each entry; TestGeneratedTables checks tables_gen.go against them and
// rewrites it when run with -update.
//
//go:generate go test -run ^TestGeneratedTables$ -update .

// sqrtEntry is sqrtTab[n] = √n, for the popcounts of two cylinders'
// elements (sqrtTab has mccNs²·mccNd + 1 entries).
func sqrtEntry(n int) float32 { return float32(math.Sqrt(float64(n))) }

// spatialTabLen covers squared distances up to (3σS)² in steps of 1/8 px².
const spatialTabLen = int(9*mccSigmaS*mccSigmaS*8) + 2

// spatialEntry is spatialTab[i] = G_S at the squared distance i/8 px².
func spatialEntry(i int) float64 {
	d2 := float64(i) / 8
	return math.Exp(-d2/(2*mccSigmaS*mccSigmaS)) / (mccSigmaS * math.Sqrt(2*math.Pi))
}

// Tabulated sigmoids of the relaxation, so that a comparison calls no
// exponential. Values beyond a table's range are 0 (they are below 1e-9).
const (
	zDistStep    = 1.0 / 64 // pixels
	zDistMax     = 24.0
	zDistTabLen  = int(zDistMax/zDistStep) + 1
	zAngleStep   = math.Pi / 1024
	zAngleTabLen = 1025
)

// zDistEntry is zDistTab[i], the distance sigmoid at i·zDistStep pixels.
func zDistEntry(i int) float32 { return float32(sigmoid(float64(i)*zDistStep, relMu1, relTau1)) }

// zAngleEntry is zAngleTab[i], the angle sigmoid at i·zAngleStep
// (relMu3/relTau3 are the same as relMu2/relTau2).
func zAngleEntry(i int) float32 { return float32(sigmoid(float64(i)*zAngleStep, relMu2, relTau2)) }

// inDisc reports whether the centre of base cell (i, j) lies within R of
// the cylinder's centre: discMask has the bits of those cells and
// cellsInCircle counts them (the cells a full cylinder has).
func inDisc(i, j int) bool { return math.Hypot(cellOffset(i), cellOffset(j)) <= mccRadius }

func zDist(d float64) float32 {
	i := int(d/zDistStep + 0.5)
	if i >= len(zDistTab) {
		return 0
	}
	return zDistTab[i]
}

func zAngle(a float64) float32 {
	i := int(a/zAngleStep + 0.5)
	if i >= len(zAngleTab) {
		return zAngleTab[len(zAngleTab)-1]
	}
	return zAngleTab[i]
}

// atan2 approximates math.Atan2 within 1e-5 radian with a polynomial
// (cheaper than the library's), enough for the tabulated sigmoids.
func atan2(y, x float64) float64 {
	ax, ay := math.Abs(x), math.Abs(y)
	if ax == 0 && ay == 0 {
		return 0
	}
	var a float64
	if ax >= ay {
		a = atanUnit(ay / ax)
	} else {
		a = math.Pi/2 - atanUnit(ax/ay)
	}
	if x < 0 {
		a = math.Pi - a
	}
	if y < 0 {
		a = -a
	}
	return a
}

// atanUnit approximates atan(z) for z in [0, 1].
func atanUnit(z float64) float64 {
	z2 := z * z
	return z * (0.99997726 + z2*(-0.33262347+z2*(0.19354346+z2*(-0.11643287+z2*(0.05265332+z2*-0.01172120)))))
}
