package match

import "math"

// Tabulated sigmoids of the relaxation, so that a comparison calls no
// exponential. Values beyond a table's range are 0 (they are below 1e-9).
const (
	zDistStep  = 1.0 / 64 // pixels
	zDistMax   = 24.0
	zAngleStep = math.Pi / 1024
)

var (
	zDistTab  = tabulate(int(zDistMax/zDistStep)+1, zDistStep, relMu1, relTau1)
	zAngleTab = tabulate(1025, zAngleStep, relMu2, relTau2) // relMu3/relTau3 are the same
)

func tabulate(n int, step, mu, tau float64) []float32 {
	t := make([]float32, n)
	for i := range t {
		t[i] = float32(sigmoid(float64(i)*step, mu, tau))
	}
	return t
}

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
