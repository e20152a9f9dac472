package exchange

import (
	"sort"

	"github.com/biogate/biogate/match/backend"
)

// answer is one backend's candidates for a probe.
type answer struct {
	backend string
	scores  bool // the backend gives scores (backend.Capabilities.Scores)
	list    []backend.Candidate
}

// fuse makes one ranking of the answers of a gallery's backends (one per
// modality routed), best first, at most k long.
//
// One answer is taken as it is: its order and, from a backend that gives
// scores, its scores. Several answers (a probe with fingers for one
// backend and a face for another, say) are fused by rank, since the
// backends' scores are on scales of their own and a decision-only backend
// (MOSIP Bio-SDK: match or no match) gives none: a candidate gets k-r
// points from each answer that lists it at rank r (0 the best; Borda
// count), and candidates are ordered by their points, then by their best
// rank, then by subject. A fused ranking carries no score (scores is
// false); a subject matched by several modalities rises above one matched
// by one.
func fuse(answers []answer, k int) (cands []SearchCandidate, scores bool) {
	switch len(answers) {
	case 0:
		return []SearchCandidate{}, true
	case 1:
		a := answers[0]
		cands = make([]SearchCandidate, 0, min(k, len(a.list)))
		for i, c := range a.list {
			if i == k {
				break
			}
			sc := SearchCandidate{Rank: i + 1, Subject: c.Subject, Position: c.Position}
			if a.scores {
				v := c.Score
				sc.Score = &v
			}
			cands = append(cands, sc)
		}
		return cands, a.scores
	}
	type tally struct {
		subject  string
		points   int
		best     int // best rank
		position int // of the best rank
	}
	by := map[string]*tally{}
	for _, a := range answers {
		for r, c := range a.list {
			if r == k {
				break
			}
			t, ok := by[c.Subject]
			if !ok {
				t = &tally{subject: c.Subject, best: r, position: c.Position}
				by[c.Subject] = t
			}
			t.points += k - r
			if r < t.best {
				t.best, t.position = r, c.Position
			}
		}
	}
	all := make([]*tally, 0, len(by))
	for _, t := range by {
		all = append(all, t)
	}
	sort.Slice(all, func(i, j int) bool {
		a, b := all[i], all[j]
		if a.points != b.points {
			return a.points > b.points
		}
		if a.best != b.best {
			return a.best < b.best
		}
		return a.subject < b.subject
	})
	cands = make([]SearchCandidate, 0, min(k, len(all)))
	for i, t := range all {
		if i == k {
			break
		}
		cands = append(cands, SearchCandidate{Rank: i + 1, Subject: t.subject, Position: t.position})
	}
	return cands, false
}
