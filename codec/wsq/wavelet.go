package wsq

import "sync"

// Two-channel subband filtering (IAFIS-IC-0110 Part 1, "Wavelet transform":
// symmetric extension of finite-length signals, analysis and synthesis
// filter banks, spectral inversion).
//
// The symmetric extension rules differ for odd- and even-length filters and
// for odd- and even-length signals. Rather than evaluating them per sample,
// a one-dimensional transform of a given length is compiled once into a plan:
// for each output sample, the ordered list of (input index, weight) terms.
// Evaluation then sums x[index]*weight in list order, in single precision,
// which is the same order and precision as the NBIS reference
// implementation; that is what makes decoded pixels bit-exact.

// A plan maps n input samples to n output samples.
type plan struct {
	n     int
	start []int32   // terms of output k are idx/w[start[k]:start[k+1]]
	idx   []int32   // input index of each term
	w     []float32 // weight of each term

	// Interior segments, where outputs follow a regular pattern and are
	// evaluated without index tables.
	segs []segment
}

// planBuilder accumulates the terms of each output while a filter walk runs.
// Output k owns terms[k*stride : k*stride+count[k]].
type planBuilder struct {
	n, stride int
	terms     []term
	count     []int32
	set       []bool
	err       bool
}

type term struct {
	idx int32
	w   float32
}

// builderPool recycles the scratch space of plan builders.
var builderPool sync.Pool

// newPlanBuilder makes a builder for n outputs of at most maxTerms terms.
func newPlanBuilder(n, maxTerms int) *planBuilder {
	b, _ := builderPool.Get().(*planBuilder)
	if b == nil {
		b = new(planBuilder)
	}
	b.n, b.stride, b.err = n, maxTerms, false
	// Terms are written before they are read; counts and flags start clear.
	b.terms = resize(b.terms, n*maxTerms)
	b.count = resize(b.count, n)
	b.set = resize(b.set, n)
	clear(b.count)
	clear(b.set)
	return b
}

// resize returns s with length n, reallocated if its capacity is short.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// assign starts output k afresh with the term x[i]*w.
func (b *planBuilder) assign(k, i, lo, hi int, w float32) {
	if k < 0 || k >= b.n || i < lo || i > hi {
		b.err = true
		return
	}
	b.terms[k*b.stride] = term{int32(i), w}
	b.count[k] = 1
	b.set[k] = true
}

// add adds the term x[i]*w to output k. A zero weight adds nothing.
func (b *planBuilder) add(k, i, lo, hi int, w float32) {
	if k < 0 || k >= b.n || i < lo || i > hi || int(b.count[k]) >= b.stride {
		b.err = true
		return
	}
	if w == 0 {
		return
	}
	b.terms[k*b.stride+int(b.count[k])] = term{int32(i), w}
	b.count[k]++
}

func (b *planBuilder) finish(preset int) (*plan, bool) {
	if b.err {
		return nil, false
	}
	p := &plan{n: b.n, start: make([]int32, b.n+1)}
	total := 0
	for k, c := range b.count {
		if !b.set[k] && k >= preset {
			return nil, false // never written: the walk does not cover it
		}
		if c == 0 {
			b.terms[k*b.stride] = term{0, 0}
			b.count[k] = 1
		}
		total += int(b.count[k])
	}
	p.idx = make([]int32, 0, total)
	p.w = make([]float32, 0, total)
	for k, c := range b.count {
		p.start[k] = int32(len(p.idx))
		for _, t := range b.terms[k*b.stride : k*b.stride+int(c)] {
			p.idx = append(p.idx, t.idx)
			p.w = append(p.w, t.w)
		}
	}
	p.start[b.n] = int32(len(p.idx))
	builderPool.Put(b)
	return p, true
}

// A segment is a run of outputs [lo, hi) that repeat with some period:
// output phase.k0 + period*m reads input step*m + off[j] with weight w[j].
type segment struct {
	lo, hi int
	phases []phase
	step   int
}

type phase struct {
	k0  int
	off []int32
	w   []float32
}

// findSegments finds the runs of outputs whose terms repeat with the given
// period, each repetition reading inputs shifted by step: period 2 and step
// 1 for synthesis (interleaved outputs), period 1 and step 2 for analysis.
func (p *plan) findSegments(period, step int) {
	same := func(k int) bool {
		a0, a1 := p.start[k-period], p.start[k-period+1]
		b0, b1 := p.start[k], p.start[k+1]
		if a1-a0 != b1-b0 {
			return false
		}
		for j := int32(0); j < a1-a0; j++ {
			if p.w[a0+j] != p.w[b0+j] || p.idx[b0+j] != p.idx[a0+j]+int32(step) {
				return false
			}
		}
		return true
	}
	prevEnd := 0
	for k := period; k < p.n; {
		if !same(k) {
			k++
			continue
		}
		j := k
		for j < p.n && same(j) {
			j++
		}
		lo := max(k-period, prevEnd)
		if j-lo >= 4*period {
			if seg, ok := p.makeSegment(lo, j, period, step); ok {
				p.segs = append(p.segs, seg)
				prevEnd = j
			}
		}
		k = j
	}
}

func (p *plan) makeSegment(lo, hi, period, step int) (segment, bool) {
	seg := segment{lo: lo, hi: hi, step: step}
	for ph := 0; ph < period; ph++ {
		k0 := lo + ph
		s, e := p.start[k0], p.start[k0+1]
		off := append([]int32(nil), p.idx[s:e]...)
		count := (hi - 1 - k0) / period // last m
		for _, o := range off {
			if o < 0 || int(o)+step*count >= p.n {
				return seg, false
			}
		}
		seg.phases = append(seg.phases, phase{k0: k0, off: off, w: p.w[s:e:e]})
	}
	return seg, true
}

// synthesisPlan compiles the inverse transform of one line of n samples
// (Part 1, "Reconstruction" / synthesis filter bank): the first half of the
// input holds the low-pass samples and the second the high-pass ones, or the
// reverse when inv (spectral inversion) is set. lo and hi are the synthesis
// filters as read from the DTT segment. It reports false when the line is
// too short for the filters.
func synthesisPlan(n int, lo, hi []float32, inv bool) (*plan, bool) {
	if n < 2 || len(lo) == 0 || len(hi) == 0 {
		return nil, false
	}
	lsz, hsz := len(lo), len(hi)
	oddLen := n%2 == 1
	var llen, hlen int
	if oddLen {
		llen = (n + 1) / 2
		hlen = llen - 1
	} else {
		llen, hlen = n/2, n/2
	}
	h := append([]float32(nil), hi...)
	var (
		asym                   bool
		ssfac                  float32
		ofhre                  int
		loc, hoc, lotap, hotap int
		olle, olre, ohle, ohre bool
	)
	if lsz%2 == 1 { // odd-length (whole-sample symmetric) filters
		ssfac, ofhre = 1, 0
		loc, hoc = (lsz-1)/4, (hsz+1)/4-1
		lotap, hotap = ((lsz-1)/2)%2, ((hsz+1)/2)%2
		if oddLen {
			olle, olre, ohle, ohre = false, false, true, true
		} else {
			olle, olre, ohle, ohre = false, true, true, false
		}
	} else { // even-length (half-sample symmetric / antisymmetric) filters
		asym, ssfac, ofhre = true, -1, 2
		loc, hoc = lsz/4-1, hsz/4-1
		lotap, hotap = (lsz/2)%2, (hsz/2)%2
		if oddLen {
			olle, olre, ohle, ohre = true, false, true, true
		} else {
			olle, olre, ohle, ohre = true, true, true, true
		}
		if loc == -1 {
			loc, olle = 0, false
		}
		if hoc == -1 {
			hoc, ohle = 0, false
		}
		for i := range h {
			h[i] = -h[i]
		}
	}
	lp0, hp0 := 0, llen
	if inv {
		hp0, lp0 = 0, hlen
	}
	lp1, hp1 := lp0+llen-1, hp0+hlen-1

	b := newPlanBuilder(n, lsz+hsz)
	out := 0 // next output of the low-pass walk
	hout := 0
	lspx, lspxstr := lp0+loc, -1
	hspx, hspxstr := hp0+hoc, -1
	lle2, lre2, hle2, hre2 := olle, olre, ohle, ohre
	osfac := ssfac
	fhre := 0

	// loTaps writes one output from the low-pass band, starting at the
	// current low-pass position with filter tap t and every other tap after.
	loTaps := func(t int) {
		lle, lre := lle2, lre2
		px, str := lspx, lspxstr
		b.assign(out, px, lp0, lp1, lo[t])
		for i := t + 2; i < lsz; i += 2 {
			if px == lp0 {
				if lle {
					str, lle = 0, false
				} else {
					str = 1
				}
			}
			if px == lp1 {
				if lre {
					str, lre = 0, false
				} else {
					str = -1
				}
			}
			px += str
			b.add(out, px, lp0, lp1, lo[i])
		}
		out++
	}
	hiTaps := func(t int, resetFhre bool) {
		hle, hre := hle2, hre2
		px, str := hspx, hspxstr
		if resetFhre {
			fhre = ofhre
		}
		sfac := osfac
		for i := t; i < hsz; i += 2 {
			if px == hp0 {
				if hle {
					str, hle = 0, false
				} else {
					str, sfac = 1, 1
				}
			}
			if px == hp1 {
				if hre {
					str, hre = 0, false
					if asym && oddLen {
						hre = true
						fhre--
						sfac = float32(fhre)
						if sfac == 0 {
							hre = false
						}
					}
				} else {
					str = -1
					if asym {
						sfac = -1
					}
				}
			}
			b.add(hout, px, hp0, hp1, h[i]*sfac)
			px += str
		}
		hout++
	}

	lstap, hstap := lotap, hotap
	for pix := 0; pix < hlen; pix++ {
		for t := lstap; t >= 0; t-- {
			loTaps(t)
		}
		if lspx == lp0 {
			if lle2 {
				lspxstr, lle2 = 0, false
			} else {
				lspxstr = 1
			}
		}
		lspx += lspxstr
		lstap = 1
		for t := hstap; t >= 0; t-- {
			hiTaps(t, true)
		}
		if hspx == hp0 {
			if hle2 {
				hspxstr, hle2 = 0, false
			} else {
				hspxstr, osfac = 1, 1
			}
		}
		hspx += hspxstr
		hstap = 1
	}
	switch {
	case oddLen && lotap == 1:
		lstap = 1
	case oddLen:
		lstap = 0
	case lotap == 1:
		lstap = 2
	default:
		lstap = 1
	}
	for t := 1; t >= lstap; t-- {
		loTaps(t)
	}
	if oddLen {
		hstap = 0
		if hotap == 1 {
			hstap = 1
		}
		if hsz == 2 {
			hspx -= hspxstr
			fhre = 1
		}
	} else {
		hstap = 1
		if hotap == 1 {
			hstap = 2
		}
	}
	for t := 1; t >= hstap; t-- {
		hiTaps(t, hsz != 2)
	}
	// The reference clears the first two outputs before the walk.
	p, ok := b.finish(2)
	if ok {
		p.findSegments(2, 1)
	}
	return p, ok
}

// analysisPlan compiles the forward transform of one line of n samples
// (Part 1, analysis filter bank): outputs are the low-pass samples followed
// by the high-pass ones, or the reverse when inv is set.
func analysisPlan(n int, lo, hi []float32, inv bool) (*plan, bool) {
	if n < 2 || len(lo) == 0 || len(hi) == 0 {
		return nil, false
	}
	lsz, hsz := len(lo), len(hi)
	oddLen := n%2 == 1
	h := append([]float32(nil), hi...)
	var loc, hoc int
	var olle, olre, ohle, ohre bool
	if lsz%2 == 1 {
		loc, hoc = (lsz-1)/2, (hsz-1)/2-1
	} else {
		loc, hoc = lsz/2-2, hsz/2-2
		olle, olre, ohle, ohre = true, true, true, true
		if loc == -1 {
			loc, olle = 0, false
		}
		if hoc == -1 {
			hoc, ohle = 0, false
		}
		for i := range h {
			h[i] = -h[i]
		}
	}
	var llen, hlen int
	if oddLen {
		llen = (n + 1) / 2
		hlen = llen - 1
	} else {
		llen, hlen = n/2, n/2
	}
	lout, hout := 0, llen
	if inv {
		hout, lout = 0, hlen
	}
	p0, p1 := 0, n-1
	b := newPlanBuilder(n, max(lsz, hsz))
	lspx, lspxstr, lle2, lre2 := loc, -1, olle, olre
	hspx, hspxstr, hle2, hre2 := hoc, -1, ohle, ohre

	walk := func(k, start, str int, le, re bool, f []float32) {
		px := start
		b.assign(k, px, p0, p1, f[0])
		for i := 1; i < len(f); i++ {
			if px == p0 {
				if le {
					str, le = 0, false
				} else {
					str = 1
				}
			}
			if px == p1 {
				if re {
					str, re = 0, false
				} else {
					str = -1
				}
			}
			px += str
			b.add(k, px, p0, p1, f[i])
		}
	}
	for pix := 0; pix < hlen; pix++ {
		walk(lout, lspx, lspxstr, lle2, lre2, lo)
		lout++
		walk(hout, hspx, hspxstr, hle2, hre2, h)
		hout++
		for i := 0; i < 2; i++ {
			if lspx == p0 {
				if lle2 {
					lspxstr, lle2 = 0, false
				} else {
					lspxstr = 1
				}
			}
			lspx += lspxstr
			if hspx == p0 {
				if hle2 {
					hspxstr, hle2 = 0, false
				} else {
					hspxstr = 1
				}
			}
			hspx += hspxstr
		}
	}
	if oddLen {
		walk(lout, lspx, lspxstr, lle2, lre2, lo)
	}
	p, ok := b.finish(0)
	if ok {
		p.findSegments(1, 2)
	}
	return p, ok
}
