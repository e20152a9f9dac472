package extract

import "math"

// blockSize is the side of the blocks the fields are estimated on: 8 px at
// 500 ppi, a little under one ridge period, so that a 3×3-block window
// (24 px, about 2.5 periods) holds enough ridges for a stable estimate
// (Hong et al. 1998 use 16 px non-overlapping blocks; overlapping 24 px
// windows on an 8 px grid resolve curvature better).
const blockSize = 8

// fields holds what the gradient pass measures on each block.
type fields struct {
	bw, bh int
	// Doubled-angle gradient moments summed over each 3×3-block window:
	// gxx = Σ gx²−gy², gxy = Σ 2·gx·gy, gnn = Σ gx²+gy² (Kass and Witkin
	// 1987; Bazen and Gerez 2002).
	gxx, gxy, gnn []float32
	// coherence |(gxx, gxy)| / gnn in [0, 1]: 1 for parallel ridges.
	coh []float32
	// std is the grey-level standard deviation over the same window.
	std []float32
	// cos2, sin2 are the smoothed doubled-angle unit vectors of the
	// gradient; the ridge orientation is perpendicular to the gradient.
	cos2, sin2 []float32
}

// measureBlocks computes gradient moments and grey-level statistics per
// block, then sums them over 3×3-block windows.
func measureBlocks(g *plane) *fields {
	bw, bh := (g.w+blockSize-1)/blockSize, (g.h+blockSize-1)/blockSize
	n := bw * bh
	xx, xy, nn := make([]float32, n), make([]float32, n), make([]float32, n)
	s1, s2, cnt := make([]float32, n), make([]float32, n), make([]float32, n)
	w, h, p := g.w, g.h, g.p
	for y := 0; y < h; y++ {
		ym, yp := max(y-1, 0)*w, min(y+1, h-1)*w
		yc := y * w
		brow := (y / blockSize) * bw
		for x := 0; x < w; x++ {
			xm, xp := max(x-1, 0), min(x+1, w-1)
			// Sobel operator.
			gx := (p[ym+xp] + 2*p[yc+xp] + p[yp+xp]) - (p[ym+xm] + 2*p[yc+xm] + p[yp+xm])
			gy := (p[yp+xm] + 2*p[yp+x] + p[yp+xp]) - (p[ym+xm] + 2*p[ym+x] + p[ym+xp])
			b := brow + x/blockSize
			xx[b] += gx*gx - gy*gy
			xy[b] += 2 * gx * gy
			nn[b] += gx*gx + gy*gy
			v := p[yc+x]
			s1[b] += v
			s2[b] += v * v
			cnt[b]++
		}
	}
	f := &fields{bw: bw, bh: bh}
	f.gxx, f.gxy, f.gnn = box3(xx, bw, bh), box3(xy, bw, bh), box3(nn, bw, bh)
	s1, s2, cnt = box3(s1, bw, bh), box3(s2, bw, bh), box3(cnt, bw, bh)
	f.coh, f.std = make([]float32, n), make([]float32, n)
	for i := range n {
		if f.gnn[i] > 0 {
			f.coh[i] = float32(math.Hypot(float64(f.gxx[i]), float64(f.gxy[i]))) / f.gnn[i]
		}
		m := s1[i] / cnt[i]
		f.std[i] = float32(math.Sqrt(float64(max(s2[i]/cnt[i]-m*m, 0))))
	}
	return f
}

// box3 sums each cell's 3×3 neighbourhood (cells outside the grid count 0).
func box3(a []float32, bw, bh int) []float32 {
	t := make([]float32, len(a))
	for y := 0; y < bh; y++ {
		for x := 0; x < bw; x++ {
			s := a[y*bw+x]
			if x > 0 {
				s += a[y*bw+x-1]
			}
			if x+1 < bw {
				s += a[y*bw+x+1]
			}
			t[y*bw+x] = s
		}
	}
	out := make([]float32, len(a))
	for y := 0; y < bh; y++ {
		for x := 0; x < bw; x++ {
			s := t[y*bw+x]
			if y > 0 {
				s += t[(y-1)*bw+x]
			}
			if y+1 < bh {
				s += t[(y+1)*bw+x]
			}
			out[y*bw+x] = s
		}
	}
	return out
}

// orientSigma is the standard deviation, in blocks, of the Gaussian that
// smooths the doubled-angle field: 1.5 blocks = 12 px, so the effective
// window (with the 24 px moment window) spans about four ridge periods,
// enough to bridge scars and creases and little enough to follow the
// curvature round a core.
const orientSigma = 1.5

// smoothOrientation sets cos2/sin2 from the gradient moments of foreground
// blocks, Gaussian-smoothed (vector averaging of doubled angles, Witkin and
// Kass 1987). Each block's vector is its moment normalised by its energy,
// weighted by its coherence, so that noisy blocks count little.
func (f *fields) smoothOrientation(fg []bool) {
	n := f.bw * f.bh
	vx, vy := make([]float32, n), make([]float32, n)
	for i := range n {
		if fg[i] && f.gnn[i] > 0 {
			vx[i] = f.gxx[i] / f.gnn[i]
			vy[i] = f.gxy[i] / f.gnn[i]
		}
	}
	vx = gaussBlocks(vx, f.bw, f.bh, orientSigma)
	vy = gaussBlocks(vy, f.bw, f.bh, orientSigma)
	f.cos2, f.sin2 = make([]float32, n), make([]float32, n)
	for i := range n {
		r := float32(math.Hypot(float64(vx[i]), float64(vy[i])))
		if r > 0 {
			f.cos2[i], f.sin2[i] = vx[i]/r, vy[i]/r
		} else {
			f.cos2[i] = 1
		}
	}
}

// gaussBlocks is a separable Gaussian blur of a block grid (cells outside
// the grid count 0).
func gaussBlocks(a []float32, bw, bh int, sigma float64) []float32 {
	r := int(math.Ceil(2.5 * sigma))
	k := make([]float32, 2*r+1)
	for i := range k {
		d := float64(i - r)
		k[i] = float32(math.Exp(-d * d / (2 * sigma * sigma)))
	}
	t := make([]float32, len(a))
	for y := 0; y < bh; y++ {
		for x := 0; x < bw; x++ {
			var s float32
			for i, kv := range k {
				if xx := x + i - r; xx >= 0 && xx < bw {
					s += kv * a[y*bw+xx]
				}
			}
			t[y*bw+x] = s
		}
	}
	out := make([]float32, len(a))
	for y := 0; y < bh; y++ {
		for x := 0; x < bw; x++ {
			var s float32
			for i, kv := range k {
				if yy := y + i - r; yy >= 0 && yy < bh {
					s += kv * t[yy*bw+x]
				}
			}
			out[y*bw+x] = s
		}
	}
	return out
}

// ridgeAngle is the ridge orientation of block i in image coordinates
// (x right, y down), radians in [0, π).
func (f *fields) ridgeAngle(i int) float64 {
	a := 0.5*math.Atan2(float64(f.sin2[i]), float64(f.cos2[i])) + math.Pi/2
	if a >= math.Pi {
		a -= math.Pi
	}
	return a
}

// ridgeAngleAt interpolates the smoothed field bilinearly at pixel (x, y)
// and returns the ridge orientation there, radians in [0, π).
func (f *fields) ridgeAngleAt(x, y float64) float64 {
	bx := x/blockSize - 0.5
	by := y/blockSize - 0.5
	x0, y0 := int(math.Floor(bx)), int(math.Floor(by))
	fx, fy := bx-float64(x0), by-float64(y0)
	var c, s float64
	for j := 0; j < 2; j++ {
		for i := 0; i < 2; i++ {
			wgt := (1 - fx) * (1 - fy)
			if i == 1 {
				wgt = fx * (1 - fy)
			}
			if j == 1 {
				wgt = (1 - fx) * fy
				if i == 1 {
					wgt = fx * fy
				}
			}
			xi := clampi(x0+i, 0, f.bw-1)
			yi := clampi(y0+j, 0, f.bh-1)
			c += wgt * float64(f.cos2[yi*f.bw+xi])
			s += wgt * float64(f.sin2[yi*f.bw+xi])
		}
	}
	a := 0.5*math.Atan2(s, c) + math.Pi/2
	if a >= math.Pi {
		a -= math.Pi
	}
	return a
}
