package extract

import (
	"fmt"
	"image"
	"math"
	"path/filepath"
	"testing"

	"github.com/biogate/biogate/match"
	"github.com/biogate/biogate/match/eval"
)

// rotateShift turns img by deg degrees (counter-clockwise on screen) about
// its centre and shifts it by (dx, dy), onto a canvas large enough to hold
// all of it, background white; bilinear interpolation.
func rotateShift(img image.Image, deg float64, dx, dy int) *image.Gray {
	g := toGrey(img)
	r := deg * math.Pi / 180
	c, s := math.Cos(r), math.Sin(r)
	side := int(math.Ceil(math.Hypot(float64(g.w), float64(g.h)))) + 2*max(abs(dx), abs(dy))
	out := image.NewGray(image.Rect(0, 0, side, side))
	cx, cy := float64(g.w)/2, float64(g.h)/2
	ox, oy := float64(side)/2+float64(dx), float64(side)/2+float64(dy)
	for y := range side {
		for x := range side {
			// Inverse map (y down, so screen counter-clockwise is −r).
			u, v := float64(x)-ox, float64(y)-oy
			sx := c*u - s*v + cx - 0.5
			sy := s*u + c*v + cy - 0.5
			val := 255.0
			x0, y0 := int(math.Floor(sx)), int(math.Floor(sy))
			if x0 >= 0 && y0 >= 0 && x0+1 < g.w && y0+1 < g.h {
				fx, fy := sx-float64(x0), sy-float64(y0)
				p := func(x, y int) float64 { return float64(g.p[y*g.w+x]) }
				val = (p(x0, y0)*(1-fx)+p(x0+1, y0)*fx)*(1-fy) + (p(x0, y0+1)*(1-fx)+p(x0+1, y0+1)*fx)*fy
			}
			out.Pix[y*out.Stride+x] = uint8(math.Round(val))
		}
	}
	return out
}

func abs(v int) int { return max(v, -v) }

// TestRotatedGenuinePairs turns and shifts FVC2002 DB1 images by ±30° and
// compares them with the other impressions of the same finger: the share
// of genuine pairs above the set's FMR-0.1% threshold (from all its
// impostor pairs, unrotated) must stay that of the unrotated pairs, less
// at most one pair in ten; and each image turned must match itself.
func TestRotatedGenuinePairs(t *testing.T) {
	if testing.Short() {
		t.Skip("extracts a whole set: skipped in -short")
	}
	names, fingers, tmpls := extractSet(t, "fvc2002-db1-b", 500)
	ps := make([]*match.Prepared, len(tmpls))
	for i, tp := range tmpls {
		ps[i] = match.Prepare(*tp)
	}
	var c match.Comparer
	var scores []float64
	var gen []bool
	for i := range ps {
		for j := range ps {
			if i != j {
				scores = append(scores, c.Score(ps[i], ps[j]))
				gen = append(gen, fingers[i] == fingers[j])
			}
		}
	}
	sum, _, err := eval.Summarise(scores, gen)
	if err != nil {
		t.Fatal(err)
	}
	thr := sum.FMR01.Threshold
	files := corpusImages(t, "fvc2002-db1-b")
	// One probe per finger: impression 1.
	for _, turn := range []struct {
		deg    float64
		dx, dy int
	}{{30, 25, -15}, {-30, -20, 30}} {
		var plain, turned, total int
		for i, p := range files {
			if filepath.Base(p)[4] != '1' {
				continue
			}
			tp, err := Extract(rotateShift(loadTIFF(t, p), turn.deg, turn.dx, turn.dy), 500)
			if err != nil {
				t.Fatal(err)
			}
			rp := match.Prepare(*tp)
			if s := c.Score(rp, ps[i]); s < thr {
				t.Errorf("%s turned %g° scores %.4f against itself, below the FMR-0.1%% threshold %.4f", names[i], turn.deg, s, thr)
			}
			for j := range ps {
				if j == i || fingers[j] != fingers[i] {
					continue
				}
				total++
				if c.Score(ps[i], ps[j]) >= thr {
					plain++
				}
				if c.Score(rp, ps[j]) >= thr {
					turned++
				}
			}
		}
		msg := fmt.Sprintf("turned %g° and shifted (%d, %d): %d of %d genuine pairs above the FMR-0.1%% threshold %.4f, %d unturned",
			turn.deg, turn.dx, turn.dy, turned, total, thr, plain)
		t.Log(msg)
		if turned < plain-total/10 {
			t.Error(msg)
		}
	}
}
