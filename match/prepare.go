package match

import (
	"math"
	"math/bits"
)

// Prepared is a template made ready for comparison (about 12 KB for 50
// minutiae; MarshalBinary gives a compact form to store, which
// UnmarshalBinary reloads without recomputing the cylinders): the MCC16b cylinder of
// each minutia whose cylinder is valid, with the minutia's position and
// direction (in a frame with y upwards, at 500 ppi) for the global
// consolidation. It is immutable once made and safe for concurrent use.
type Prepared struct {
	cyl []cylinder
	// min[i] is the minutia at the centre of cyl[i].
	min []minutia
	// minutiae is the number of minutiae of the template it came from.
	minutiae int
}

// Len is the number of valid cylinders (comparable minutiae); 0 for nil.
func (p *Prepared) Len() int {
	if p == nil {
		return 0
	}
	return len(p.cyl)
}

// MaxMinutiae bounds the minutiae that Prepare uses: templates carry at
// most 255 (19794-2 and INCITS 378 count them in one byte); the matcher
// indexes cylinders with 16 bits and its cost grows with the square.
const MaxMinutiae = 255

// Prepare makes the cylinders of t. Positions are scaled to 500 ppi by
// t.PPI (500 is assumed when PPI is not positive). Minutiae beyond
// MaxMinutiae, and those whose position is beyond any image (more than
// 2^18 pixels at 500 ppi), are ignored. A template with too few minutiae for any valid
// cylinder gives a Prepared of length 0, which scores 0 against anything.
func Prepare(t Template) *Prepared {
	scale := 1.0
	if t.PPI > 0 && !math.IsInf(t.PPI, 0) && !math.IsNaN(t.PPI) {
		scale = nominalPPI / t.PPI
	}
	ms := t.Minutiae
	if len(ms) > MaxMinutiae {
		ms = ms[:MaxMinutiae]
	}
	pts := make([]point, 0, len(ms))
	theta := make([]float64, 0, len(ms))
	for _, m := range ms {
		// y upwards so that counter-clockwise angles are the usual ones.
		q := point{float64(m.X) * scale, -float64(m.Y) * scale}
		if math.Abs(q.x) > maxCoordinate || math.Abs(q.y) > maxCoordinate {
			continue // no fingerprint is that large: a corrupt template
		}
		pts = append(pts, q)
		a := math.Mod(m.Angle, 360)
		if math.IsNaN(a) {
			a = 0
		}
		theta = append(theta, angleDiff(a*math.Pi/180, 0))
	}
	hull := convexHull(pts)
	p := &Prepared{minutiae: len(t.Minutiae)}
	b := cylinderBuilder{pts: pts, theta: theta, hull: hull}
	for i := range pts {
		var c cylinder
		if b.build(i, &c) {
			p.cyl = append(p.cyl, c)
			p.min = append(p.min, newMinutia(pts[i], theta[i]))
		}
	}
	return p
}

// minutia is a cylinder's centre: position (y upwards, 500 ppi), direction
// in radians [-π, π) and the same direction in 1/65536 turns, whose
// difference as int16 is the wrapped angle difference.
type minutia struct {
	x, y, theta float32
	dir         uint16
}

// maxDirDiff is δθ in 1/65536 turns.
const maxDirDiff = int16(mccDeltaT / (2 * math.Pi) * 65536)

func newMinutia(p point, theta float64) minutia {
	turn := theta / (2 * math.Pi) // [-0.5, 0.5)
	return minutia{float32(p.x), float32(p.y), float32(theta), uint16(int32(math.Round(turn * 65536)))}
}

type cylinderBuilder struct {
	pts   []point
	theta []float64
	hull  []point
	// scratch: neighbours of the current minutia and their directional
	// contributions per layer.
	near []int
	gd   [][mccNd]float64
}

// cellOffset is the offset of cell index i from the cylinder's centre
// along one axis, in pixels.
func cellOffset(i int) float64 {
	const deltaS = 2 * mccRadius / mccNs
	return deltaS * (float64(i) - float64(mccNs-1)/2)
}

// build fills c with the cylinder of minutia i (section 3 of the paper) and
// reports whether it is valid.
func (b *cylinderBuilder) build(i int, c *cylinder) bool {
	m := b.pts[i]
	reach := mccRadius + 3*mccSigmaS
	b.near = b.near[:0]
	b.gd = b.gd[:0]
	for t, q := range b.pts {
		if dx, dy := q.x-m.x, q.y-m.y; t == i || dx*dx+dy*dy > reach*reach {
			continue
		}
		b.near = append(b.near, t)
		var g [mccNd]float64
		d := angleDiff(b.theta[i], b.theta[t])
		for k := range g {
			g[k] = directional(angleDiff(layerAngle(k), d))
		}
		b.gd = append(b.gd, g)
	}
	if len(b.near) < mccMinM {
		return false
	}
	cosT, sinT := math.Cos(b.theta[i]), math.Sin(b.theta[i])
	valid := 0
	cut := 3 * mccSigmaS
	for ci := 0; ci < mccNs; ci++ {
		for cj := 0; cj < mccNs; cj++ {
			u, v := cellOffset(ci), cellOffset(cj)
			if math.Hypot(u, v) > mccRadius {
				continue
			}
			p := point{m.x + u*cosT - v*sinT, m.y + u*sinT + v*cosT}
			if !nearHull(b.hull, p, mccOmega) {
				continue
			}
			valid++
			bit := ci*mccNs + cj
			c.bits[0][bit/64] |= 1 << (bit % 64)
			var sum [mccNd]float64
			for n, t := range b.near {
				q := b.pts[t]
				dx, dy := q.x-p.x, q.y-p.y
				d2 := dx*dx + dy*dy
				if d2 > cut*cut {
					continue
				}
				gs := spatial2(d2)
				for k := range sum {
					sum[k] += gs * b.gd[n][k]
				}
			}
			for k, s := range sum {
				if s > mccMuPsi {
					c.bits[1+k][bit/64] |= 1 << (bit % 64)
				}
			}
		}
	}
	c.full = valid == cellsInCircle
	c.cells = uint16(valid)
	for _, l := range c.bits[1:] {
		for _, w := range l {
			c.ones += uint16(bits.OnesCount64(w))
		}
	}
	return float64(valid) >= mccMinVC*float64(cellsInCircle)
}

// layerAngle is dφk, the direction at the centre of layer k.
func layerAngle(k int) float64 {
	const deltaD = 2 * math.Pi / mccNd
	return -math.Pi + (float64(k)+0.5)*deltaD
}

// spatial2 is G_S, the Gaussian of a cell centre's distance to a
// neighbour, of the squared distance d2 (at most (3σS)²), from a table in
// steps of 1/8 px².
func spatial2(d2 float64) float64 { return spatialTab[int(d2*8+0.5)] }

// directional is G_D: the area of the Gaussian of σD over the layer's
// width ΔD around the angle a.
func directional(a float64) float64 {
	const deltaD = 2 * math.Pi / mccNd
	s := mccSigmaD * math.Sqrt2
	return 0.5 * (math.Erf((a+deltaD/2)/s) - math.Erf((a-deltaD/2)/s))
}
