package extract

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDebugDump writes, for the images named in EXTRACT_DUMP (comma-
// separated corpus paths relative to fingerprints/), a PNG showing the
// image, the mask, the skeleton and the minutiae, into EXTRACT_DUMP_DIR. It
// is a tool for looking at the extractor, run by hand.
func TestDebugDump(t *testing.T) {
	list := os.Getenv("EXTRACT_DUMP")
	if list == "" {
		t.Skip("EXTRACT_DUMP not set")
	}
	dir := os.Getenv("EXTRACT_DUMP_DIR")
	for _, rel := range strings.Split(list, ",") {
		img := loadTIFF(t, filepath.Join(corpusDir, "fingerprints", rel))
		g := toGrey(img)
		f := measureBlocks(g)
		fg, raw := segment(g, f)
		f.smoothOrientation(fg)
		period := ridgePeriods(f, fg, raw)
		border := borderDistance(fg, f.bw, f.bh)
		ridges := enhance(g, f, fg, period, 1)
		bin := append([]uint8(nil), ridges...)
		thin(ridges, g.w+2)
		s := newSkeleton(ridges, g.w, g.h)
		cs := s.detect()
		s.direct(cs, f)
		prune(cs, s, f, fg, border, period)
		out := image.NewRGBA(image.Rect(0, 0, 2*g.w, g.h))
		for y := range g.h {
			for x := range g.w {
				v := uint8(g.p[y*g.w+x])
				c := color.RGBA{v, v, v, 255}
				if !fg[(y/blockSize)*f.bw+x/blockSize] {
					c.B = 255
				}
				out.Set(x, y, c)
				i := (y+1)*(g.w+2) + x + 1
				c2 := color.RGBA{255, 255, 255, 255}
				if bin[i] != 0 {
					c2 = color.RGBA{200, 200, 200, 255}
				}
				if ridges[i] != 0 {
					c2 = color.RGBA{0, 0, 0, 255}
				}
				out.Set(g.w+x, y, c2)
			}
		}
		for _, c := range cs {
			col := color.RGBA{255, 0, 0, 255}
			if c.kind == 2 {
				col = color.RGBA{0, 160, 0, 255}
			}
			if c.gone {
				col = color.RGBA{255, 180, 0, 255}
			}
			for d := -2; d <= 2; d++ {
				out.Set(g.w+c.x+d, c.y-2, col)
				out.Set(g.w+c.x+d, c.y+2, col)
				out.Set(g.w+c.x-2, c.y+d, col)
				out.Set(g.w+c.x+2, c.y+d, col)
			}
		}
		name := strings.ReplaceAll(rel, "/", "_") + ".png"
		fh, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		png.Encode(fh, out)
		fh.Close()
	}
}
