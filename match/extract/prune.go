package extract

import (
	"math"

	"github.com/biogate/biogate/match"
)

// False-minutia rules (Maltoni et al., Handbook, 2nd ed., §3.8; Ratha,
// Chen and Jain 1995), in units of the local ridge period T:
const (
	borderMargin = 16.0 // px from the background or the image's edge (about 1.8 T)
	spurLen      = 0.7  // T: an ending joined to a bifurcation this close is a spur
	shortRidge   = 1.5  // T: two endings joined this close are a fragment
	loopLen      = 0.7  // T: two bifurcations joined this close are a hole or a bridge
	breakGap     = 1.5  // T: facing endings this close are a break in one ridge
	breakAngle   = 45.0 // degrees of tolerance on "facing"
)

// prune marks false candidates gone; period is the block period field.
func prune(cs []cand, s *skeleton, f *fields, fg []bool, border, period []float32) {
	blockOf := func(c *cand) int { return (c.y/blockSize)*f.bw + c.x/blockSize }
	for i := range cs {
		c := &cs[i]
		if border[blockOf(c)] < borderMargin {
			c.gone = true
		}
	}
	// Topological rules work on the skeleton before anything is removed.
	gone := make([]bool, len(cs))
	for i := range cs {
		c := &cs[i]
		T := float64(period[blockOf(c)])
		brs := s.branches(c.pix)
		switch c.kind {
		case match.RidgeEnding:
			if len(brs) != 1 {
				continue
			}
			_, steps, hit := s.trace(c.pix, brs[0], nil, int(math.Ceil(shortRidge*T)))
			if hit < 0 {
				continue
			}
			switch cs[hit].kind {
			case match.Bifurcation:
				if float64(steps) <= spurLen*T {
					gone[i], gone[hit] = true, true
				}
			case match.RidgeEnding:
				gone[i], gone[hit] = true, true
			}
		case match.Bifurcation:
			if len(brs) != 3 {
				continue
			}
			for _, b := range brs {
				_, _, hit := s.trace(c.pix, b, brs, int(math.Ceil(loopLen*T)))
				if hit >= 0 && hit != int32(i) && cs[hit].kind == match.Bifurcation {
					gone[i], gone[hit] = true, true
				}
			}
		}
	}
	for i := range cs {
		cs[i].gone = cs[i].gone || gone[i]
	}
	// Breaks: two surviving endings facing each other across a short gap
	// along the ridge flow. Endings are bucketed in cells as wide as the
	// longest gap, so each looks only at its own and adjacent cells.
	cell := int(math.Ceil(breakGap * maxPeriod))
	gw, gh := f.bw*blockSize/cell+1, f.bh*blockSize/cell+1
	buckets := make([][]int32, gw*gh)
	for i := range cs {
		if c := &cs[i]; !c.gone && c.kind == match.RidgeEnding {
			k := (c.y/cell)*gw + c.x/cell
			buckets[k] = append(buckets[k], int32(i))
		}
	}
	for i := range cs {
		a := &cs[i]
		if a.gone || a.kind != match.RidgeEnding {
			continue
		}
		T := float64(period[blockOf(a)])
		cx, cy := a.x/cell, a.y/cell
	search:
		for gy := max(cy-1, 0); gy <= min(cy+1, gh-1); gy++ {
			for gx := max(cx-1, 0); gx <= min(cx+1, gw-1); gx++ {
				for _, j := range buckets[gy*gw+gx] {
					b := &cs[j]
					if int(j) <= i || b.gone {
						continue
					}
					if facing(a, b, T) {
						a.gone, b.gone = true, true
						break search
					}
				}
			}
		}
	}
}

// facing reports whether endings a and b, within breakGap periods of each
// other, point away from each other along the line that joins them: the
// two ends of a broken ridge.
func facing(a, b *cand, T float64) bool {
	dx, dy := float64(b.x-a.x), float64(b.y-a.y)
	if math.Hypot(dx, dy) > breakGap*T || angDiff(a.angle, b.angle) < 180-breakAngle {
		return false
	}
	toB := normDeg(math.Atan2(-dy, dx) * 180 / math.Pi)
	return angDiff(toB, a.angle+180) <= breakAngle
}
