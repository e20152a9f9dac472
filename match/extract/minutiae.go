package extract

import (
	"math"
	"math/bits"

	"github.com/biogate/biogate/match"
)

// dirSteps is how far, in skeleton steps, a minutia's branches are followed
// to measure its direction: about one ridge period (9 px at 500 ppi), far
// enough to be past the pixel noise of the junction, near enough to stay on
// the ridge's local course.
const dirSteps = 10

// cand is a minutia candidate on the skeleton.
type cand struct {
	x, y    int // pixels at 500 ppi
	pix     int // index in the bordered skeleton
	kind    match.MinutiaType
	angle   float64 // degrees, ISO convention
	quality int
	gone    bool
}

// skeleton is a thinned ridge map with a one-pixel zero border.
type skeleton struct {
	b      []uint8
	stride int     // w+2
	minAt  []int32 // candidate index at each pixel, −1 for none
	mark   []int32 // trace stamps
	stamp  int32
	offs   [8]int
}

func newSkeleton(b []uint8, w, h int) *skeleton {
	s := &skeleton{b: b, stride: w + 2, minAt: make([]int32, len(b)), mark: make([]int32, len(b))}
	for i := range s.minAt {
		s.minAt[i] = -1
	}
	for k := range 8 {
		s.offs[k] = nbrDY[k]*s.stride + nbrDX[k]
	}
	return s
}

func (s *skeleton) xy(i int) (int, int) { return i%s.stride - 1, i/s.stride - 1 }

// detect lists the skeleton's endings (crossing number 1) and bifurcations
// (crossing number 3), one bifurcation per cluster of adjacent junction
// pixels.
func (s *skeleton) detect() []cand {
	var cs []cand
	for i, v := range s.b {
		if v == 0 {
			continue
		}
		code := nbrCode(s.b, i, s.stride)
		var kind match.MinutiaType
		switch transitions(code) {
		case 1:
			kind = match.RidgeEnding
		case 3:
			kind = match.Bifurcation
			dup := false
			for _, o := range s.offs {
				if j := s.minAt[i+o]; j >= 0 && cs[j].kind == match.Bifurcation {
					dup = true
				}
			}
			if dup {
				continue
			}
		default:
			continue
		}
		x, y := s.xy(i)
		s.minAt[i] = int32(len(cs))
		cs = append(cs, cand{x: x, y: y, pix: i, kind: kind})
	}
	return cs
}

// branches returns the first pixel of each branch leaving pixel i: one per
// run of set neighbours round it, the run's edge-adjacent pixel when it
// has one.
func (s *skeleton) branches(i int) []int {
	code := nbrCode(s.b, i, s.stride)
	if code == 0xFF {
		return nil
	}
	// Start the circular scan just after an unset neighbour.
	start := bits.TrailingZeros8(^code)
	var out []int
	for k := 1; k <= 8; k++ {
		cur := (start + k) % 8
		if code>>cur&1 == 0 {
			continue
		}
		prev := (cur + 7) % 8
		if code>>prev&1 == 1 && len(out) > 0 {
			// Same run: prefer an edge neighbour (even index).
			if cur%2 == 0 {
				out[len(out)-1] = i + s.offs[cur]
			}
			continue
		}
		out = append(out, i+s.offs[cur])
	}
	return out
}

// trace follows the skeleton from pixel start through first for at most
// maxSteps pixels, never entering the pixels in block. It returns the pixel
// it stopped on, the steps taken, and the candidate met there (−1 when it
// stopped for length or a dead end).
func (s *skeleton) trace(start, first int, block []int, maxSteps int) (end, steps int, hit int32) {
	s.stamp++
	st := s.stamp
	s.mark[start] = st
	for _, p := range block {
		s.mark[p] = st
	}
	prev, cur := start, first
	for steps = 1; ; steps++ {
		if m := s.minAt[cur]; m >= 0 {
			return cur, steps, m
		}
		if steps >= maxSteps {
			return cur, steps, -1
		}
		s.mark[cur] = st
		next, nextAdj := -1, -1
		for k, o := range s.offs {
			j := cur + o
			if s.b[j] == 0 || s.mark[j] == st {
				continue
			}
			if adjacent(j, prev, s.stride) {
				if nextAdj < 0 {
					nextAdj = j
				}
				continue
			}
			if next < 0 || k%2 == 0 {
				next = j
			}
		}
		if next < 0 {
			next = nextAdj
		}
		if next < 0 {
			return cur, steps, -1
		}
		prev, cur = cur, next
	}
}

func adjacent(a, b, stride int) bool {
	d := a - b
	return d == 1 || d == -1 || d == stride || d == -stride ||
		d == stride+1 || d == stride-1 || d == -stride+1 || d == -stride-1
}

// isoAngle is the direction from pixel a to pixel b in degrees,
// counter-clockwise from +x with y downwards (19794-2:2011 7.4.3.2).
func (s *skeleton) isoAngle(a, b int) float64 {
	ax, ay := s.xy(a)
	bx, by := s.xy(b)
	return normDeg(math.Atan2(float64(ay-by), float64(bx-ax)) * 180 / math.Pi)
}

// direct sets each candidate's direction: an ending points along its ridge
// away from the ending; a bifurcation points into the valley between its two
// closest branches. The traced direction is then replaced by the smoothed
// orientation field's, in the sense the trace gives, when they agree within
// 45°: the field is the more precise of the two.
func (s *skeleton) direct(cs []cand, f *fields) {
	for ci := range cs {
		c := &cs[ci]
		brs := s.branches(c.pix)
		var ang float64
		switch c.kind {
		case match.RidgeEnding:
			if len(brs) != 1 {
				c.gone = true
				continue
			}
			end, _, _ := s.trace(c.pix, brs[0], nil, dirSteps)
			ang = s.isoAngle(c.pix, end)
		case match.Bifurcation:
			if len(brs) != 3 {
				c.gone = true
				continue
			}
			var a [3]float64
			for k, b := range brs {
				end, _, _ := s.trace(c.pix, b, brs, dirSteps)
				a[k] = s.isoAngle(c.pix, end)
			}
			best, bi, bj := 400.0, 0, 1
			for i := 0; i < 3; i++ {
				for j := i + 1; j < 3; j++ {
					if d := angDiff(a[i], a[j]); d < best {
						best, bi, bj = d, i, j
					}
				}
			}
			ang = meanDeg(a[bi], a[bj])
		}
		theta := f.ridgeAngleAt(float64(c.x)+0.5, float64(c.y)+0.5)
		o := normDeg(-theta * 180 / math.Pi)
		if angDiff(o, ang) > 90 {
			o = normDeg(o + 180)
		}
		if angDiff(o, ang) <= 45 {
			ang = o
		}
		c.angle = ang
	}
}

func normDeg(a float64) float64 {
	a = math.Mod(a, 360)
	if a < 0 {
		a += 360
	}
	return a
}

// angDiff is the absolute difference of two directions, in [0, 180].
func angDiff(a, b float64) float64 {
	d := math.Abs(normDeg(a - b))
	if d > 180 {
		d = 360 - d
	}
	return d
}

func meanDeg(a, b float64) float64 {
	ra, rb := a*math.Pi/180, b*math.Pi/180
	return normDeg(math.Atan2(math.Sin(ra)+math.Sin(rb), math.Cos(ra)+math.Cos(rb)) * 180 / math.Pi)
}
