package bench

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"

	"github.com/biogate/biogate/match/eval"
)

// Curve is one DET curve to draw: a label and its sweep.
type Curve struct {
	Label  string
	Points []eval.Point
	EER    float64
}

// CurvesOf returns the DET curve of each result, labelled with its set.
func CurvesOf(results []*Result) []Curve {
	var cs []Curve
	for _, r := range results {
		cs = append(cs, Curve{Label: r.Set, Points: r.Points, EER: r.Summary.EER})
	}
	return cs
}

// The plot's layout, in pixels.
const (
	detWidth, detHeight = 820, 660
	marginLeft          = 70
	marginRight         = 24
	marginTop           = 44
	marginBottom        = 56
)

var (
	white     = color.RGBA{255, 255, 255, 255}
	black     = color.RGBA{0, 0, 0, 255}
	gridMajor = color.RGBA{200, 200, 200, 255}
	gridMinor = color.RGBA{235, 235, 235, 255}
	diagonal  = color.RGBA{150, 150, 150, 255}
	// palette holds distinguishable curve colours (Okabe and Ito's
	// colour-blind-safe set, then more).
	palette = []color.RGBA{
		{0, 114, 178, 255}, {213, 94, 0, 255}, {0, 158, 115, 255}, {204, 121, 167, 255},
		{230, 159, 0, 255}, {86, 180, 233, 255}, {0, 0, 0, 255}, {120, 60, 160, 255},
	}
)

// DrawDET draws DET curves: FMR across, FNMR up, both on log scales
// from the smallest non-zero rate the data can show (one error in the
// number of comparisons, rounded down to a decade, at least 10^-6) to
// 100 %, with a grid at each decade and its 2× and 5×, the FMR = FNMR
// diagonal (where each curve crosses it is its EER, marked), and a legend
// of the sets with their EERs. A rate of 0 is drawn on the axis.
func DrawDET(title string, curves []Curve) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, detWidth, detHeight))
	draw.Draw(m, m.Bounds(), &image.Uniform{white}, image.Point{}, draw.Src)
	lo := -2.0 // decades shown below 100 %
	for _, c := range curves {
		for _, p := range c.Points {
			for _, v := range []float64{p.FMR, p.FNMR} {
				if v > 0 {
					lo = math.Min(lo, math.Floor(math.Log10(v)))
				}
			}
		}
	}
	lo = math.Max(lo, -6)
	plot := image.Rect(marginLeft, marginTop, detWidth-marginRight, detHeight-marginBottom)
	toX := func(v float64) int {
		l := math.Max(math.Log10(math.Max(v, math.Pow(10, lo))), lo)
		return plot.Min.X + int(math.Round((l-lo)/(-lo)*float64(plot.Dx()-1)))
	}
	toY := func(v float64) int {
		l := math.Max(math.Log10(math.Max(v, math.Pow(10, lo))), lo)
		return plot.Max.Y - 1 - int(math.Round((l-lo)/(-lo)*float64(plot.Dy()-1)))
	}

	// Grid: decades and their 2× and 5×.
	for d := int(lo); d <= 0; d++ {
		for _, k := range []float64{1, 2, 5} {
			v := k * math.Pow(10, float64(d))
			if v > 1 {
				continue
			}
			c := gridMinor
			if k == 1 {
				c = gridMajor
			}
			x, y := toX(v), toY(v)
			line(m, x, plot.Min.Y, x, plot.Max.Y-1, c, 1)
			line(m, plot.Min.X, y, plot.Max.X-1, y, c, 1)
			if k == 1 {
				label := rateLabel(v)
				text(m, x-textWidth(label)/2, plot.Max.Y+16, label, black)
				text(m, plot.Min.X-8-textWidth(label), y+4, label, black)
			}
		}
	}
	// The FMR = FNMR diagonal, dashed.
	steps := 120
	for i := 0; i < steps; i += 2 {
		a := lo * float64(steps-i) / float64(steps)
		b := lo * float64(steps-i-1) / float64(steps)
		line(m, toX(math.Pow(10, a)), toY(math.Pow(10, a)), toX(math.Pow(10, b)), toY(math.Pow(10, b)), diagonal, 1)
	}
	// Frame and labels.
	rectOutline(m, plot, black)
	xl := "FMR (false match rate, impostor comparisons accepted)"
	text(m, plot.Min.X+(plot.Dx()-textWidth(xl))/2, detHeight-14, xl, black)
	text(m, 8, marginTop-10, "FNMR (false non-match rate, genuine comparisons rejected)", black)
	text(m, plot.Min.X, 18, title, black)

	// Curves: the sweep steps from high FMR / low FNMR to low FMR / high
	// FNMR; consecutive points are joined.
	for ci, c := range curves {
		col := palette[ci%len(palette)]
		for i := 1; i < len(c.Points); i++ {
			p, q := c.Points[i-1], c.Points[i]
			line(m, toX(p.FMR), toY(p.FNMR), toX(q.FMR), toY(q.FNMR), col, 2)
		}
		if !math.IsNaN(c.EER) {
			x, y := toX(c.EER), toY(c.EER)
			rectOutline(m, image.Rect(x-4, y-4, x+5, y+5), col)
		}
		// Legend, top right inside the plot.
		lx, ly := plot.Max.X-230, plot.Min.Y+18+18*ci
		fill(m, image.Rect(lx, ly-6, lx+24, ly-2), col)
		text(m, lx+30, ly, fmt.Sprintf("%s  EER %.2f%%", c.Label, 100*c.EER), black)
	}
	return m
}

// WriteDET draws the curves and writes them as PNG.
func WriteDET(w io.Writer, title string, curves []Curve) error {
	return png.Encode(w, DrawDET(title, curves))
}

func rateLabel(v float64) string {
	p := 100 * v
	if p >= 1 {
		return fmt.Sprintf("%.0f%%", p)
	}
	return fmt.Sprintf("%g%%", math.Round(p*1e6)/1e6)
}

var face = basicfont.Face7x13

func textWidth(s string) int {
	return font.MeasureString(face, s).Round()
}

func text(m draw.Image, x, y int, s string, c color.Color) {
	d := &font.Drawer{Dst: m, Src: image.NewUniform(c), Face: face, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

func fill(m draw.Image, r image.Rectangle, c color.Color) {
	draw.Draw(m, r, &image.Uniform{c}, image.Point{}, draw.Src)
}

func rectOutline(m draw.Image, r image.Rectangle, c color.Color) {
	line(m, r.Min.X, r.Min.Y, r.Max.X-1, r.Min.Y, c, 1)
	line(m, r.Min.X, r.Max.Y-1, r.Max.X-1, r.Max.Y-1, c, 1)
	line(m, r.Min.X, r.Min.Y, r.Min.X, r.Max.Y-1, c, 1)
	line(m, r.Max.X-1, r.Min.Y, r.Max.X-1, r.Max.Y-1, c, 1)
}

// line draws a segment w pixels thick (Bresenham's algorithm, each point
// a w×w square).
func line(m draw.Image, x0, y0, x1, y1 int, c color.Color, w int) {
	dx, dy := abs(x1-x0), -abs(y1-y0)
	sx, sy := sign(x1-x0), sign(y1-y0)
	e := dx + dy
	for {
		for i := range w {
			for j := range w {
				m.Set(x0+i, y0+j, c)
			}
		}
		if x0 == x1 && y0 == y1 {
			return
		}
		e2 := 2 * e
		if e2 >= dy {
			e += dy
			x0 += sx
		}
		if e2 <= dx {
			e += dx
			y0 += sy
		}
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func sign(v int) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}
