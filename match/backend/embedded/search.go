package embedded

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/biogate/biogate/match"
	"github.com/biogate/biogate/match/backend"
)

// Identify implements backend.Backend: the k subjects of best fused score
// (see the package doc), best first, ties by subject. A gallery nobody
// enrolled into has no candidate.
func (b *Backend) Identify(ctx context.Context, gallery string, probe []backend.Sample, k int) ([]backend.Candidate, error) {
	if err := b.usable(ctx); err != nil {
		return nil, b.fail("identify", err)
	}
	ps, err := prepare(probe)
	if err != nil {
		return nil, b.fail("identify", err)
	}
	ix := b.gallery(gallery, false)
	if ix == nil || k <= 0 {
		return nil, nil
	}
	type fused struct {
		subject string
		score   float64
		best    hit // the best single comparison, whose position the candidate names
	}
	all := len(ps) > 1
	bySubject := map[string]*fused{}
	for _, p := range ps {
		if err := ctx.Err(); err != nil {
			return nil, b.fail("identify", err)
		}
		for subject, h := range ix.search(p.prepared, p.position, k, all) {
			f := bySubject[subject]
			if f == nil {
				f = &fused{subject: subject, best: h}
				bySubject[subject] = f
			}
			f.score += h.score
			if h.score > f.best.score {
				f.best = h
			}
		}
	}
	list := make([]*fused, 0, len(bySubject))
	for _, f := range bySubject {
		list = append(list, f)
	}
	slices.SortFunc(list, func(a, c *fused) int {
		if a.score != c.score {
			return cmp.Compare(c.score, a.score)
		}
		return cmp.Compare(a.subject, c.subject)
	})
	out := make([]backend.Candidate, 0, min(k, len(list)))
	for _, f := range list[:min(k, len(list))] {
		out = append(out, backend.Candidate{Subject: f.subject, Score: f.score, Position: f.best.position})
	}
	return out, nil
}

// Verify implements backend.Backend: the subject's fused score against
// Threshold times the number of probe samples compared (see the package
// doc).
func (b *Backend) Verify(ctx context.Context, gallery, subject string, probe []backend.Sample) (*backend.Verification, error) {
	if err := b.usable(ctx); err != nil {
		return nil, b.fail("verify", err)
	}
	ps, err := prepare(probe)
	if err != nil {
		return nil, b.fail("verify", err)
	}
	var es []entry
	if ix := b.gallery(gallery, false); ix != nil {
		es = ix.entries(subject)
	}
	if len(es) == 0 {
		return nil, b.fail("verify", fmt.Errorf("%w: subject %q in gallery %q", backend.ErrNotFound, subject, gallery))
	}
	score, compared := 0.0, 0
	for _, p := range ps {
		best, any := 0.0, false
		for _, e := range es {
			if !compatible(p.position, e.position) {
				continue
			}
			any = true
			best = max(best, match.Score(p.prepared, e.prepared))
		}
		if any {
			score += best
			compared++
		}
	}
	threshold := b.threshold * float64(max(compared, 1))
	return &backend.Verification{Score: score, Match: compared > 0 && score >= threshold, Threshold: threshold}, nil
}
