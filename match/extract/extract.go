// Package extract finds the minutiae of a grey friction-ridge image and
// returns them as a match.Template.
//
// The method is the classical contextual-filtering pipeline (Hong, Wan and
// Jain, "Fingerprint image enhancement: algorithm and performance
// evaluation", IEEE PAMI 20(8), 1998; Maltoni et al., Handbook of
// Fingerprint Recognition, 2nd ed., ch. 3):
//
//  1. the image is rescaled to 500 ppi when it has another resolution;
//  2. the print is segmented from the background by block contrast and
//     gradient coherence, cleaned by block morphology (segment.go);
//  3. the ridge orientation field is estimated from gradients and smoothed
//     as a doubled-angle vector field (orient.go);
//  4. the local ridge period is measured across the ridges (freq.go);
//  5. the image is enhanced by a separable oriented filter: a Gaussian along
//     the ridges and a Gabor profile, tuned to the local period, across them
//     (enhance.go), only on the foreground;
//  6. the sign of the enhanced image is the ridge map, thinned to a one-pixel
//     skeleton (thin.go);
//  7. minutiae are the skeleton's endings and bifurcations by crossing number,
//     their direction traced along the skeleton and refined by the orientation
//     field (minutiae.go);
//  8. false minutiae are removed: near the print's border, spurs, ridge
//     fragments, holes (pores) and short bridges, breaks (prune.go);
//  9. each minutia gets a quality from local coherence, contrast and border
//     distance, and the image an overall quality (quality.go).
//
// Choices were made on the whole system's error rates (this extractor with
// the match comparison) over seven FVC sets together, never one set: the
// separable filter because it gives the contextual Gabor filter's ridges at
// a fraction of its cost (the whole extraction takes about 10 ms of CPU for
// a 388×374 image); binarisation and thinning rather than grey-level ridge
// following because the skeleton makes the topological pruning rules
// exact; directions snapped to the smoothed orientation field because that
// lowered the mean EER (3.31% to 3.00%).
//
// Every length is a physical one expressed in pixels at 500 ppi (a ridge
// period is about 9 px there, 0.46 mm); nothing depends on a sensor or a
// data set. Coordinates and angles of the result follow the conventions of
// package match (ISO/IEC 19794-2:2011 clause 7.4) on the image's own pixel
// grid.
package extract

import (
	"fmt"
	"image"
	"math"

	"github.com/biogate/biogate/match"
)

// Limits on the images Extract accepts. MaxPixels bounds the image both as
// given and rescaled to 500 ppi, and so the memory used (under 64 bytes per
// pixel, about 100 MB at the limit) whatever the input claims.
const (
	MaxPixels = 1 << 22 // 4,194,304 pixels (2048×2048)
	MinSide   = 32      // pixels, at 500 ppi after rescaling
	MinPPI    = 250
	MaxPPI    = 2000
)

// nominalPPI is the resolution every length below is expressed at.
const nominalPPI = 500

// Options tune how Extract runs, never what it finds: the template is the
// same whatever the options.
type Options struct {
	// Workers is the number of goroutines the filtering steps use; 0 or 1
	// runs on the calling goroutine only.
	Workers int
}

// An InputError reports an image Extract refuses: what is wrong with it.
type InputError struct {
	Msg string
}

func (e *InputError) Error() string { return "extract: " + e.Msg }

// Extract finds the minutiae of img, a friction-ridge image scanned at ppi
// pixels per inch, on one goroutine.
func Extract(img image.Image, ppi float64) (*match.Template, error) {
	return ExtractWith(img, ppi, Options{})
}

// ExtractWith is Extract with options.
func ExtractWith(img image.Image, ppi float64, opt Options) (*match.Template, error) {
	if img == nil {
		return nil, &InputError{Msg: "no image"}
	}
	if math.IsNaN(ppi) || ppi < MinPPI || ppi > MaxPPI {
		return nil, &InputError{Msg: fmt.Sprintf("resolution %g ppi outside [%d, %d]", ppi, MinPPI, MaxPPI)}
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= 0 || h <= 0 {
		return nil, &InputError{Msg: fmt.Sprintf("empty image %dx%d", w, h)}
	}
	if int64(w)*int64(h) > MaxPixels {
		return nil, &InputError{Msg: fmt.Sprintf("image %dx%d has more than %d pixels", w, h, MaxPixels)}
	}
	scale := nominalPPI / ppi
	if float64(w)*float64(h)*scale*scale > MaxPixels {
		return nil, &InputError{Msg: fmt.Sprintf("image %dx%d at %g ppi has more than %d pixels at 500 ppi", w, h, ppi, MaxPixels)}
	}
	g := toGrey(img)
	if math.Abs(scale-1) > 0.005 {
		g = resample(g, scale)
	}
	if g.w < MinSide || g.h < MinSide {
		return nil, &InputError{Msg: fmt.Sprintf("image %dx%d at %g ppi is smaller than %d px at 500 ppi", w, h, ppi, MinSide)}
	}
	res := run(g, opt)
	t := &match.Template{
		Width: w, Height: h, PPI: ppi,
		Quality: res.quality,
	}
	inv := ppi / nominalPPI
	back := func(x, y float64) (int, int) {
		// Pixel centres map to pixel centres.
		bx := int(math.Round((x+0.5)*inv - 0.5))
		by := int(math.Round((y+0.5)*inv - 0.5))
		return min(max(bx, 0), w-1), min(max(by, 0), h-1)
	}
	for _, m := range res.minutiae {
		x, y := back(float64(m.x), float64(m.y))
		t.Minutiae = append(t.Minutiae, match.Minutia{X: x, Y: y, Angle: m.angle, Type: m.kind, Quality: m.quality})
	}
	for _, s := range res.cores {
		x, y := back(s.x, s.y)
		t.Cores = append(t.Cores, match.SingularPoint{X: x, Y: y, Angle: math.NaN()})
	}
	for _, s := range res.deltas {
		x, y := back(s.x, s.y)
		t.Deltas = append(t.Deltas, match.SingularPoint{X: x, Y: y, Angle: math.NaN()})
	}
	return t, nil
}
