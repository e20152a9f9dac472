package match

import (
	"math"
	"math/bits"
	"slices"
	"testing"
)

// referenceScore is Score written as plainly as the paper states it, with
// none of the matcher's shortcuts: one masked similarity formula for every
// pair of cylinders, a full sort of the candidate pairs, a dense
// compatibility matrix and a full sort for the consolidation. It uses the
// same tabulated sigmoids and the same float32/float64 arithmetic, so the
// optimised Score must give exactly the same values.
func referenceScore(a, b *Prepared) float64 {
	nA, nB := a.Len(), b.Len()
	if nA == 0 || nB == 0 {
		return 0
	}
	var cand []pair
	for i := range a.cyl {
		for j := range b.cyl {
			if d := int16(a.min[i].dir - b.min[j].dir); d > maxDirDiff || d < -maxDirDiff {
				continue
			}
			if s := referenceSimilarity(&a.cyl[i], &b.cyl[j]); s > 0 {
				cand = append(cand, pair{s, uint16(i), uint16(j)})
			}
		}
	}
	slices.SortFunc(cand, func(x, y pair) int {
		switch {
		case x.s != y.s:
			if x.s > y.s {
				return -1
			}
			return 1
		case x.a != y.a:
			return int(x.a) - int(y.a)
		}
		return int(x.b) - int(y.b)
	})
	nR := min(nA, nB)
	usedA, usedB := make([]bool, nA), make([]bool, nB)
	var sel []pair
	for _, p := range cand {
		if len(sel) == nR {
			break
		}
		if !usedA[p.a] && !usedB[p.b] {
			usedA[p.a], usedB[p.b] = true, true
			sel = append(sel, p)
		}
	}
	n := len(sel)
	if n == 0 {
		return 0
	}
	rho := make([][]float32, n)
	for t := range rho {
		rho[t] = make([]float32, n)
	}
	for t := range n {
		for k := t + 1; k < n; k++ {
			r := referenceCompatibility(&a.min[sel[t].a], &a.min[sel[k].a], &b.min[sel[t].b], &b.min[sel[k].b])
			rho[t][k], rho[k][t] = r, r
		}
	}
	lam := make([]float32, n)
	for t, p := range sel {
		lam[t] = p.s
	}
	if n > 1 {
		for range relIter {
			next := make([]float32, n)
			for t := range n {
				var s float32
				for k := range n {
					s += rho[t][k] * lam[k]
				}
				next[t] = relW*lam[t] + float32(1-relW)/float32(n-1)*s
			}
			lam = next
		}
	}
	order := make([]int, n)
	for t := range order {
		order[t] = t
	}
	eff := func(t int) float32 { return lam[t] / sel[t].s }
	slices.SortFunc(order, func(x, y int) int {
		switch {
		case eff(x) > eff(y):
			return -1
		case eff(x) < eff(y):
			return 1
		}
		return x - y
	})
	nP := mccMinNP + int(math.Round(sigmoid(float64(nR), mccMuP, mccTauP)*(mccMaxNP-mccMinNP)))
	sum := 0.0
	for _, t := range order[:min(nP, n)] {
		sum += float64(lam[t])
	}
	return sum / float64(nP)
}

// referenceSimilarity is eq. 17 of the paper over the elements valid in
// both cylinders, whatever their discs.
func referenceSimilarity(a, b *cylinder) float32 {
	common := 0
	for w := range cellWords {
		common += bits.OnesCount64(a.bits[0][w] & b.bits[0][w])
	}
	if common < minMECells {
		return 0
	}
	na, nb, nx := 0, 0, 0
	for k := 1; k <= mccNd; k++ {
		for w := range cellWords {
			m := a.bits[0][w] & b.bits[0][w]
			na += bits.OnesCount64(a.bits[k][w] & m)
			nb += bits.OnesCount64(b.bits[k][w] & m)
			nx += bits.OnesCount64((a.bits[k][w] ^ b.bits[k][w]) & m)
		}
	}
	den := sqrtTab[na] + sqrtTab[nb]
	if den == 0 {
		return 0
	}
	return 1 - sqrtTab[nx]/den
}

// referenceCompatibility is ρ of the paper for the pairs (at, bt) and
// (ak, bk).
func referenceCompatibility(at, ak, bt, bk *minutia) float32 {
	dxA, dyA := float64(ak.x-at.x), float64(ak.y-at.y)
	dxB, dyB := float64(bk.x-bt.x), float64(bk.y-bt.y)
	z1 := zDist(math.Abs(math.Sqrt(dxA*dxA+dyA*dyA) - math.Sqrt(dxB*dxB+dyB*dyB)))
	z2 := zAngle(math.Abs(angleDiff(
		angleDiff(float64(at.theta), float64(ak.theta)),
		angleDiff(float64(bt.theta), float64(bk.theta)))))
	z3 := zAngle(math.Abs(angleDiff(
		angleDiff(float64(at.theta), atan2(dyA, dxA)),
		angleDiff(float64(bt.theta), atan2(dyB, dxB)))))
	return z1 * z2 * z3
}

// TestScoreEqualsReference requires Score to give exactly the reference's
// value for every ordered pair of an FVC set, including each template with
// itself.
func TestScoreEqualsReference(t *testing.T) {
	ss := loadSet(t, "fvc2002-db1-b")
	ps := make([]*Prepared, len(ss))
	for i, s := range ss {
		ps[i] = Prepare(s.tmpl)
	}
	step := 1
	if testing.Short() {
		step = 7
	}
	var c Comparer
	for i := 0; i < len(ps); i += step {
		for j := range ps {
			got, want := c.Score(ps[i], ps[j]), referenceScore(ps[i], ps[j])
			if got != want {
				t.Errorf("%s vs %s: Score %v, reference %v", ss[i].name, ss[j].name, got, want)
			}
		}
	}
}
