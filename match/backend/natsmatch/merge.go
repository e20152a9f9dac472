package natsmatch

import (
	"cmp"
	"slices"

	"github.com/biogate/biogate/match/backend"
)

// MergeTopK merges the candidate lists of the shards of one gallery,
// searched with the same probe, into the k best: highest score first,
// ties by subject name (the embedded backend's order), so that when the
// shards partition the gallery and each list is its shard's top k, the
// result is the top k of the whole gallery. A subject in several lists
// (the shards of a partition never give one, but a shard moved from one
// node to another might be asked twice) is listed once, with its best
// score. k <= 0 gives no candidate.
func MergeTopK(k int, lists ...[]backend.Candidate) []backend.Candidate {
	if k <= 0 {
		return nil
	}
	best := map[string]backend.Candidate{}
	for _, l := range lists {
		for _, c := range l {
			if b, ok := best[c.Subject]; !ok || c.Score > b.Score {
				best[c.Subject] = c
			}
		}
	}
	out := make([]backend.Candidate, 0, len(best))
	for _, c := range best {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b backend.Candidate) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.Subject, b.Subject)
	})
	return out[:min(k, len(out))]
}
