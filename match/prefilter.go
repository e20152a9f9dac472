package match

import (
	"slices"
)

// prefilterAnchors is how many of the probe's cylinders the first stage of
// a two-stage search compares.
const prefilterAnchors = 12

// anchors returns up to prefilterAnchors cylinder indices of p for the
// first stage: those whose disc is whole (least cut by the print's edge),
// nearest the centroid of p's minutiae first, then the other cylinders the
// same way; ties by index.
func (p *Prepared) anchors() []int {
	n := p.Len()
	if n == 0 {
		return nil
	}
	var cx, cy float64
	for _, m := range p.min {
		cx += float64(m.x)
		cy += float64(m.y)
	}
	cx, cy = cx/float64(n), cy/float64(n)
	type cand struct {
		partial bool
		d2      float64
		i       int
	}
	cs := make([]cand, n)
	for i, m := range p.min {
		dx, dy := float64(m.x)-cx, float64(m.y)-cy
		cs[i] = cand{!p.cyl[i].full, dx*dx + dy*dy, i}
	}
	slices.SortFunc(cs, func(a, b cand) int {
		switch {
		case a.partial != b.partial:
			if a.partial {
				return 1
			}
			return -1
		case a.d2 != b.d2:
			if a.d2 < b.d2 {
				return -1
			}
			return 1
		}
		return a.i - b.i
	})
	out := make([]int, 0, prefilterAnchors)
	for _, c := range cs[:min(n, prefilterAnchors)] {
		out = append(out, c.i)
	}
	return out
}

// prescore is the first-stage similarity: for each anchor cylinder of the
// probe, the best MCC similarity with any cylinder of g whose direction is
// within δθ, summed. It costs about a quarter of Score.
func prescore(probe *Prepared, anchors []int, g *Prepared) float64 {
	sum := float32(0)
	for _, i := range anchors {
		best := float32(0)
		da := probe.min[i].dir
		for j := range g.cyl {
			if d := int16(da - g.min[j].dir); d > maxDirDiff || d < -maxDirDiff {
				continue
			}
			if s := cylinderSimilarity(&probe.cyl[i], &g.cyl[j]); s > best {
				best = s
			}
		}
		sum += best
	}
	return float64(sum)
}
