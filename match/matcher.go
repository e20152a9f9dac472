package match

import (
	"math"
	"math/bits"
	"slices"
	"sync"
)

// Score compares two prepared templates and returns their similarity in
// [0, 1], higher meaning more similar: MCC16b local similarities
// consolidated by Local Similarity Sort with Relaxation (LSS-R, Cappelli et
// al. 2010, section 5). It is symmetric up to rounding, deterministic and
// safe for concurrent use.
//
// The score does not change when either template is shifted, or turned by
// up to 90°: as in the publication, two minutiae are compared only when
// their directions differ by at most δθ = 90°, which rejects many false
// pairs; prints turned further than that on the sensor do not match.
func Score(a, b *Prepared) float64 {
	c := comparerPool.Get().(*Comparer)
	s := c.Score(a, b)
	comparerPool.Put(c)
	return s
}

var comparerPool = sync.Pool{New: func() any { return new(Comparer) }}

// Comparer holds the scratch memory of comparisons, so that a worker
// comparing many pairs allocates nothing. One Comparer is not safe for
// concurrent use; give each goroutine its own.
type Comparer struct {
	keys   []uint64
	sorted []uint64
	sel    []pair
	usedA  []bool
	usedB  []bool
	rho    []float32
	lam    [2][]float32
	eff    []effIndex
}

type pair struct {
	s    float32
	a, b uint16
}

type effIndex struct {
	eff float32
	i   int
}

// cylinderSimilarity is the MCC16b similarity of two cylinders (eq. 17 of
// the paper): 1 - |ca⊕cb| / (|ca| + |cb|) over the elements valid in both,
// 0 when they share fewer than minME elements.
func cylinderSimilarity(a, b *cylinder) float32 {
	if a.full && b.full {
		// Both bases are the whole disc: every element is valid in both.
		nx := 0
		for w := cellWords; w < cylWords; w++ {
			nx += bits.OnesCount64(a.bits[w] ^ b.bits[w])
		}
		return 1 - sqrtTab[nx]/(sqrtTab[a.ones]+sqrtTab[b.ones])
	}
	if a.full {
		return fullSimilarity(a, b)
	}
	if b.full {
		return fullSimilarity(b, a)
	}
	common := 0
	var m [cellWords]uint64
	for w := range m {
		m[w] = a.bits[w] & b.bits[w]
		common += bits.OnesCount64(m[w])
	}
	if common < minMECells {
		return 0
	}
	na, nb, nx := 0, 0, 0
	for k := 1; k <= mccNd; k++ {
		o := k * cellWords
		for w := range m {
			x := a.bits[o+w] & m[w]
			y := b.bits[o+w] & m[w]
			na += bits.OnesCount64(x)
			nb += bits.OnesCount64(y)
			nx += bits.OnesCount64(x ^ y)
		}
	}
	den := sqrtTab[na] + sqrtTab[nb]
	if den == 0 {
		return 0
	}
	return 1 - sqrtTab[nx]/den
}

// fullSimilarity is cylinderSimilarity when f's disc is whole: the common
// cells are p's valid cells, so only f's elements need masking.
func fullSimilarity(f, p *cylinder) float32 {
	if int(p.cells) < minMECells {
		return 0
	}
	nf, nx := 0, 0
	for k := 1; k <= mccNd; k++ {
		o := k * cellWords
		for w := 0; w < cellWords; w++ {
			x := f.bits[o+w] & p.bits[w]
			nf += bits.OnesCount64(x)
			nx += bits.OnesCount64(x ^ p.bits[o+w])
		}
	}
	den := sqrtTab[nf] + sqrtTab[p.ones]
	if den == 0 {
		return 0
	}
	return 1 - sqrtTab[nx]/den
}

// Score compares a and b with c's scratch memory; see the function Score.
func (c *Comparer) Score(a, b *Prepared) float64 {
	nA, nB := a.Len(), b.Len()
	if nA == 0 || nB == 0 {
		return 0
	}
	c.keys = c.keys[:0]
	for i := range a.cyl {
		da := a.min[i].dir
		for j := range b.cyl {
			if d := int16(da - b.min[j].dir); d > maxDirDiff || d < -maxDirDiff {
				continue
			}
			if s := cylinderSimilarity(&a.cyl[i], &b.cyl[j]); s > 0 {
				c.keys = append(c.keys, pairKey(s, i, j))
			}
		}
	}
	nR := min(nA, nB)
	sel := c.topPairs(nR, nA, nB)
	if len(sel) == 0 {
		return 0
	}
	lam := c.relax(a, b, sel)
	nP := mccMinNP + int(math.Round(sigmoid(float64(nR), mccMuP, mccTauP)*(mccMaxNP-mccMinNP)))
	return c.consolidate(sel, lam, nP)
}

// pairKey packs a pair's similarity and indices into one integer whose
// descending order is by similarity, then by lower indices (a positive
// float32's bits order like the float).
func pairKey(s float32, i, j int) uint64 {
	return uint64(math.Float32bits(s))<<32 | uint64(0xffff-i)<<16 | uint64(0xffff-j)
}

func unpackPair(k uint64) pair {
	return pair{math.Float32frombits(uint32(k >> 32)), uint16(0xffff - (k>>16)&0xffff), uint16(0xffff - k&0xffff)}
}

// topPairs returns up to n pairs of highest local similarity, each minutia
// in at most one pair (LSS), best first; ties go to the lower indices.
// The keys are bucket-sorted by similarity and each bucket is sorted only
// when the selection reaches it.
func (c *Comparer) topPairs(n, nA, nB int) []pair {
	c.usedA = resetBools(c.usedA, nA)
	c.usedB = resetBools(c.usedB, nB)
	c.sel = c.sel[:0]
	var start [numBuckets + 1]int32
	for _, k := range c.keys {
		start[bucket(k)+1]++
	}
	for b := 1; b <= numBuckets; b++ {
		start[b] += start[b-1]
	}
	if cap(c.sorted) < len(c.keys) {
		c.sorted = make([]uint64, len(c.keys))
	}
	sorted := c.sorted[:len(c.keys)]
	fill := start
	for _, k := range c.keys {
		b := bucket(k)
		sorted[fill[b]] = k
		fill[b]++
	}
	for b := numBuckets - 1; b >= 0 && len(c.sel) < n; b-- {
		ks := sorted[start[b]:start[b+1]]
		slices.Sort(ks)
		for i := len(ks) - 1; i >= 0 && len(c.sel) < n; i-- {
			p := unpackPair(ks[i])
			if c.usedA[p.a] || c.usedB[p.b] {
				continue
			}
			c.usedA[p.a], c.usedB[p.b] = true, true
			c.sel = append(c.sel, p)
		}
	}
	return c.sel
}

const numBuckets = 1024

// bucket is a pair key's similarity in numBuckets steps of [0, 1].
func bucket(k uint64) int {
	b := int(math.Float32frombits(uint32(k>>32)) * numBuckets)
	return min(max(b, 0), numBuckets-1)
}

func resetBools(b []bool, n int) []bool {
	if cap(b) < n {
		return make([]bool, n)
	}
	b = b[:n]
	clear(b)
	return b
}

// relax runs the relaxation of LSS-R on the selected pairs and returns
// their relaxed similarities.
func (c *Comparer) relax(a, b *Prepared, sel []pair) []float32 {
	n := len(sel)
	if cap(c.rho) < n*n {
		c.rho = make([]float32, n*n)
	}
	rho := c.rho[:n*n]
	for t := 0; t < n; t++ {
		rho[t*n+t] = 0
		at, bt := int(sel[t].a), int(sel[t].b)
		for k := t + 1; k < n; k++ {
			ak, bk := int(sel[k].a), int(sel[k].b)
			r := compatibility(a, at, ak, b, bt, bk)
			rho[t*n+k], rho[k*n+t] = r, r
		}
	}
	for i := range c.lam {
		if cap(c.lam[i]) < n {
			c.lam[i] = make([]float32, n)
		}
		c.lam[i] = c.lam[i][:n]
	}
	cur, next := c.lam[0], c.lam[1]
	for t, p := range sel {
		cur[t] = p.s
	}
	if n == 1 {
		return cur
	}
	norm := float32(1-relW) / float32(n-1)
	for it := 0; it < relIter; it++ {
		for t := 0; t < n; t++ {
			row := rho[t*n : t*n+n]
			var s float32
			for k, r := range row {
				s += r * cur[k]
			}
			next[t] = relW*cur[t] + norm*s
		}
		cur, next = next, cur
	}
	return cur
}

// compatibility is ρ of the paper: how well the pair (at, bt) agrees with
// the pair (ak, bk) in distance, direction difference and radial angle.
func compatibility(a *Prepared, at, ak int, b *Prepared, bt, bk int) float32 {
	mat, mak, mbt, mbk := &a.min[at], &a.min[ak], &b.min[bt], &b.min[bk]
	dxA, dyA := float64(mak.x-mat.x), float64(mak.y-mat.y)
	dxB, dyB := float64(mbk.x-mbt.x), float64(mbk.y-mbt.y)
	d1 := math.Abs(math.Sqrt(dxA*dxA+dyA*dyA) - math.Sqrt(dxB*dxB+dyB*dyB))
	z1 := zDist(d1)
	if z1 == 0 {
		return 0
	}
	thA := angleDiff(float64(mat.theta), float64(mak.theta))
	thB := angleDiff(float64(mbt.theta), float64(mbk.theta))
	z2 := zAngle(math.Abs(angleDiff(thA, thB)))
	if z2 == 0 {
		return 0
	}
	rA := angleDiff(float64(mat.theta), atan2(dyA, dxA))
	rB := angleDiff(float64(mbt.theta), atan2(dyB, dxB))
	z3 := zAngle(math.Abs(angleDiff(rA, rB)))
	return z1 * z2 * z3
}

// consolidate picks the nP pairs whose similarity gained most in the
// relaxation (efficiency λ_final / λ_initial) and averages their relaxed
// similarity over nP.
func (c *Comparer) consolidate(sel []pair, lam []float32, nP int) float64 {
	c.eff = c.eff[:0]
	for t, p := range sel {
		c.eff = append(c.eff, effIndex{lam[t] / p.s, t})
	}
	slices.SortFunc(c.eff, func(x, y effIndex) int {
		switch {
		case x.eff > y.eff:
			return -1
		case x.eff < y.eff:
			return 1
		}
		return x.i - y.i
	})
	sum := 0.0
	for i := 0; i < nP && i < len(c.eff); i++ {
		sum += float64(lam[c.eff[i].i])
	}
	return sum / float64(nP)
}
