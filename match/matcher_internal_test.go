package match

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestWithinDelta checks the branch-free direction test against its
// definition for every pair difference (the wrapped difference as int16).
func TestWithinDelta(t *testing.T) {
	for a := 0; a < 1<<16; a += 97 {
		for d := 0; d < 1<<16; d++ {
			b := uint16(a - d)
			diff := int16(uint16(a) - b)
			want := 0
			if diff <= maxDirDiff && diff >= -maxDirDiff {
				want = 1
			}
			if got := withinDelta(uint16(a), b); got != want {
				t.Fatalf("withinDelta(%d, %d) = %d, want %d (difference %d)", a, b, got, want, diff)
			}
		}
	}
}

// TestSortKeysDescending checks the bucket sort of pair keys against a
// full sort, for spreads of similarity from one value to the whole range.
func TestSortKeysDescending(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var c Comparer
	for _, tc := range []struct {
		n        int
		lo, span float32
	}{
		{0, 0, 0}, {1, 0.5, 0}, {2, 0.5, 0}, {50, 0.3, 0}, {1000, 0.3, 1e-6},
		{1000, 0.2, 0.5}, {3000, 1e-30, 1}, {7, 0.9, 0.1},
	} {
		c.keys = c.keys[:0]
		for range tc.n {
			s := tc.lo + tc.span*rng.Float32()
			c.keys = append(c.keys, pairKey(s, rng.IntN(MaxMinutiae), rng.IntN(MaxMinutiae)))
		}
		want := slices.Clone(c.keys)
		slices.Sort(want)
		slices.Reverse(want)
		if got := c.sortKeysDescending(); !slices.Equal(got, want) {
			t.Errorf("%d keys in [%g, %g]: not in descending order", tc.n, tc.lo, tc.lo+tc.span)
		}
	}
	c.keys = append(c.keys[:0], pairKey(1, 0, 0), pairKey(math.SmallestNonzeroFloat32, 1, 1))
	if got := c.sortKeysDescending(); got[0] != pairKey(1, 0, 0) {
		t.Errorf("extreme similarities out of order: %x", got)
	}
}
