package extract

import (
	"math"
	"sync"
)

// Enhancement filter (Hong et al. 1998, separated): the even Gabor filter
// there is a Gaussian envelope (σ = 4 px at 500 ppi) times a cosine across
// the ridges. Applying it as a 1-D Gaussian along the ridge followed by a
// 1-D Gabor profile across it costs 2·(2r+1) taps per pixel instead of
// (2r+1)² and gives the same response where the orientation is locally
// constant.
const (
	nOrient     = 24  // orientation bins over 180° (7.5° each)
	alongSigma  = 4.0 // px, Gaussian along the ridge
	alongRadius = 8   // px
	acrossRatio = 0.45
	// acrossSigma = acrossRatio × period: 4 px at the 9 px typical period
	// as in Hong et al.; the support ±2σ spans about two periods.
)

// pad is the replicated border round the image: the along pass runs up to
// two blocks outside the image (to feed the across pass, whose radius is at
// most 2·0.45·15 < 16 px) and reaches alongRadius beyond, plus a partial
// last block.
const pad = 2*blockSize + alongRadius + blockSize

// tap is one coefficient of a 1-D kernel laid along a direction.
type tap struct {
	dx, dy int
	w      float32
}

// kernel is a 1-D kernel as offsets in a padded plane of a given stride.
type kernel struct {
	off []int
	w   []float32
}

// kernelTaps holds the along kernels per orientation and the across ones
// per orientation and integer period, independent of any image; made once.
var kernelTaps = sync.OnceValue(func() (k struct {
	along  [nOrient][]tap
	across [nOrient][maxPeriod - minPeriod + 1][]tap
}) {
	for o := range nOrient {
		th := float64(o) * math.Pi / nOrient
		ux, uy := math.Cos(th), math.Sin(th)
		var sum float32
		for t := -alongRadius; t <= alongRadius; t++ {
			w := float32(math.Exp(-float64(t*t) / (2 * alongSigma * alongSigma)))
			k.along[o] = append(k.along[o], tap{int(math.Round(float64(t) * ux)), int(math.Round(float64(t) * uy)), w})
			sum += w
		}
		for i := range k.along[o] {
			k.along[o][i].w /= sum
		}
		nx, ny := -uy, ux
		for pi := range k.across[o] {
			T := float64(minPeriod + pi)
			sigma := acrossRatio * T
			r := int(math.Ceil(2 * sigma))
			var mean float64
			var taps []tap
			for t := -r; t <= r; t++ {
				w := math.Cos(2*math.Pi*float64(t)/T) * math.Exp(-float64(t*t)/(2*sigma*sigma))
				taps = append(taps, tap{int(math.Round(float64(t) * nx)), int(math.Round(float64(t) * ny)), float32(w)})
				mean += w
			}
			// Zero mean: the filter ignores the local grey level.
			mean /= float64(len(taps))
			for i := range taps {
				taps[i].w -= float32(mean)
			}
			k.across[o][pi] = taps
		}
	}
	return k
})

// filterBank is kernelTaps as offsets in a padded plane.
type filterBank struct {
	along  [nOrient]kernel
	across [nOrient][maxPeriod - minPeriod + 1]kernel
}

func newFilterBank(stride int) *filterBank {
	kt := kernelTaps()
	fb := &filterBank{}
	conv := func(taps []tap) kernel {
		k := kernel{off: make([]int, len(taps)), w: make([]float32, len(taps))}
		for i, t := range taps {
			k.off[i], k.w[i] = t.dy*stride+t.dx, t.w
		}
		return k
	}
	for o := range nOrient {
		fb.along[o] = conv(kt.along[o])
		for p := range fb.across[o] {
			fb.across[o][p] = conv(kt.across[o][p])
		}
	}
	return fb
}

// enhance filters g where the block mask fg is set and returns the ridge
// map: 1 where the filtered image is negative (ridges are dark), on a grid
// with a 1-pixel zero border, (w+2)×(h+2).
func enhance(g *plane, f *fields, fg []bool, period []float32, workers int) []uint8 {
	w, h := g.w, g.h
	pw, ph := w+2*pad, h+2*pad
	src := make([]float32, pw*ph)
	for y := range ph {
		sy := clampi(y-pad, 0, h-1)
		for x := range pw {
			src[y*pw+x] = g.p[sy*w+clampi(x-pad, 0, w-1)]
		}
	}
	// Per block: orientation bin and period bin.
	nb := f.bw * f.bh
	obin, pbin := make([]uint8, nb), make([]uint8, nb)
	for i := range nb {
		a := f.ridgeAngle(i)
		obin[i] = uint8(int(math.Round(a/math.Pi*nOrient)) % nOrient)
		pbin[i] = uint8(clampi(int(math.Round(float64(period[i])))-minPeriod, 0, maxPeriod-minPeriod))
	}
	near := dilate(dilate(fg, f.bw, f.bh), f.bw, f.bh)
	fb := newFilterBank(pw)
	along := make([]float32, pw*ph)
	// Pass 1: smooth along the ridges, on the foreground and a margin of
	// two blocks, which covers the across kernels' reach. Work goes block
	// by block, each block with one kernel, tap by tap over a row of the
	// block, which keeps the inner loop on contiguous memory.
	const margin = 2
	parallelRows(-margin, f.bh+margin, workers, func(by0, by1 int) {
		var acc [blockSize]float32
		for by := by0; by < by1; by++ {
			for bx := -margin; bx < f.bw+margin; bx++ {
				b := clampi(by, 0, f.bh-1)*f.bw + clampi(bx, 0, f.bw-1)
				if !near[b] {
					continue
				}
				k := &fb.along[obin[b]]
				for y := by * blockSize; y < (by+1)*blockSize; y++ {
					i := (y+pad)*pw + bx*blockSize + pad
					filterRow(&acc, src, i, k)
					copy(along[i:i+blockSize], acc[:])
				}
			}
		}
	})
	out := make([]uint8, (w+2)*(h+2))
	// Pass 2: band-pass across the ridges, on the foreground.
	parallelRows(0, f.bh, workers, func(by0, by1 int) {
		var acc [blockSize]float32
		for by := by0; by < by1; by++ {
			for bx := range f.bw {
				b := by*f.bw + bx
				if !fg[b] {
					continue
				}
				k := &fb.across[obin[b]][pbin[b]]
				x0 := bx * blockSize
				nx := min(blockSize, w-x0)
				for y := by * blockSize; y < min((by+1)*blockSize, h); y++ {
					filterRow(&acc, along, (y+pad)*pw+x0+pad, k)
					o := out[(y+1)*(w+2)+x0+1:]
					for x := range nx {
						if acc[x] < 0 {
							o[x] = 1
						}
					}
				}
			}
		}
	})
	return out
}

// filterRow applies kernel k to the blockSize pixels of src starting at i.
func filterRow(acc *[blockSize]float32, src []float32, i int, k *kernel) {
	*acc = [blockSize]float32{}
	for j, o := range k.off {
		wgt := k.w[j]
		seg := (*[blockSize]float32)(src[i+o : i+o+blockSize])
		for x := range blockSize {
			acc[x] += wgt * seg[x]
		}
	}
}

// parallelRows runs fn over [lo, hi) split into contiguous row ranges, one
// per worker; each row is written by one worker only, so the result does
// not depend on the number of workers.
func parallelRows(lo, hi, workers int, fn func(y0, y1 int)) {
	if workers <= 1 || hi-lo < 2*workers {
		fn(lo, hi)
		return
	}
	var wg sync.WaitGroup
	step := (hi - lo + workers - 1) / workers
	for y := lo; y < hi; y += step {
		wg.Add(1)
		go func(y0, y1 int) {
			defer wg.Done()
			fn(y0, y1)
		}(y, min(y+step, hi))
	}
	wg.Wait()
}
