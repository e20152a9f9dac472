package match

import (
	"fmt"
	"testing"

	"github.com/biogate/biogate/internal/corpustest"
	"github.com/biogate/biogate/match/eval"
)

// crossScores compares every ordered pair of different samples and
// returns the scores keyed "probe\tgallery" with genuine labels.
func crossScores(ss []sample) (map[string]float64, map[string]bool) {
	ps := make([]*Prepared, len(ss))
	for i, s := range ss {
		ps[i] = Prepare(s.tmpl)
	}
	scores := map[string]float64{}
	gen := map[string]bool{}
	var c Comparer
	for i := range ss {
		for j := range ss {
			if i == j {
				continue
			}
			k := ss[i].name + "\t" + ss[j].name
			scores[k] = c.Score(ps[i], ps[j])
			gen[k] = ss[i].finger == ss[j].finger
		}
	}
	return scores, gen
}

// summarise evaluates scores over the keys of gen in a fixed order.
func summarise(t testing.TB, scores map[string]float64, gen map[string]bool) eval.Summary {
	keys := make([]string, 0, len(gen))
	for k := range gen {
		keys = append(keys, k)
	}
	// Summarise does not depend on the order, but keep it fixed anyway.
	sortStrings(keys)
	s := make([]float64, len(keys))
	g := make([]bool, len(keys))
	for i, k := range keys {
		v, ok := scores[k]
		if !ok {
			t.Fatalf("no score for %q", k)
		}
		s[i], g[i] = v, gen[k]
	}
	sum, _, err := eval.Summarise(s, g)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// TestAccuracyVersusBozorth3 compares the matcher with NBIS bozorth3 on
// the same mindtct minutiae over every ordered pair of each FVC set: the
// matcher's EER must be lower on every set. Run with -v for the table.
func TestAccuracyVersusBozorth3(t *testing.T) {
	if testing.Short() {
		t.Skip("all pairs of seven sets: skipped in -short")
	}
	var all []float64
	var allGen []bool
	fmt.Println("| set | MCC EER | FNMR@1% | @0.1% | @0 | bozorth3 EER | FNMR@1% | @0.1% | @0 |")
	for _, set := range fvcSets {
		ss := loadSet(t, set)
		scores, gen := crossScores(ss)
		if len(gen) != 6320 {
			t.Errorf("%s: %d pairs, want 6320", set, len(gen))
		}
		m := summarise(t, scores, gen)
		b := summarise(t, corpustest.BozorthScores(t, corpusDir, set), gen)
		fmt.Printf("| %s | %.2f%% | %.2f%% | %.2f%% | %.2f%% | %.2f%% | %.2f%% | %.2f%% | %.2f%% |\n", set,
			100*m.EER, 100*m.FMR1.FNMR, 100*m.FMR01.FNMR, 100*m.ZeroFMR.FNMR,
			100*b.EER, 100*b.FMR1.FNMR, 100*b.FMR01.FNMR, 100*b.ZeroFMR.FNMR)
		if m.EER >= b.EER {
			t.Errorf("%s: EER %.2f%% not below bozorth3's %.2f%%", set, 100*m.EER, 100*b.EER)
		}
		for k, v := range scores {
			all = append(all, v)
			allGen = append(allGen, gen[k])
		}
	}
	s, _, err := eval.Summarise(all, allGen)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("all sets: EER %.2f%%; threshold at FMR 1%% %.4f, 0.1%% %.4f, 0.01%% %.4f\n",
		100*s.EER, s.FMR1.Threshold, s.FMR01.Threshold, s.FMR001.Threshold)
}
