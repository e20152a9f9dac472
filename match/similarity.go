package match

import (
	"math/bits"
)

// The kernels below spell out the cellWords words of a layer.
const (
	_ = uint(cellWords - 4)
	_ = uint(4 - cellWords)
)

// cylinderSimilarity is the MCC16b similarity of two cylinders (eq. 17 of
// the paper): 1 - |ca⊕cb| / (|ca| + |cb|) over the elements valid in both,
// 0 when they share fewer than minME elements.
func cylinderSimilarity(a, b *cylinder) float32 {
	switch {
	case a.full && b.full:
		return fullFullSimilarity(a, b)
	case a.full:
		return fullPartialSimilarity(a, b)
	case b.full:
		return fullPartialSimilarity(b, a)
	}
	return partialSimilarity(a, b)
}

// fullFullSimilarity is cylinderSimilarity when both discs are whole: every
// element is valid in both.
func fullFullSimilarity(a, b *cylinder) float32 {
	nx := 0
	for k := 1; k <= mccNd; k++ {
		la, lb := &a.bits[k], &b.bits[k]
		nx += bits.OnesCount64(la[0]^lb[0]) + bits.OnesCount64(la[1]^lb[1]) +
			bits.OnesCount64(la[2]^lb[2]) + bits.OnesCount64(la[3]^lb[3])
	}
	return 1 - sqrtTab[nx]/(sqrtTab[a.ones]+sqrtTab[b.ones])
}

// fullPartialSimilarity is cylinderSimilarity when f's disc is whole: the
// common cells are p's valid cells, so only f's elements need masking.
func fullPartialSimilarity(f, p *cylinder) float32 {
	if int(p.cells) < minMECells {
		return 0
	}
	m := &p.bits[0]
	m0, m1, m2, m3 := m[0], m[1], m[2], m[3]
	nf, nx := 0, 0
	for k := 1; k <= mccNd; k++ {
		lf, lp := &f.bits[k], &p.bits[k]
		x0, x1, x2, x3 := lf[0]&m0, lf[1]&m1, lf[2]&m2, lf[3]&m3
		nf += bits.OnesCount64(x0) + bits.OnesCount64(x1) + bits.OnesCount64(x2) + bits.OnesCount64(x3)
		nx += bits.OnesCount64(x0^lp[0]) + bits.OnesCount64(x1^lp[1]) +
			bits.OnesCount64(x2^lp[2]) + bits.OnesCount64(x3^lp[3])
	}
	den := sqrtTab[nf] + sqrtTab[p.ones]
	if den == 0 {
		return 0
	}
	return 1 - sqrtTab[nx]/den
}

// partialSimilarity is cylinderSimilarity when neither disc is whole: both
// cylinders' elements are masked by the cells valid in both.
func partialSimilarity(a, b *cylinder) float32 {
	ma, mb := &a.bits[0], &b.bits[0]
	m0, m1, m2, m3 := ma[0]&mb[0], ma[1]&mb[1], ma[2]&mb[2], ma[3]&mb[3]
	common := bits.OnesCount64(m0) + bits.OnesCount64(m1) + bits.OnesCount64(m2) + bits.OnesCount64(m3)
	if common < minMECells {
		return 0
	}
	na, nb, nx := 0, 0, 0
	for k := 1; k <= mccNd; k++ {
		la, lb := &a.bits[k], &b.bits[k]
		x0, x1, x2, x3 := la[0]&m0, la[1]&m1, la[2]&m2, la[3]&m3
		y0, y1, y2, y3 := lb[0]&m0, lb[1]&m1, lb[2]&m2, lb[3]&m3
		na += bits.OnesCount64(x0) + bits.OnesCount64(x1) + bits.OnesCount64(x2) + bits.OnesCount64(x3)
		nb += bits.OnesCount64(y0) + bits.OnesCount64(y1) + bits.OnesCount64(y2) + bits.OnesCount64(y3)
		nx += bits.OnesCount64(x0^y0) + bits.OnesCount64(x1^y1) + bits.OnesCount64(x2^y2) + bits.OnesCount64(x3^y3)
	}
	den := sqrtTab[na] + sqrtTab[nb]
	if den == 0 {
		return 0
	}
	return 1 - sqrtTab[nx]/den
}
