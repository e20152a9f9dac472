package exchange

import (
	"fmt"
	"testing"
	"time"

	"github.com/biogate/biogate/match/backend"
)

func TestFuse(t *testing.T) {
	list := func(subjects ...string) []backend.Candidate {
		out := make([]backend.Candidate, len(subjects))
		for i, s := range subjects {
			out[i] = backend.Candidate{Subject: s, Score: float64(10 - i), Position: i + 1}
		}
		return out
	}
	tests := []struct {
		name    string
		answers []answer
		k       int
		want    string // subject@rank:score, in order
		scores  bool
	}{
		{"none", nil, 5, "[]", true},
		{"one scoring backend, cut at k", []answer{{"a", true, list("x", "y", "z")}}, 2, "[x@1:10 y@2:9]", true},
		{"one decision-only backend", []answer{{"a", false, list("x", "y")}}, 5, "[x@1:- y@2:-]", false},
		// Borda with k=3: x 3+1=4, y 2+3=5, z 1, w 2: y, x, w, z.
		{"two backends fused by rank", []answer{{"a", true, list("x", "y", "z")}, {"b", false, list("y", "w", "x")}}, 3, "[y@1:- x@2:- w@3:-]", false},
		// Equal points: the better best rank first, then the subject.
		{"ties", []answer{{"a", true, list("p", "q")}, {"b", true, list("q", "p")}}, 2, "[p@1:- q@2:-]", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cands, scores := fuse(tt.answers, tt.k)
			var got []string
			for _, c := range cands {
				s := "-"
				if c.Score != nil {
					s = fmt.Sprint(*c.Score)
				}
				got = append(got, fmt.Sprintf("%s@%d:%s", c.Subject, c.Rank, s))
			}
			if fmt.Sprint(got) != tt.want && !(len(got) == 0 && tt.want == "[]") || scores != tt.scores {
				t.Errorf("fuse = %v (scores %v), want %s (scores %v)", got, scores, tt.want, tt.scores)
			}
		})
	}
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		attempts int
		limit    time.Duration
		want     string
	}{
		{1, retryMax, "5s"}, {2, retryMax, "10s"}, {3, retryMax, "20s"}, {11, retryMax, "1h0m0s"}, {100, retryMax, "1h0m0s"},
		// serve's --search-retry (default 30 s) caps it
		{1, 30 * time.Second, "5s"}, {3, 30 * time.Second, "20s"}, {4, 30 * time.Second, "30s"}, {100, 30 * time.Second, "30s"},
		{1, time.Second, "1s"}, {5, time.Second, "1s"},
	}
	for _, tt := range tests {
		if got := backoff(tt.attempts, tt.limit).String(); got != tt.want {
			t.Errorf("backoff(%d, %v) = %s, want %s", tt.attempts, tt.limit, got, tt.want)
		}
	}
}
