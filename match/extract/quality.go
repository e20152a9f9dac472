package extract

import (
	"math"
	"slices"
)

// minutiaQuality grades a minutia 1-100 from the clarity of the ridges
// round it and its distance from the print's border: coherence (1 for
// parallel ridges; 0.6 and above is clear flow, Bazen and Gerez 2002),
// contrast relative to the image's strong-ridge contrast, and distance to
// the border (minutiae within a few periods of it are the least reliable).
func minutiaQuality(coh, contrast, border float32) int {
	c := min(float64(coh)/0.6, 1)
	k := min(float64(contrast), 1)
	b := min(float64(border-borderMargin)/32, 1)
	q := 100 * (0.5*c + 0.25*k + 0.25*max(b, 0))
	return clampi(int(math.Round(q)), 1, 100)
}

// Mean foreground coherence of an unusable image (noise, smudges) and of a
// clear one (parallel ridges with minutiae and pores); the quality scale
// runs linearly between them.
const cohPoor, cohClear = 0.3, 0.8

// imageQuality grades the whole image 0-100: the mean coherence of the
// foreground (how clear the ridge flow is, the leading NFIQ feature), scaled
// down when the print covers less than minArea pixels² at 500 ppi (a
// 10×10 mm area, below which few minutiae can be found).
func imageQuality(f *fields, fg []bool) int {
	var sum float64
	var n int
	for i, v := range fg {
		if v {
			sum += float64(f.coh[i])
			n++
		}
	}
	if n == 0 {
		return 0
	}
	const minArea = 200 * 200
	area := float64(n * blockSize * blockSize)
	q := 100 * min(max((sum/float64(n)-cohPoor)/(cohClear-cohPoor), 0), 1) * min(area/minArea, 1)
	return clampi(int(math.Round(q)), 0, 100)
}

// contrastRef is the 95th percentile of block contrast on the foreground.
func contrastRef(f *fields, fg []bool) float32 {
	var v []float32
	for i, ok := range fg {
		if ok {
			v = append(v, f.std[i])
		}
	}
	if len(v) == 0 {
		return 1
	}
	slices.Sort(v)
	return max(v[int(0.95*float64(len(v)-1))], 1)
}
