package extract

import (
	"math"
	"slices"
)

// Ridge period limits at 500 ppi: 5 to 15 px (0.25–0.76 mm) covers adult
// and child fingers (Hong et al. 1998 accept 3–25 px, which admits noise).
const (
	minPeriod     = 5
	maxPeriod     = 15
	defaultPeriod = 9 // px at 500 ppi, the typical adult ridge period
)

// Oriented window of the period estimate (Hong et al. 1998, the
// "x-signature"): sigLen samples across the ridges, sigWidth along them.
const (
	sigLen   = 32
	sigWidth = 12
)

// ridgePeriods takes the raw period of each foreground block (measured by
// segment from the spacing of the minima of the grey-level profile across
// the ridges), fills blocks without a valid estimate from their neighbours
// (or the image's median), and smooths the result.
func ridgePeriods(f *fields, fg []bool, raw []float32) []float32 {
	n := f.bw * f.bh
	per := make([]float32, n)
	var valid []float32
	for i := range n {
		if fg[i] && raw[i] > 0 {
			per[i] = raw[i]
			valid = append(valid, raw[i])
		}
	}
	median := float32(defaultPeriod)
	if len(valid) > 0 {
		slices.Sort(valid)
		median = valid[len(valid)/2]
	}
	// Fill: each pass gives unknown blocks the mean of known neighbours.
	for pass := 0; pass < 4; pass++ {
		next := slices.Clone(per)
		for y := 0; y < f.bh; y++ {
			for x := 0; x < f.bw; x++ {
				i := y*f.bw + x
				if per[i] > 0 || !fg[i] {
					continue
				}
				var s, c float32
				for dy := -1; dy <= 1; dy++ {
					for dx := -1; dx <= 1; dx++ {
						xx, yy := x+dx, y+dy
						if xx >= 0 && xx < f.bw && yy >= 0 && yy < f.bh && per[yy*f.bw+xx] > 0 {
							s += per[yy*f.bw+xx]
							c++
						}
					}
				}
				if c > 0 {
					next[i] = s / c
				}
			}
		}
		per = next
	}
	for i := range per {
		if per[i] == 0 {
			per[i] = median
		}
	}
	// Smooth over about 5 blocks (40 px, four periods): the period varies
	// slowly across a finger.
	sm := gaussBlocks(per, f.bw, f.bh, 1.5)
	one := make([]float32, n)
	for i := range one {
		one[i] = 1
	}
	norm := gaussBlocks(one, f.bw, f.bh, 1.5)
	for i := range sm {
		sm[i] = min(max(sm[i]/norm[i], minPeriod), maxPeriod)
	}
	return sm
}

// signaturePeriod returns the mean distance between successive minima (dark
// ridge centres) of a smoothed profile, or 0 when the profile has fewer than
// two, its spacing is outside the valid range, or it is too irregular.
func signaturePeriod(sig []float32) float32 {
	var sm [sigLen]float32
	for i := range sig {
		a, c := sig[max(i-1, 0)], sig[min(i+1, len(sig)-1)]
		sm[i] = (a + 2*sig[i] + c) / 4
	}
	first, last, count := -1, -1, 0
	for i := 1; i+1 < len(sig); i++ {
		if sm[i] < sm[i-1] && sm[i] <= sm[i+1] {
			if first < 0 {
				first = i
			}
			last = i
			count++
		}
	}
	if count < 2 {
		return 0
	}
	p := float32(last-first) / float32(count-1)
	if p < minPeriod || p > maxPeriod {
		return 0
	}
	return p
}

// blockSignature fills buf with the grey-level profile across the ridges
// (orientation th, radians, image coordinates) through the centre of block
// (bx, by): sigLen samples across, each the sum of sigWidth along.
func blockSignature(g *plane, th float64, bx, by int, buf *[sigLen]float32) []float32 {
	ux, uy := math.Cos(th), math.Sin(th) // along the ridge
	nx, ny := -uy, ux                    // across
	cx := float64(bx*blockSize) + blockSize/2
	cy := float64(by*blockSize) + blockSize/2
	for t := range sigLen {
		dt := float64(t) - sigLen/2 + 0.5
		var s float32
		for k := range sigWidth {
			dk := float64(k) - sigWidth/2 + 0.5
			x := int(cx + dt*nx + dk*ux)
			y := int(cy + dt*ny + dk*uy)
			s += g.p[clampi(y, 0, g.h-1)*g.w+clampi(x, 0, g.w-1)]
		}
		buf[t] = s
	}
	return buf[:]
}

// rawRidgeAngle is block i's ridge orientation from its own (unsmoothed)
// 3×3-window moments, radians in [0, π).
func (f *fields) rawRidgeAngle(i int) float64 {
	a := 0.5*math.Atan2(float64(f.gxy[i]), float64(f.gxx[i])) + math.Pi/2
	if a >= math.Pi {
		a -= math.Pi
	}
	return a
}
