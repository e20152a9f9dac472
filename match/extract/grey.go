package extract

import (
	"image"
	"math"
)

// plane is a single-channel float image, row-major.
type plane struct {
	w, h int
	p    []float32
}

func newPlane(w, h int) *plane { return &plane{w: w, h: h, p: make([]float32, w*h)} }

// toGrey converts any image to grey levels 0-255 (ITU-R BT.601 luma, as
// image/color does), with fast paths for the grey types scanners give.
func toGrey(img image.Image) *plane {
	b := img.Bounds()
	g := newPlane(b.Dx(), b.Dy())
	switch m := img.(type) {
	case *image.Gray:
		for y := 0; y < g.h; y++ {
			row := m.Pix[(y+b.Min.Y-m.Rect.Min.Y)*m.Stride+(b.Min.X-m.Rect.Min.X):]
			out := g.p[y*g.w : (y+1)*g.w]
			for x := range out {
				out[x] = float32(row[x])
			}
		}
	case *image.Gray16:
		for y := 0; y < g.h; y++ {
			for x := 0; x < g.w; x++ {
				g.p[y*g.w+x] = float32(m.Gray16At(b.Min.X+x, b.Min.Y+y).Y) / 257
			}
		}
	default:
		for y := 0; y < g.h; y++ {
			for x := 0; x < g.w; x++ {
				r, gg, bb, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
				g.p[y*g.w+x] = float32(19595*r+38470*gg+7471*bb+1<<15) / (1 << 24)
			}
		}
	}
	return g
}

// resample rescales g by factor s (output size = input size × s) with
// bilinear interpolation, after a box pre-filter of the input when
// shrinking by more than 1.5 so that no ridge detail aliases.
func resample(g *plane, s float64) *plane {
	if k := int(math.Floor(1 / s)); k >= 2 {
		g = boxShrink(g, k)
		s *= float64(k)
	}
	w := max(int(math.Round(float64(g.w)*s)), 1)
	h := max(int(math.Round(float64(g.h)*s)), 1)
	out := newPlane(w, h)
	for y := 0; y < h; y++ {
		sy := (float64(y)+0.5)/s - 0.5
		y0 := int(math.Floor(sy))
		fy := float32(sy - float64(y0))
		y0c, y1c := clampi(y0, 0, g.h-1), clampi(y0+1, 0, g.h-1)
		for x := 0; x < w; x++ {
			sx := (float64(x)+0.5)/s - 0.5
			x0 := int(math.Floor(sx))
			fx := float32(sx - float64(x0))
			x0c, x1c := clampi(x0, 0, g.w-1), clampi(x0+1, 0, g.w-1)
			a := g.p[y0c*g.w+x0c]*(1-fx) + g.p[y0c*g.w+x1c]*fx
			c := g.p[y1c*g.w+x0c]*(1-fx) + g.p[y1c*g.w+x1c]*fx
			out.p[y*w+x] = a*(1-fy) + c*fy
		}
	}
	return out
}

// boxShrink averages k×k blocks (the last partial blocks included).
func boxShrink(g *plane, k int) *plane {
	w, h := (g.w+k-1)/k, (g.h+k-1)/k
	out := newPlane(w, h)
	cnt := make([]float32, w*h)
	for y := 0; y < g.h; y++ {
		for x := 0; x < g.w; x++ {
			i := (y/k)*w + x/k
			out.p[i] += g.p[y*g.w+x]
			cnt[i]++
		}
	}
	for i := range out.p {
		out.p[i] /= cnt[i]
	}
	return out
}

func clampi(v, lo, hi int) int { return min(max(v, lo), hi) }
