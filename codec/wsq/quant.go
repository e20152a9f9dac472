package wsq

import (
	"math"
	"slices"
)

// Scalar quantization (IAFIS-IC-0110 Part 1, "Quantization" and
// "Dequantization"; Part 3 for the bit allocation of encoder number one).

// unquantize fills plane with the dequantized coefficients of every coded
// subband (those with a non-zero bin width), and zeros elsewhere. The arithmetic is that of
// the reference decoder: Q·(p − C) in single precision, plus Z/2 in double.
func unquantize(plane []float32, width int, t *quantTable, q *[maxSubbands]rect, coef []int16) {
	c := t.binCenter
	for s := 0; s < maxSubbands; s++ {
		qb := t.q[s]
		if qb == 0 || s >= numSubbands {
			// Not coded: the subband is zero. (Subbands 60-63 are never
			// coded.)
			r := q[s]
			for y := 0; y < r.h; y++ {
				clear(plane[(r.y+y)*width+r.x : (r.y+y)*width+r.x+r.w])
			}
			continue
		}
		half := float64(t.z[s]) / 2.0
		r := q[s]
		for y := 0; y < r.h; y++ {
			row := plane[(r.y+y)*width+r.x : (r.y+y)*width+r.x+r.w]
			src := coef[:r.w]
			coef = coef[r.w:]
			for x, v := range src {
				switch {
				case v > 0:
					row[x] = float32(float64(qb*(float32(v)-c)) + half)
				case v < 0:
					row[x] = float32(float64(qb*(float32(v)+c)) - half)
				default:
					row[x] = 0
				}
			}
		}
	}
}

// toPixels converts reconstructed samples to 8-bit pixels: value·R + M,
// rounded half up and clamped (Part 1, "Image reconstruction").
func toPixels(pix []uint8, plane []float32, m, r float32) {
	pix = pix[:len(plane)]
	for i, v := range plane {
		t := float32(v*r) + m
		t = float32(float64(t) + 0.5)
		switch {
		case t < 0:
			pix[i] = 0
		case t > 255:
			pix[i] = 255
		default:
			pix[i] = uint8(t)
		}
	}
}

// toSamples converts pixels to zero-mean samples scaled to ±128 and returns
// the shift M and scale R it used (Part 3, "Image normalization").
func toSamples(plane []float32, pix []uint8) (m, r float32) {
	var sum uint64
	lo, hi := 255, 0
	for _, p := range pix {
		sum += uint64(p)
		lo = min(lo, int(p))
		hi = max(hi, int(p))
	}
	m = float32(sum) / float32(len(pix))
	loDiff := m - float32(lo)
	hiDiff := float32(hi) - m
	r = loDiff
	if hiDiff > loDiff {
		r = hiDiff
	}
	r = float32(float64(r) / 128.0)
	if r == 0 {
		// A uniform image: every sample is zero and M alone restores it.
		r = 1
	}
	// There are only 256 distinct samples: compute each once.
	var lut [256]float32
	for p := range lut {
		lut[p] = (float32(p) - m) / r
	}
	plane = plane[:len(pix)]
	for i, p := range pix {
		plane[i] = lut[p]
	}
	return m, r
}

// varianceThreshold is the variance below which a subband is not coded.
const varianceThreshold = 1.01

// variances computes the variance of each subband (Part 3, "Subband
// variance"): over a central window of each subband, or over whole subbands
// when the low-frequency variance is small.
func variances(plane []float32, width int, q *[maxSubbands]rect) [maxSubbands]float32 {
	var v [maxSubbands]float32
	win := func(s int, central bool) float32 {
		r := q[s]
		x0, y0, w, h := r.x, r.y, r.w, r.h
		if central {
			x0 += r.w / 8
			y0 += (9 * r.h) / 32
			w = (3 * r.w) / 4
			h = (7 * r.h) / 16
		}
		var sum, ssq float32
		for y := 0; y < h; y++ {
			row := plane[(y0+y)*width+x0 : (y0+y)*width+x0+w]
			for _, f := range row {
				sum += f
				ssq += float32(f * f)
			}
		}
		n := w * h
		sum2 := float32(sum*sum) / float32(n)
		return float32(float64(ssq-sum2) / (float64(n) - 1.0))
	}
	var vsum float32
	for s := 0; s < region2Start; s++ {
		v[s] = win(s, true)
		vsum += v[s]
	}
	if vsum < 20000.0 {
		for s := 0; s < numSubbands; s++ {
			v[s] = win(s, false)
		}
	} else {
		for s := region2Start; s < numSubbands; s++ {
			v[s] = win(s, true)
		}
	}
	return v
}

// binWidths computes the quantizer bin widths Q and zero-bin widths Z of
// each subband for a target bit rate (Part 3, "Bit allocation"), with the
// reference encoder's mix of single and double precision.
func binWidths(v *[maxSubbands]float32, rate float32) (qb, zb [maxSubbands]float32) {
	var a [numSubbands]float32
	for s := range a {
		a[s] = 1.0
	}
	copy(a[block3Start:], []float32{1.32, 1.08, 1.42, 1.08, 1.32, 1.42, 1.08, 1.08})
	for s := 0; s < numSubbands; s++ {
		switch {
		case v[s] < varianceThreshold:
			qb[s] = 0
		case s < region2Start:
			qb[s] = 1
		default:
			qb[s] = float32(10.0 / float64(a[s]*float32(math.Log(float64(v[s])))))
		}
	}
	var m [numSubbands]float32
	for s := range m {
		switch {
		case s < region2Start:
			m[s] = 1.0 / 1024.0
		case s < region3Start:
			m[s] = 1.0 / 256.0
		default:
			m[s] = 1.0 / 16.0
		}
	}
	var sigma [numSubbands]float32
	var k0 []int
	for s := 0; s < numSubbands; s++ {
		if v[s] >= varianceThreshold {
			k0 = append(k0, s)
			sigma[s] = float32(math.Sqrt(float64(v[s])))
		}
	}
	k := append([]int(nil), k0...)
	var q float32
	for {
		var sFrac float32
		for _, s := range k {
			sFrac += m[s]
		}
		p := float32(1.0)
		for _, s := range k {
			p = float32(float64(p) * math.Pow(float64(sigma[s]/qb[s]), float64(m[s])))
		}
		q = float32((math.Pow(2, float64(rate/sFrac)-1.0) / 2.5) / math.Pow(float64(p), 1.0/float64(sFrac)))
		var keep []int
		dropped := false
		for _, s := range k {
			if float64(qb[s]/q) >= 5.0*float64(sigma[s]) {
				dropped = true
			} else {
				keep = append(keep, s)
			}
		}
		if !dropped {
			break
		}
		k = keep // when k empties, q becomes +Inf and no subband is coded
	}
	var in [numSubbands]bool
	for _, s := range k0 {
		in[s] = true
	}
	for s := 0; s < numSubbands; s++ {
		if in[s] {
			qb[s] /= q
		} else {
			qb[s] = 0
		}
		zb[s] = float32(1.2 * float64(qb[s]))
	}
	return qb, zb
}

// quantize appends the quantized coefficients of every coded subband to out
// (Part 1, "Quantization": a dead zone of width Z around zero, bins of width
// Q elsewhere) and returns, for each of the three blocks, its number of
// coefficients. A subband whose coefficients would exceed maxQuantized gets
// wider bins (NBIS lets them wrap around; this happens only at high bit rates
// on images with strong low frequencies).
func quantize(out []int16, plane []float32, width int, q *[maxSubbands]rect, qb, zb *[maxSubbands]float32) ([]int16, [3]int) {
	var sizes [3]int
	for s := 0; s < numSubbands; s++ {
		if qb[s] == 0 {
			continue
		}
		blk := 0
		if s >= block3Start {
			blk = 2
		} else if s >= block2Start {
			blk = 1
		}
		r := q[s]
		sizes[blk] += r.w * r.h
		start := len(out)
		var ok bool
		if out, ok = quantizeSubband(out, plane, width, r, qb[s], zb[s]); !ok {
			var m float32
			for y := 0; y < r.h; y++ {
				for _, f := range plane[(r.y+y)*width+r.x : (r.y+y)*width+r.x+r.w] {
					m = max(m, f, -f)
				}
			}
			qb[s] = m / (maxQuantized - 1)
			zb[s] = float32(1.2 * float64(qb[s]))
			out, _ = quantizeSubband(out[:start], plane, width, r, qb[s], zb[s])
		}
	}
	return out, sizes
}

func quantizeSubband(out []int16, plane []float32, width int, r rect, qs, zs float32) ([]int16, bool) {
	z := zs / 2.0
	zbits := math.Float32bits(z) // z >= 0: |f| <= z compares as bits
	bad := false
	out = slices.Grow(out, r.w*r.h)
	for y := 0; y < r.h; y++ {
		row := plane[(r.y+y)*width+r.x : (r.y+y)*width+r.x+r.w]
		d := out[len(out) : len(out)+len(row)]
		out = out[:len(out)+len(row)]
		x := 0
		// Most coefficients of the finer subbands fall in the dead zone:
		// skip groups of four that do.
		for ; x+4 <= len(row); x += 4 {
			g := row[x : x+4 : x+4]
			a0 := math.Float32bits(g[0]) &^ signBit
			a1 := math.Float32bits(g[1]) &^ signBit
			a2 := math.Float32bits(g[2]) &^ signBit
			a3 := math.Float32bits(g[3]) &^ signBit
			dd := d[x : x+4 : x+4]
			if max(a0, a1, a2, a3) <= zbits {
				dd[0], dd[1], dd[2], dd[3] = 0, 0, 0, 0
				continue
			}
			for j, f := range g {
				c := quantizeSample(f, zbits, qs)
				if c > maxQuantized || c < -maxQuantized {
					bad = true
				}
				dd[j] = int16(c)
			}
		}
		for ; x < len(row); x++ {
			c := quantizeSample(row[x], zbits, qs)
			if c > maxQuantized || c < -maxQuantized {
				bad = true
			}
			d[x] = int16(c)
		}
	}
	return out, !bad
}

const signBit = 1 << 31

// quantizeSample quantizes f with bin width qs and half zero-bin width z
// (given as its bits): 0 when |f| <= z, else (f-z)/qs + 1 for positive f
// and (f+z)/qs - 1 for negative f, truncated, as the reference computes
// them. It is branch-free: f - copysign(z, f) is f+z for negative f, and
// adding copysign(1, f) subtracts 1.
func quantizeSample(f float32, zbits uint32, qs float32) int32 {
	const one = 0x3ff0000000000000 // float64 1.0
	fb := math.Float32bits(f)
	sgn := fb & signBit
	t := f - math.Float32frombits(zbits|sgn)
	c := int32(float64(t/qs) + math.Float64frombits(one|uint64(sgn)<<32))
	if fb&^signBit <= zbits {
		c = 0
	}
	return c
}

// maxQuantized bounds the magnitude of quantized coefficients, which the
// 16-bit escape codes carry as 16-bit integers.
const maxQuantized = 32000
