package match

import (
	"fmt"
	"strings"
	"testing"

	"github.com/biogate/biogate/internal/corpustest"
)

// TestIdentificationRank1 enrols impression 1 of each finger of a set in a
// Gallery and searches with impressions 2 to 8 (the protocol of issue 13's
// end-to-end test): the rank-1 identification rate must be at least that of
// bozorth3's scores on the same minutiae and pairs (a bozorth3 tie for the
// best score counts as a miss). Run with -v for the figures.
func TestIdentificationRank1(t *testing.T) {
	if testing.Short() {
		t.Skip("seven sets: skipped in -short")
	}
	for _, set := range fvcSets {
		ss := loadSet(t, set)
		boz := corpustest.BozorthScores(t, corpusDir, set)
		g := NewGallery()
		var enrolled []sample
		for _, s := range ss {
			if strings.HasSuffix(s.name, "_1") {
				g.Add(Key{Subject: s.finger}, Prepare(s.tmpl))
				enrolled = append(enrolled, s)
			}
		}
		hits, bozHits, probes := 0, 0, 0
		for _, s := range ss {
			if strings.HasSuffix(s.name, "_1") {
				continue
			}
			probes++
			if top := g.Search(Prepare(s.tmpl), 1); len(top) == 1 && top[0].Subject == s.finger {
				hits++
			}
			best, bestFinger, tie := -1.0, "", false
			for _, e := range enrolled {
				v := boz[s.name+"\t"+e.name]
				switch {
				case v > best:
					best, bestFinger, tie = v, e.finger, false
				case v == best:
					tie = true
				}
			}
			if !tie && bestFinger == s.finger {
				bozHits++
			}
		}
		fmt.Printf("%s: rank-1 %d/%d (%.1f%%), bozorth3 %d/%d\n", set, hits, probes, 100*float64(hits)/float64(probes), bozHits, probes)
		if hits < bozHits {
			t.Errorf("%s: rank-1 hits %d below bozorth3's %d", set, hits, bozHits)
		}
	}
}
