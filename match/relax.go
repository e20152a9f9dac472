package match

import "math"

// relaxation is the scratch memory of relax: the selected pairs' minutiae
// and the compatibility matrix as sparse rows (most entries are 0).
type relaxation struct {
	ma, mb []minutia
	rowLen []int32
	rowIdx []uint16  // row t's columns are rowIdx[t*n : t*n+rowLen[t]]
	rowVal []float32 // and their compatibilities
	lam    [2][]float32
}

// relax runs the relaxation of LSS-R on the selected pairs and returns
// their relaxed similarities. Each iteration sums a row's compatibility
// terms in column order, skipping those that are 0, which adds exactly
// what the dense sum adds.
func (r *relaxation) relax(a, b *Prepared, sel []pair) []float32 {
	n := len(sel)
	r.ma, r.mb = growMinutiae(r.ma, n), growMinutiae(r.mb, n)
	ma, mb := r.ma, r.mb
	for t, p := range sel {
		ma[t], mb[t] = a.min[p.a], b.min[p.b]
	}
	if cap(r.rowIdx) < n*n {
		r.rowIdx, r.rowVal = make([]uint16, n*n), make([]float32, n*n)
	}
	if cap(r.rowLen) < n {
		r.rowLen = make([]int32, n)
	}
	rowLen, rowIdx, rowVal := r.rowLen[:n], r.rowIdx[:n*n], r.rowVal[:n*n]
	clear(rowLen)
	// Row k receives its columns t < k while row t is filled, in
	// ascending t, then its own columns above k: each row is in order.
	for t := range n {
		mat, mbt := &ma[t], &mb[t]
		for k := t + 1; k < n; k++ {
			rho := compatibility(mat, &ma[k], mbt, &mb[k])
			if rho == 0 {
				continue
			}
			e := t*n + int(rowLen[t])
			rowIdx[e], rowVal[e] = uint16(k), rho
			rowLen[t]++
			e = k*n + int(rowLen[k])
			rowIdx[e], rowVal[e] = uint16(t), rho
			rowLen[k]++
		}
	}
	for i := range r.lam {
		if cap(r.lam[i]) < n {
			r.lam[i] = make([]float32, n)
		}
		r.lam[i] = r.lam[i][:n]
	}
	cur, next := r.lam[0], r.lam[1]
	for t, p := range sel {
		cur[t] = p.s
	}
	if n == 1 {
		return cur
	}
	norm := float32(1-relW) / float32(n-1)
	for range relIter {
		for t := range n {
			idx := rowIdx[t*n : t*n+int(rowLen[t])]
			val := rowVal[t*n : t*n+len(idx)]
			var s float32
			for e, k := range idx {
				s += val[e] * cur[k]
			}
			next[t] = relW*cur[t] + norm*s
		}
		cur, next = next, cur
	}
	return cur
}

func growMinutiae(m []minutia, n int) []minutia {
	if cap(m) < n {
		return make([]minutia, n)
	}
	return m[:n]
}

// compatibility is ρ of the paper: how well the pair (at, bt) agrees with
// the pair (ak, bk) in distance, direction difference and radial angle.
func compatibility(mat, mak, mbt, mbk *minutia) float32 {
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
