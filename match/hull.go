package match

import (
	"math"
	"sort"
)

type point struct{ x, y float64 }

// convexHull returns the convex hull of pts counter-clockwise (Andrew's
// monotone chain), without repeated points. Fewer than three distinct
// points give a degenerate hull of one or two points.
func convexHull(pts []point) []point {
	p := append([]point(nil), pts...)
	sort.Slice(p, func(i, j int) bool {
		if p[i].x != p[j].x {
			return p[i].x < p[j].x
		}
		return p[i].y < p[j].y
	})
	u := p[:0]
	for i, q := range p { // drop duplicates
		if i == 0 || q != p[i-1] {
			u = append(u, q)
		}
	}
	p = u
	if len(p) < 3 {
		return p
	}
	h := make([]point, 0, 2*len(p))
	for _, q := range p {
		for len(h) >= 2 && cross(h[len(h)-2], h[len(h)-1], q) <= 0 {
			h = h[:len(h)-1]
		}
		h = append(h, q)
	}
	lower := len(h) + 1
	for i := len(p) - 2; i >= 0; i-- {
		q := p[i]
		for len(h) >= lower && cross(h[len(h)-2], h[len(h)-1], q) <= 0 {
			h = h[:len(h)-1]
		}
		h = append(h, q)
	}
	return h[:len(h)-1]
}

func cross(o, a, b point) float64 { return (a.x-o.x)*(b.y-o.y) - (a.y-o.y)*(b.x-o.x) }

// nearHull reports whether q lies inside the hull h (counter-clockwise) or
// within distance r of it: the hull enlarged by r (ω of MCC).
func nearHull(h []point, q point, r float64) bool {
	switch len(h) {
	case 0:
		return false
	case 1:
		dx, dy := q.x-h[0].x, q.y-h[0].y
		return dx*dx+dy*dy <= r*r
	}
	inside := len(h) >= 3
	for i := range h {
		a, b := h[i], h[(i+1)%len(h)]
		if inside && cross(a, b, q) < 0 {
			inside = false
		}
	}
	if inside {
		return true
	}
	for i := range h {
		if segmentDist2(h[i], h[(i+1)%len(h)], q) <= r*r {
			return true
		}
	}
	return false
}

// segmentDist2 is the squared distance from q to the segment ab.
func segmentDist2(a, b, q point) float64 {
	dx, dy := b.x-a.x, b.y-a.y
	l2 := dx*dx + dy*dy
	t := 0.0
	if l2 > 0 {
		t = ((q.x-a.x)*dx + (q.y-a.y)*dy) / l2
		t = math.Max(0, math.Min(1, t))
	}
	ex, ey := q.x-a.x-t*dx, q.y-a.y-t*dy
	return ex*ex + ey*ey
}
