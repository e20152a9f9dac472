package extract

import (
	"cmp"
	"slices"
)

// maxMinutiae is the most minutiae a template keeps, the best by quality:
// 19794-2 and INCITS 378 count them in one byte.
const maxMinutiae = 255

type result struct {
	minutiae      []cand
	quality       int
	cores, deltas []point
}

// run extracts from a 500 ppi grey plane.
func run(g *plane, opt Options) result {
	f := measureBlocks(g)
	fg, raw := segment(g, f)
	var res result
	res.quality = imageQuality(f, fg)
	f.smoothOrientation(fg)
	period := ridgePeriods(f, fg, raw)
	border := borderDistance(fg, f.bw, f.bh)
	ridges := enhance(g, f, fg, period, opt.Workers)
	thin(ridges, g.w+2)
	s := newSkeleton(ridges, g.w, g.h)
	cs := s.detect()
	s.direct(cs, f)
	prune(cs, s, f, fg, border, period)
	ref := contrastRef(f, fg)
	for i := range cs {
		c := &cs[i]
		if c.gone {
			continue
		}
		b := (c.y/blockSize)*f.bw + c.x/blockSize
		c.quality = minutiaQuality(f.coh[b], f.std[b]/ref, border[b])
		res.minutiae = append(res.minutiae, *c)
	}
	if len(res.minutiae) > maxMinutiae {
		slices.SortStableFunc(res.minutiae, func(a, b cand) int { return cmp.Compare(b.quality, a.quality) })
		res.minutiae = res.minutiae[:maxMinutiae]
		slices.SortStableFunc(res.minutiae, func(a, b cand) int { return cmp.Compare(a.pix, b.pix) })
	}
	res.cores, res.deltas = singularPoints(f, border)
	return res
}
