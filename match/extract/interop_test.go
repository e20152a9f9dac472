package extract

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/biogate/biogate/internal/corpustest"
	"github.com/biogate/biogate/match"
	"github.com/biogate/biogate/match/eval"
)

// TestInteropWithMindtct compares this extractor's template of each image
// with NBIS mindtct's templates of every other image of the set (6,320
// ordered pairs, genuine = same finger): templates from the two extractors
// must be comparable, so the EER must stay below NBIS's own (mindtct
// against mindtct, scored by bozorth3). With -v it prints the table.
func TestInteropWithMindtct(t *testing.T) {
	if testing.Short() {
		t.Skip("extracts and compares seven full sets: skipped in -short")
	}
	fmt.Println("| set | ours vs mindtct EER | FNMR@FMR1% | @0.1% | NBIS EER |")
	for _, set := range fvcSets {
		names, fingers, tmpls := extractSet(t, set.name, set.ppi)
		ours := make([]*match.Prepared, len(tmpls))
		theirs := make([]*match.Prepared, len(tmpls))
		for i, tp := range tmpls {
			ours[i] = match.Prepare(*tp)
			ref := readXYT(t, filepath.Join(corpusDir, "reference", "nbis-mindtct", set.name, names[i]+".xyt"), tp.Width, tp.Height)
			theirs[i] = match.Prepare(match.Template{Width: tp.Width, Height: tp.Height, PPI: tp.PPI, Minutiae: ref})
		}
		boz := corpustest.BozorthScores(t, corpusDir, set.name)
		var c match.Comparer
		var scores, nbis []float64
		var gen []bool
		for i := range ours {
			for j := range theirs {
				if i != j {
					scores = append(scores, c.Score(ours[i], theirs[j]))
					nbis = append(nbis, boz[names[i]+"\t"+names[j]])
					gen = append(gen, fingers[i] == fingers[j])
				}
			}
		}
		m, _, err := eval.Summarise(scores, gen)
		if err != nil {
			t.Fatal(err)
		}
		n, _, err := eval.Summarise(nbis, gen)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("| %s | %.2f%% | %.2f%% | %.2f%% | %.2f%% |\n", set.name, 100*m.EER, 100*m.FMR1.FNMR, 100*m.FMR01.FNMR, 100*n.EER)
		if m.EER >= n.EER {
			t.Errorf("%s: EER of ours against mindtct's %.2f%%, not below NBIS's %.2f%%", set.name, 100*m.EER, 100*n.EER)
		}
	}
}
