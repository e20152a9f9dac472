package natsmatch

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/biogate/biogate/match/backend"
)

func cand(subject string, score float64, position int) backend.Candidate {
	return backend.Candidate{Subject: subject, Score: score, Position: position}
}

func TestMergeTopK(t *testing.T) {
	for _, tt := range []struct {
		name  string
		k     int
		lists [][]backend.Candidate
		want  []backend.Candidate
	}{
		{"best first across shards", 3,
			[][]backend.Candidate{{cand("a", 0.9, 1), cand("c", 0.2, 0)}, {cand("b", 0.5, 2), cand("d", 0.1, 0)}},
			[]backend.Candidate{cand("a", 0.9, 1), cand("b", 0.5, 2), cand("c", 0.2, 0)}},
		{"ties by subject, whichever shard", 4,
			[][]backend.Candidate{{cand("m", 0.5, 0), cand("z", 0.5, 0)}, {cand("b", 0.5, 0)}, {cand("a", 0.7, 0)}},
			[]backend.Candidate{cand("a", 0.7, 0), cand("b", 0.5, 0), cand("m", 0.5, 0), cand("z", 0.5, 0)}},
		{"tie cut at k", 2,
			[][]backend.Candidate{{cand("y", 0.5, 0)}, {cand("x", 0.5, 0)}, {cand("w", 0.5, 0)}},
			[]backend.Candidate{cand("w", 0.5, 0), cand("x", 0.5, 0)}},
		{"k larger than the candidates", 10,
			[][]backend.Candidate{{cand("a", 0.3, 0)}, nil, {cand("b", 0.4, 0)}},
			[]backend.Candidate{cand("b", 0.4, 0), cand("a", 0.3, 0)}},
		{"duplicate across shards: once, best score and its position", 3,
			[][]backend.Candidate{{cand("a", 0.3, 1)}, {cand("a", 0.6, 2), cand("b", 0.4, 0)}, {cand("a", 0.6, 3)}},
			[]backend.Candidate{cand("a", 0.6, 2), cand("b", 0.4, 0)}},
		{"no shard has a candidate", 5, [][]backend.Candidate{nil, {}}, []backend.Candidate{}},
		{"k of 0", 0, [][]backend.Candidate{{cand("a", 1, 0)}}, nil},
		{"negative k", -1, [][]backend.Candidate{{cand("a", 1, 0)}}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := MergeTopK(tt.k, tt.lists...)
			if !slices.Equal(got, tt.want) || (got == nil) != (tt.want == nil) {
				t.Errorf("MergeTopK(%d) = %v, want %v", tt.k, got, tt.want)
			}
		})
	}
}

// TestMergeTopKPartition: for random galleries (scores drawn from few
// values, so ties are common) split at random over n shards, merging
// each shard's top k gives the top k of the whole.
func TestMergeTopKPartition(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		size, n, k := 1+r.IntN(60), 1+r.IntN(5), 1+r.IntN(20)
		all := make([]backend.Candidate, size)
		shards := make([][]backend.Candidate, n)
		for i := range all {
			all[i] = cand(fmt.Sprintf("s%03d", i), float64(r.IntN(8))/8, r.IntN(11))
			j := r.IntN(n)
			shards[j] = append(shards[j], all[i])
		}
		for j := range shards {
			shards[j] = MergeTopK(k, shards[j]) // the shard's own top k
		}
		if got, want := MergeTopK(k, shards...), MergeTopK(k, all); !slices.Equal(got, want) {
			t.Fatalf("trial %d (%d subjects, %d shards, k %d): merged %v, whole %v", trial, size, n, k, got, want)
		}
	}
}
