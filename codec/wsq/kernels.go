package wsq

// Evaluation of filter plans over image regions. Every output is the sum of
// its terms in plan order, each product rounded to single precision before
// it is added (the explicit float32 conversions also keep the compiler from
// fusing multiply-adds), which reproduces the reference arithmetic exactly.
// The unrolled kernels cover the 7/9 filter bank; other filters take the
// general loops.

// rows applies p along each of the h rows of a w-wide region (w == p.n):
// dst[y*dstride+k] = sum over terms of src[y*sstride+idx]*weight.
func (p *plan) rows(dst []float32, dstride int, src []float32, sstride int, h int) {
	for y := 0; y < h; y++ {
		p.line(dst[y*dstride:y*dstride+p.n], src[y*sstride:y*sstride+p.n])
	}
}

// line evaluates the plan on one contiguous line.
func (p *plan) line(d, s []float32) {
	_ = d[p.n-1]
	_ = s[p.n-1]
	general := func(k0, k1 int) {
		for k := k0; k < k1; k++ {
			a, e := p.start[k], p.start[k+1]
			idx, w := p.idx[a:e], p.w[a:e]
			v := s[idx[0]] * w[0]
			for j := 1; j < len(idx); j++ {
				v += float32(s[idx[j]] * w[j])
			}
			d[k] = v
		}
	}
	k := 0
	for i := range p.segs {
		sg := &p.segs[i]
		general(k, sg.lo)
		if len(sg.phases) == 2 && sg.step == 1 && len(sg.phases[0].off) == 7 && len(sg.phases[1].off) == 9 {
			interleaved79(d, s, sg)
		} else {
			for _, ph := range sg.phases {
				interior(d, s, ph.k0, sg.hi, len(sg.phases), sg.step, ph.off, ph.w)
			}
		}
		k = sg.hi
	}
	general(k, p.n)
}

// stride2 evaluates contiguous outputs d[m] that read s[2m+off[j]], for the
// 7- and 9-tap analysis filters.
func stride2(d, s []float32, off []int32, w []float32) {
	n := 2*(len(d)-1) + 1
	var t [9][]float32
	for j, o := range off {
		t[j] = s[o:][:n:n]
	}
	if len(off) == 9 {
		a0, a1, a2, a3, a4, a5, a6, a7, a8 := t[0], t[1][:n], t[2][:n], t[3][:n], t[4][:n], t[5][:n], t[6][:n], t[7][:n], t[8][:n]
		w0, w1, w2, w3, w4, w5, w6, w7, w8 := w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], w[8]
		for i := 0; i < len(a0); i += 2 {
			v := a0[i] * w0
			v += float32(a1[i] * w1)
			v += float32(a2[i] * w2)
			v += float32(a3[i] * w3)
			v += float32(a4[i] * w4)
			v += float32(a5[i] * w5)
			v += float32(a6[i] * w6)
			v += float32(a7[i] * w7)
			v += float32(a8[i] * w8)
			d[i>>1] = v
		}
		return
	}
	a0, a1, a2, a3, a4, a5, a6 := t[0], t[1][:n], t[2][:n], t[3][:n], t[4][:n], t[5][:n], t[6][:n]
	w0, w1, w2, w3, w4, w5, w6 := w[0], w[1], w[2], w[3], w[4], w[5], w[6]
	for i := 0; i < len(a0); i += 2 {
		v := a0[i] * w0
		v += float32(a1[i] * w1)
		v += float32(a2[i] * w2)
		v += float32(a3[i] * w3)
		v += float32(a4[i] * w4)
		v += float32(a5[i] * w5)
		v += float32(a6[i] * w6)
		d[i>>1] = v
	}
}

// contiguous reports whether off holds consecutive indices.
func contiguous(off []int32) bool {
	for j := range off {
		if off[j] != off[0]+int32(j) {
			return false
		}
	}
	return true
}

// window9 evaluates contiguous outputs d[m] = sum of s[2m+j]*w[j] over the
// nine taps j, the interior of a 9-tap analysis filter. Two outputs per
// iteration, addressed from one window, keep the loop short of registers.
func window9(d, s []float32, w []float32) {
	w0, w1, w2, w3, w4, w5, w6, w7, w8 := w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], w[8]
	m := 0
	for ; m+1 < len(d); m += 2 {
		x := (*[11]float32)(s[2*m:])
		v := x[0] * w0
		u := x[2] * w0
		v += float32(x[1] * w1)
		u += float32(x[3] * w1)
		v += float32(x[2] * w2)
		u += float32(x[4] * w2)
		v += float32(x[3] * w3)
		u += float32(x[5] * w3)
		v += float32(x[4] * w4)
		u += float32(x[6] * w4)
		v += float32(x[5] * w5)
		u += float32(x[7] * w5)
		v += float32(x[6] * w6)
		u += float32(x[8] * w6)
		v += float32(x[7] * w7)
		u += float32(x[9] * w7)
		v += float32(x[8] * w8)
		u += float32(x[10] * w8)
		p := (*[2]float32)(d[m:])
		p[0], p[1] = v, u
	}
	if m < len(d) {
		x := (*[9]float32)(s[2*m:])
		v := x[0] * w0
		v += float32(x[1] * w1)
		v += float32(x[2] * w2)
		v += float32(x[3] * w3)
		v += float32(x[4] * w4)
		v += float32(x[5] * w5)
		v += float32(x[6] * w6)
		v += float32(x[7] * w7)
		v += float32(x[8] * w8)
		d[m] = v
	}
}

// window7 is window9 for seven taps.
func window7(d, s []float32, w []float32) {
	w0, w1, w2, w3, w4, w5, w6 := w[0], w[1], w[2], w[3], w[4], w[5], w[6]
	m := 0
	for ; m+1 < len(d); m += 2 {
		x := (*[9]float32)(s[2*m:])
		v := x[0] * w0
		u := x[2] * w0
		v += float32(x[1] * w1)
		u += float32(x[3] * w1)
		v += float32(x[2] * w2)
		u += float32(x[4] * w2)
		v += float32(x[3] * w3)
		u += float32(x[5] * w3)
		v += float32(x[4] * w4)
		u += float32(x[6] * w4)
		v += float32(x[5] * w5)
		u += float32(x[7] * w5)
		v += float32(x[6] * w6)
		u += float32(x[8] * w6)
		p := (*[2]float32)(d[m:])
		p[0], p[1] = v, u
	}
	if m < len(d) {
		x := (*[7]float32)(s[2*m:])
		v := x[0] * w0
		v += float32(x[1] * w1)
		v += float32(x[2] * w2)
		v += float32(x[3] * w3)
		v += float32(x[4] * w4)
		v += float32(x[5] * w5)
		v += float32(x[6] * w6)
		d[m] = v
	}
}

// interleaved79 evaluates a synthesis segment whose even outputs have 7
// terms and odd outputs 9 (the 7/9 filter bank), both phases in one loop.
func interleaved79(d, s []float32, sg *segment) {
	e, o := &sg.phases[0], &sg.phases[1]
	n := (sg.hi - e.k0) / 2 // pairs of outputs
	if n > 0 {
		a0, a1, a2, a3, a4, a5, a6 := s[e.off[0]:][:n], s[e.off[1]:][:n], s[e.off[2]:][:n], s[e.off[3]:][:n], s[e.off[4]:][:n], s[e.off[5]:][:n], s[e.off[6]:][:n]
		b0, b1, b2, b3, b4, b5, b6, b7, b8 := s[o.off[0]:][:n], s[o.off[1]:][:n], s[o.off[2]:][:n], s[o.off[3]:][:n], s[o.off[4]:][:n], s[o.off[5]:][:n], s[o.off[6]:][:n], s[o.off[7]:][:n], s[o.off[8]:][:n]
		u0, u1, u2, u3, u4, u5, u6 := e.w[0], e.w[1], e.w[2], e.w[3], e.w[4], e.w[5], e.w[6]
		v0, v1, v2, v3, v4, v5, v6, v7, v8 := o.w[0], o.w[1], o.w[2], o.w[3], o.w[4], o.w[5], o.w[6], o.w[7], o.w[8]
		dd := d[e.k0:][: 2*n : 2*n]
		for m := range a0 {
			x := a0[m] * u0
			x += float32(a1[m] * u1)
			x += float32(a2[m] * u2)
			x += float32(a3[m] * u3)
			x += float32(a4[m] * u4)
			x += float32(a5[m] * u5)
			x += float32(a6[m] * u6)
			y := b0[m] * v0
			y += float32(b1[m] * v1)
			y += float32(b2[m] * v2)
			y += float32(b3[m] * v3)
			y += float32(b4[m] * v4)
			y += float32(b5[m] * v5)
			y += float32(b6[m] * v6)
			y += float32(b7[m] * v7)
			y += float32(b8[m] * v8)
			p := dd[2*m : 2*m+2 : 2*m+2]
			p[0], p[1] = x, y
		}
	}
	if k := e.k0 + 2*n; k < sg.hi {
		// One even output is left; it reads s[n+off].
		interior(d, s[n:], k, sg.hi, 2, 1, e.off, e.w)
	}
}

// interior evaluates outputs k = k0 + period*m < k1, where output k reads
// s[step*m + off[j]]. Common term counts get unrolled loops.
func interior(d, s []float32, k0, k1, period, step int, off []int32, w []float32) {
	cnt := (k1-1-k0)/period + 1
	if cnt <= 0 {
		return
	}
	d = d[k0:]
	if step == 2 && period == 1 && (len(off) == 7 || len(off) == 9) {
		if contiguous(off) {
			s = s[off[0]:]
			if len(off) == 9 {
				window9(d[:cnt], s, w)
			} else {
				window7(d[:cnt], s, w)
			}
			return
		}
		stride2(d[:cnt], s, off, w)
		return
	}
	switch len(off) {
	case 3:
		s0, s1, s2 := s[off[0]:], s[off[1]:], s[off[2]:]
		w0, w1, w2 := w[0], w[1], w[2]
		for m := 0; m < cnt; m++ {
			i := step * m
			v := s0[i] * w0
			v += float32(s1[i] * w1)
			v += float32(s2[i] * w2)
			d[period*m] = v
		}
	case 4:
		s0, s1, s2, s3 := s[off[0]:], s[off[1]:], s[off[2]:], s[off[3]:]
		w0, w1, w2, w3 := w[0], w[1], w[2], w[3]
		for m := 0; m < cnt; m++ {
			i := step * m
			v := s0[i] * w0
			v += float32(s1[i] * w1)
			v += float32(s2[i] * w2)
			v += float32(s3[i] * w3)
			d[period*m] = v
		}
	case 7:
		s0, s1, s2, s3, s4, s5, s6 := s[off[0]:], s[off[1]:], s[off[2]:], s[off[3]:], s[off[4]:], s[off[5]:], s[off[6]:]
		w0, w1, w2, w3, w4, w5, w6 := w[0], w[1], w[2], w[3], w[4], w[5], w[6]
		for m := 0; m < cnt; m++ {
			i := step * m
			v := s0[i] * w0
			v += float32(s1[i] * w1)
			v += float32(s2[i] * w2)
			v += float32(s3[i] * w3)
			v += float32(s4[i] * w4)
			v += float32(s5[i] * w5)
			v += float32(s6[i] * w6)
			d[period*m] = v
		}
	case 8:
		s0, s1, s2, s3, s4, s5, s6, s7 := s[off[0]:], s[off[1]:], s[off[2]:], s[off[3]:], s[off[4]:], s[off[5]:], s[off[6]:], s[off[7]:]
		w0, w1, w2, w3, w4, w5, w6, w7 := w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]
		for m := 0; m < cnt; m++ {
			i := step * m
			v := s0[i] * w0
			v += float32(s1[i] * w1)
			v += float32(s2[i] * w2)
			v += float32(s3[i] * w3)
			v += float32(s4[i] * w4)
			v += float32(s5[i] * w5)
			v += float32(s6[i] * w6)
			v += float32(s7[i] * w7)
			d[period*m] = v
		}
	case 9:
		s0, s1, s2, s3, s4, s5, s6, s7, s8 := s[off[0]:], s[off[1]:], s[off[2]:], s[off[3]:], s[off[4]:], s[off[5]:], s[off[6]:], s[off[7]:], s[off[8]:]
		w0, w1, w2, w3, w4, w5, w6, w7, w8 := w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], w[8]
		for m := 0; m < cnt; m++ {
			i := step * m
			v := s0[i] * w0
			v += float32(s1[i] * w1)
			v += float32(s2[i] * w2)
			v += float32(s3[i] * w3)
			v += float32(s4[i] * w4)
			v += float32(s5[i] * w5)
			v += float32(s6[i] * w6)
			v += float32(s7[i] * w7)
			v += float32(s8[i] * w8)
			d[period*m] = v
		}
	default:
		for m := 0; m < cnt; m++ {
			i := step * m
			v := s[i+int(off[0])] * w[0]
			for j := 1; j < len(off); j++ {
				v += float32(s[i+int(off[j])] * w[j])
			}
			d[period*m] = v
		}
	}
}

// cols applies p down each of the w columns of a region (h == p.n):
// dst row k = sum over terms of src row idx * weight, element by element in
// term order, which gives the same result as filtering column by column.
func (p *plan) cols(dst []float32, dstride int, src []float32, sstride int, w int) {
	var rows [9][]float32
	for k := 0; k < p.n; k++ {
		a, e := p.start[k], p.start[k+1]
		d := dst[k*dstride : k*dstride+w]
		idx, wt := p.idx[a:e], p.w[a:e]
		if len(idx) > len(rows) {
			colsGeneral(d, src, sstride, idx, wt)
			continue
		}
		r := rows[:len(idx)]
		for j, i := range idx {
			r[j] = src[int(i)*sstride : int(i)*sstride+w]
		}
		colsTerms(d, r, wt)
	}
}

func colsGeneral(d, src []float32, sstride int, idx []int32, wt []float32) {
	w := len(d)
	r0 := src[int(idx[0])*sstride : int(idx[0])*sstride+w]
	for x := range d {
		d[x] = r0[x] * wt[0]
	}
	for j := 1; j < len(idx); j++ {
		r := src[int(idx[j])*sstride : int(idx[j])*sstride+w]
		c := wt[j]
		for x := range d {
			d[x] += float32(r[x] * c)
		}
	}
}

// colsTerms sets d[x] to the ordered sum of r[j][x]*wt[j].
func colsTerms(d []float32, r [][]float32, wt []float32) {
	n := len(d)
	switch len(r) {
	case 7:
		r0, r1, r2, r3, r4, r5, r6 := r[0][:n], r[1][:n], r[2][:n], r[3][:n], r[4][:n], r[5][:n], r[6][:n]
		c0, c1, c2, c3, c4, c5, c6 := wt[0], wt[1], wt[2], wt[3], wt[4], wt[5], wt[6]
		for x := range d {
			v := r0[x] * c0
			v += float32(r1[x] * c1)
			v += float32(r2[x] * c2)
			v += float32(r3[x] * c3)
			v += float32(r4[x] * c4)
			v += float32(r5[x] * c5)
			v += float32(r6[x] * c6)
			d[x] = v
		}
	case 8:
		r0, r1, r2, r3, r4, r5, r6, r7 := r[0][:n], r[1][:n], r[2][:n], r[3][:n], r[4][:n], r[5][:n], r[6][:n], r[7][:n]
		c0, c1, c2, c3, c4, c5, c6, c7 := wt[0], wt[1], wt[2], wt[3], wt[4], wt[5], wt[6], wt[7]
		for x := range d {
			v := r0[x] * c0
			v += float32(r1[x] * c1)
			v += float32(r2[x] * c2)
			v += float32(r3[x] * c3)
			v += float32(r4[x] * c4)
			v += float32(r5[x] * c5)
			v += float32(r6[x] * c6)
			v += float32(r7[x] * c7)
			d[x] = v
		}
	case 9:
		r0, r1, r2, r3, r4, r5, r6, r7, r8 := r[0][:n], r[1][:n], r[2][:n], r[3][:n], r[4][:n], r[5][:n], r[6][:n], r[7][:n], r[8][:n]
		c0, c1, c2, c3, c4, c5, c6, c7, c8 := wt[0], wt[1], wt[2], wt[3], wt[4], wt[5], wt[6], wt[7], wt[8]
		for x := range d {
			v := r0[x] * c0
			v += float32(r1[x] * c1)
			v += float32(r2[x] * c2)
			v += float32(r3[x] * c3)
			v += float32(r4[x] * c4)
			v += float32(r5[x] * c5)
			v += float32(r6[x] * c6)
			v += float32(r7[x] * c7)
			v += float32(r8[x] * c8)
			d[x] = v
		}
	default:
		r0 := r[0][:n]
		for x := range d {
			d[x] = r0[x] * wt[0]
		}
		for j := 1; j < len(r); j++ {
			rj, c := r[j][:n], wt[j]
			for x := range d {
				d[x] += float32(rj[x] * c)
			}
		}
	}
}
