package match

import (
	"math"
	"math/rand/v2"
)

// Transform turns t by deg degrees counter-clockwise about the image
// centre and shifts it by (dx, dy) pixels, as a rigid motion of the finger
// on the sensor would; positions are rounded to whole pixels.
func Transform(t Template, deg float64, dx, dy int) Template {
	out := t
	out.Minutiae = make([]Minutia, len(t.Minutiae))
	cx, cy := float64(t.Width)/2, float64(t.Height)/2
	s, c := math.Sincos(deg * math.Pi / 180)
	for i, m := range t.Minutiae {
		x, y := float64(m.X)-cx, float64(m.Y)-cy
		m.X = int(math.Round(cx+x*c+y*s)) + dx
		m.Y = int(math.Round(cy-x*s+y*c)) + dy
		m.Angle = math.Mod(m.Angle+deg+720, 360)
		out.Minutiae[i] = m
	}
	return out
}

// Synthesise makes n templates for benchmarks of large galleries (the
// 1:N search here, the embedded backend's rebuild): sources taken in
// turn, each under a random rigid motion (turn within ±45°, shift within
// ±40 px, Transform) with each minutia dropped with probability 0.15,
// from a fixed seed, so that every run builds the same gallery.
func Synthesise(sources []Template, n int) []Template {
	r := rand.New(rand.NewPCG(2026, 12))
	out := make([]Template, n)
	for i := range out {
		src := sources[i%len(sources)]
		t := Transform(src, r.Float64()*90-45, r.IntN(81)-40, r.IntN(81)-40)
		kept := t.Minutiae[:0]
		for _, m := range t.Minutiae {
			if r.Float64() >= 0.15 {
				kept = append(kept, m)
			}
		}
		t.Minutiae = kept
		out[i] = t
	}
	return out
}
