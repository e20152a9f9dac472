package extract

import (
	"math"
	"slices"
)

// Segmentation thresholds. A block belongs to the print when its grey-level
// contrast is a sizeable fraction of the image's strong-ridge contrast (the
// 95th percentile of block contrast, so that the rule adapts to each
// image's exposure, not to a sensor) and its gradients are coherent, or when
// its contrast is high whatever the coherence (Bazen and Gerez, "Segmentation
// of fingerprint images", ProRISC 2001, use the same two features).
const (
	segContrastLow  = 0.22 // fraction of the 95th-percentile contrast, with coherence
	segContrastHigh = 0.45 // fraction, without coherence
	segCoherence    = 0.25
	segMinContrast  = 2.0 // grey levels: a flat image has no print
	segPeriodic     = 4   // of the 9 blocks of a 3×3 neighbourhood with a valid ridge period
)

// segment returns the foreground mask of the block grid and the raw ridge
// period of the blocks it measured (0 where none is valid): thresholds, a
// test of periodicity, then an opening and a closing by a 3×3-block element, the holes filled and only
// the largest connected region kept.
func segment(g *plane, f *fields) (fg []bool, period []float32) {
	n := f.bw * f.bh
	sorted := slices.Clone(f.std)
	slices.Sort(sorted)
	p95 := sorted[min(n-1, int(0.95*float64(n)))]
	lo := max(segContrastLow*p95, segMinContrast)
	hi := max(segContrastHigh*p95, segMinContrast)
	fg = make([]bool, n)
	for i := range n {
		fg[i] = (f.std[i] > lo && f.coh[i] > segCoherence) || f.std[i] > hi
	}
	// Ridges are periodic: a block whose neighbourhood shows no valid ridge
	// period is an edge, a smudge or noise, however contrasted.
	period = make([]float32, n)
	var sig [sigLen]float32
	for i := range n {
		if fg[i] {
			period[i] = signaturePeriod(blockSignature(g, f.rawRidgeAngle(i), i%f.bw, i/f.bw, &sig))
		}
	}
	keep := make([]bool, n)
	for y := 0; y < f.bh; y++ {
		for x := 0; x < f.bw; x++ {
			c := 0
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					xx, yy := x+dx, y+dy
					if xx >= 0 && xx < f.bw && yy >= 0 && yy < f.bh && period[yy*f.bw+xx] > 0 {
						c++
					}
				}
			}
			keep[y*f.bw+x] = fg[y*f.bw+x] && c >= segPeriodic
		}
	}
	fg = keep
	fg = dilate(erode(fg, f.bw, f.bh), f.bw, f.bh)
	fg = erode(dilate(fg, f.bw, f.bh), f.bw, f.bh)
	fillHoles(fg, f.bw, f.bh)
	keepLargest(fg, f.bw, f.bh)
	return fg, period
}

func erode(a []bool, bw, bh int) []bool  { return morph(a, bw, bh, true) }
func dilate(a []bool, bw, bh int) []bool { return morph(a, bw, bh, false) }

// morph erodes (all 3×3 neighbours set) or dilates (any set); outside the
// grid counts as background for erosion.
func morph(a []bool, bw, bh int, isErode bool) []bool {
	out := make([]bool, len(a))
	for y := 0; y < bh; y++ {
		for x := 0; x < bw; x++ {
			v := isErode
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					xx, yy := x+dx, y+dy
					in := xx >= 0 && xx < bw && yy >= 0 && yy < bh && a[yy*bw+xx]
					if isErode && !in {
						v = false
					}
					if !isErode && in {
						v = true
					}
				}
			}
			out[y*bw+x] = v
		}
	}
	return out
}

// fillHoles sets background regions that do not touch the grid's edge.
func fillHoles(a []bool, bw, bh int) {
	outside := make([]bool, len(a))
	var stack []int
	push := func(i int) {
		if !a[i] && !outside[i] {
			outside[i] = true
			stack = append(stack, i)
		}
	}
	for x := 0; x < bw; x++ {
		push(x)
		push((bh-1)*bw + x)
	}
	for y := 0; y < bh; y++ {
		push(y * bw)
		push(y*bw + bw - 1)
	}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		x, y := i%bw, i/bw
		if x > 0 {
			push(i - 1)
		}
		if x+1 < bw {
			push(i + 1)
		}
		if y > 0 {
			push(i - bw)
		}
		if y+1 < bh {
			push(i + bw)
		}
	}
	for i := range a {
		if !a[i] && !outside[i] {
			a[i] = true
		}
	}
}

// keepLargest clears every 4-connected foreground region but the largest
// (the first found wins a tie, so the result is deterministic).
func keepLargest(a []bool, bw, bh int) {
	label := make([]int32, len(a))
	var sizes []int
	var stack []int
	for s := range a {
		if !a[s] || label[s] != 0 {
			continue
		}
		id := int32(len(sizes) + 1)
		size := 0
		label[s] = id
		stack = append(stack[:0], s)
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			size++
			x, y := i%bw, i/bw
			for _, j := range [4]int{i - 1, i + 1, i - bw, i + bw} {
				switch {
				case j == i-1 && x == 0, j == i+1 && x == bw-1, j < 0, j >= len(a):
					continue
				}
				_ = y
				if a[j] && label[j] == 0 {
					label[j] = id
					stack = append(stack, j)
				}
			}
		}
		sizes = append(sizes, size)
	}
	best := 0
	for i, s := range sizes {
		if s > sizes[best] {
			best = i
		}
	}
	for i := range a {
		a[i] = a[i] && label[i] == int32(best+1)
	}
}

// borderDistance returns, for each block, the distance in pixels from its
// centre to the nearest background block or the image's edge (a chamfer
// 3-4 distance transform on the block grid).
func borderDistance(fg []bool, bw, bh int) []float32 {
	const inf = math.MaxFloat32 / 4
	d := make([]float32, len(fg))
	for y := 0; y < bh; y++ {
		for x := 0; x < bw; x++ {
			i := y*bw + x
			switch {
			case !fg[i]:
				d[i] = 0
			case x == 0 || y == 0 || x == bw-1 || y == bh-1:
				d[i] = 1
			default:
				d[i] = inf
			}
		}
	}
	const a, b = 1, float32(math.Sqrt2)
	relax := func(i, j int, c float32) {
		if d[j]+c < d[i] {
			d[i] = d[j] + c
		}
	}
	for y := 0; y < bh; y++ {
		for x := 0; x < bw; x++ {
			i := y*bw + x
			if x > 0 {
				relax(i, i-1, a)
			}
			if y > 0 {
				relax(i, i-bw, a)
				if x > 0 {
					relax(i, i-bw-1, b)
				}
				if x+1 < bw {
					relax(i, i-bw+1, b)
				}
			}
		}
	}
	for y := bh - 1; y >= 0; y-- {
		for x := bw - 1; x >= 0; x-- {
			i := y*bw + x
			if x+1 < bw {
				relax(i, i+1, a)
			}
			if y+1 < bh {
				relax(i, i+bw, a)
				if x+1 < bw {
					relax(i, i+bw+1, b)
				}
				if x > 0 {
					relax(i, i+bw-1, b)
				}
			}
		}
	}
	for i := range d {
		d[i] *= blockSize
	}
	return d
}
