package match

import (
	"math"
	"math/bits"
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
	order  []uint16 // b's cylinder indices, whole discs first
	dirs   []uint16 // their directions
	cand   []uint16 // those within δθ of the current cylinder of a
	sorted []uint64
	start  []int32 // buckets of sortKeysDescending
	sel    []pair
	usedA  []bool
	usedB  []bool
	relaxation
	eff []effIndex
}

// pairSimilarities fills c.keys with the pairKey of every pair of
// cylinders of a and b whose directions differ by at most δθ and whose
// similarity is positive, in no particular order. b's cylinders are taken
// whole discs first, then the others, so that each kernel runs in a loop of
// its own without unpredictable branches.
func (c *Comparer) pairSimilarities(a, b *Prepared) {
	keys := c.keys[:0]
	nB := len(b.cyl)
	c.order = growUint16(c.order, nB)
	c.dirs = growUint16(c.dirs, nB)
	c.cand = growUint16(c.cand, nB)
	nFull := 0
	for j := range b.cyl {
		if b.cyl[j].full {
			c.order[nFull], c.dirs[nFull] = uint16(j), b.min[j].dir
			nFull++
		}
	}
	n := nFull
	for j := range b.cyl {
		if !b.cyl[j].full {
			c.order[n], c.dirs[n] = uint16(j), b.min[j].dir
			n++
		}
	}
	order, dirs, cand := c.order[:nB], c.dirs[:nB], c.cand[:nB]
	for i := range a.cyl {
		ca := &a.cyl[i]
		da := a.min[i].dir
		// cand[:candFull] are the whole discs within δθ, cand[nFull:candPart]
		// the others.
		candFull, candPart := 0, nFull
		for x, j := range order[:nFull] {
			cand[candFull] = j
			candFull += withinDelta(da, dirs[x])
		}
		for x := nFull; x < nB; x++ {
			cand[candPart] = order[x]
			candPart += withinDelta(da, dirs[x])
		}
		if ca.full {
			for _, j := range cand[:candFull] {
				keys = addPair(keys, fullFullSimilarity(ca, &b.cyl[j]), i, int(j))
			}
			for _, j := range cand[nFull:candPart] {
				keys = addPair(keys, fullPartialSimilarity(ca, &b.cyl[j]), i, int(j))
			}
		} else {
			for _, j := range cand[:candFull] {
				keys = addPair(keys, fullPartialSimilarity(&b.cyl[j], ca), i, int(j))
			}
			for _, j := range cand[nFull:candPart] {
				keys = addPair(keys, partialSimilarity(ca, &b.cyl[j]), i, int(j))
			}
		}
	}
	c.keys = keys
}

// addPair appends the key of the pair (i, j) to keys when its similarity
// s is positive.
func addPair(keys []uint64, s float32, i, j int) []uint64 {
	if s > 0 {
		keys = append(keys, pairKey(s, i, j))
	}
	return keys
}

// withinDelta is 1 when the directions a and b (1/65536 turns) differ by at
// most δθ, else 0, computed without a branch.
func withinDelta(a, b uint16) int {
	// x is in [0, 2δθ] when within, and beyond it, or above 2^31 when the
	// sum is negative, otherwise.
	x := uint64(uint32(int32(int16(a-b)) + int32(maxDirDiff)))
	return int((x - (2*uint64(maxDirDiff) + 1)) >> 63)
}

func growUint16(s []uint16, n int) []uint16 {
	if cap(s) < n {
		return make([]uint16, n)
	}
	return s[:n]
}

type pair struct {
	s    float32
	a, b uint16
}

type effIndex struct {
	eff float32
	i   int
}

// Score compares a and b with c's scratch memory; see the function Score.
func (c *Comparer) Score(a, b *Prepared) float64 {
	nA, nB := a.Len(), b.Len()
	if nA == 0 || nB == 0 {
		return 0
	}
	c.pairSimilarities(a, b)
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
// The keys are sorted in descending order by a counting sort on their
// similarity's bits (a positive float32's bits order like the float),
// finished by an insertion sort within the buckets; the result is the
// order of a full sort of the keys.
func (c *Comparer) topPairs(n, nA, nB int) []pair {
	c.usedA = resetBools(c.usedA, nA)
	c.usedB = resetBools(c.usedB, nB)
	c.sel = c.sel[:0]
	sorted := c.sortKeysDescending()
	for _, k := range sorted {
		a, b := keyIndices(k)
		if c.usedA[a] || c.usedB[b] {
			continue
		}
		c.usedA[a], c.usedB[b] = true, true
		c.sel = append(c.sel, unpackPair(k))
		if len(c.sel) == n {
			break
		}
	}
	return c.sel
}

// sortKeysDescending returns c.keys sorted in descending order, in
// c.sorted.
func (c *Comparer) sortKeysDescending() []uint64 {
	keys := c.keys
	if cap(c.sorted) < len(keys) {
		c.sorted = make([]uint64, len(keys))
	}
	sorted := c.sorted[:len(keys)]
	if len(keys) == 0 {
		return sorted
	}
	hi, lo := uint32(0), uint32(math.MaxUint32)
	for _, k := range keys {
		s := uint32(k >> 32)
		hi, lo = max(hi, s), min(lo, s)
	}
	// About one bucket per key; bucket 0 holds the highest similarities.
	buckets := 2 << bits.Len(uint(len(keys)))
	shift := 0
	for (hi-lo)>>shift >= uint32(buckets) {
		shift++
	}
	if cap(c.start) < buckets+1 {
		c.start = make([]int32, buckets+1)
	}
	start := c.start[:buckets+1]
	clear(start)
	for _, k := range keys {
		start[(hi-uint32(k>>32))>>shift+1]++
	}
	for b := 1; b <= buckets; b++ {
		start[b] += start[b-1]
	}
	for _, k := range keys {
		b := (hi - uint32(k>>32)) >> shift
		sorted[start[b]] = k
		start[b]++
	}
	// Keys are now in order across buckets; order each bucket.
	for i := 1; i < len(sorted); i++ {
		k := sorted[i]
		j := i
		for ; j > 0 && sorted[j-1] < k; j-- {
			sorted[j] = sorted[j-1]
		}
		sorted[j] = k
	}
	return sorted
}

// keyIndices returns the cylinder indices of a pair key.
func keyIndices(k uint64) (a, b uint16) {
	return uint16(0xffff - (k>>16)&0xffff), uint16(0xffff - k&0xffff)
}

func resetBools(b []bool, n int) []bool {
	if cap(b) < n {
		return make([]bool, n)
	}
	b = b[:n]
	clear(b)
	return b
}

// consolidate picks the nP pairs whose similarity gained most in the
// relaxation (efficiency λ_final / λ_initial; ties to the lower index) and
// averages their relaxed similarity over nP. The nP best are kept in order
// by insertion as the pairs are visited, which gives the order of a full
// sort.
func (c *Comparer) consolidate(sel []pair, lam []float32, nP int) float64 {
	best := c.eff[:0]
	for t, p := range sel {
		e := effIndex{lam[t] / p.s, t}
		if len(best) < nP {
			best = append(best, e)
		} else if e.before(best[nP-1]) {
			best[nP-1] = e
		} else {
			continue
		}
		for j := len(best) - 1; j > 0 && best[j].before(best[j-1]); j-- {
			best[j], best[j-1] = best[j-1], best[j]
		}
	}
	c.eff = best
	sum := 0.0
	for _, e := range best {
		sum += float64(lam[e.i])
	}
	return sum / float64(nP)
}

// before reports whether x ranks before y in consolidate.
func (x effIndex) before(y effIndex) bool {
	return x.eff > y.eff || x.eff == y.eff && x.i < y.i
}
