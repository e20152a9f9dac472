package bench_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/match"
	"github.com/biogate/biogate/match/input"
	"github.com/biogate/biogate/match/source"
	"github.com/biogate/biogate/match/templateio"
)

// TestInteropFingerJetFX compares Biogate's templates of the FingerJetFX
// OSE sample images (PGM) with the ISO/IEC 19794-2:2005 templates
// FingerJetFX made of them (corpus fingerjetfx/). The samples are two
// impressions, a and b, of some fingers: a001_04p and b001_04p show the
// same finger (the name without its first letter), as both extractors'
// templates agree (each scores those pairs, and a001_06p/b001_06p, far
// above all others). A Biogate template against FingerJetFX's of the
// other impression of the same finger, or of the same image, must score
// above every pair of different fingers.
func TestInteropFingerJetFX(t *testing.T) {
	isoDir := filepath.Join(corpus, "fingerjetfx", "templates-iso")
	names, _ := filepath.Glob(filepath.Join(isoDir, "*.ist"))
	if len(names) == 0 {
		t.Skipf("corpus not available: no %s/*.ist", isoDir)
	}
	sort.Strings(names)
	type pair struct{ own, foreign *match.Prepared }
	var ps []pair
	var fingers []string
	for _, p := range names {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rec, _, err := iso.Decode(b)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		ft, _, err := templateio.FromRecord(rec.(*iso.MinutiaeRecord), 0)
		if err != nil {
			t.Fatal(err)
		}
		base := strings.TrimSuffix(filepath.Base(p), ".ist")
		img, err := os.ReadFile(filepath.Join(corpus, "fingerjetfx", "images-pgm", base+".pgm"))
		if err != nil {
			t.Fatal(err)
		}
		fg, err := source.ImageFile(img, nil)
		if err != nil {
			t.Fatalf("%s.pgm: %v", base, err)
		}
		// The PGM states no resolution; the template made from it does.
		it, err := input.Extract(&fg, &input.Options{PPI: ft.PPI})
		if err != nil {
			t.Fatalf("%s.pgm: %v", base, err)
		}
		ps = append(ps, pair{match.Prepare(it.Template), match.Prepare(ft)})
		fingers = append(fingers, base[1:])
	}
	minGenuine, maxImpostor := 1.0, 0.0
	var gen, imp int
	for i := range ps {
		for j := range ps {
			s := match.Score(ps[i].own, ps[j].foreign)
			switch {
			case i == j:
				t.Logf("%s: Biogate against FingerJetFX, same image: %.4f", filepath.Base(names[i]), s)
				minGenuine = min(minGenuine, s)
			case fingers[i] == fingers[j]:
				minGenuine, gen = min(minGenuine, s), gen+1
			default:
				maxImpostor, imp = max(maxImpostor, s), imp+1
			}
		}
	}
	t.Logf("Biogate against FingerJetFX templates: %d genuine cross pairs and %d same-image pairs, lowest %.4f; %d impostor pairs, highest %.4f",
		gen, len(ps), minGenuine, imp, maxImpostor)
	if gen == 0 || imp == 0 {
		t.Fatalf("%d genuine and %d impostor pairs", gen, imp)
	}
	if minGenuine <= maxImpostor {
		t.Errorf("a genuine pair scores %.4f, not above the highest impostor pair %.4f", minGenuine, maxImpostor)
	}
}
