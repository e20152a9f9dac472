package bench_test

import (
	"os"
	"path/filepath"
	"testing"

	_ "github.com/biogate/biogate/iso/all"
	"github.com/biogate/biogate/match/bench"
)

const corpus = "../../../shared/corpus"

// TestInteropFVC2002DB1 measures how Biogate's templates compare with
// NBIS mindtct's of the same images (fvc2002-db1-b, 500 ppi), mindtct's
// passed through ISO/IEC 19794-2:2011 records: the EER over cross pairs
// (a Biogate template against a mindtct template of another image) is
// logged beside Biogate-Biogate and mindtct-mindtct with the same
// matcher. "Sensibly" is asserted as: the cross EER is below NBIS's own
// EER on this set (mindtct + bozorth3, 4.17%, corpus reference README),
// and at least 95% of the images' two templates (one per extractor)
// score above the cross FMR-0.1% threshold. A wrong reading of NBIS's
// conventions (y from the top, theta not turned by 180°) fails both.
func TestInteropFVC2002DB1(t *testing.T) {
	if testing.Short() {
		t.Skip("extracts 80 images")
	}
	dir := filepath.Join(corpus, "fingerprints", "fvc2002-db1-b")
	xyt := filepath.Join(corpus, "reference", "nbis-mindtct", "fvc2002-db1-b")
	if _, err := os.Stat(xyt); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	r, err := bench.RunInterop(dir, xyt, 500)
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range []struct {
		name string
		s    any
	}{{"Biogate-Biogate", r.Own}, {"mindtct-mindtct", r.Foreign}, {"Biogate-mindtct", r.Cross}} {
		t.Logf("%s: %+v", row.name, row.s)
	}
	t.Logf("EER: Biogate-Biogate %.2f%%, mindtct(ISO)-mindtct(ISO) %.2f%%, Biogate-mindtct(ISO) %.2f%%; FNMR at FMR 1%%: %.2f%%, %.2f%%, %.2f%%; at FMR 0.1%%: %.2f%%, %.2f%%, %.2f%%",
		100*r.Own.EER, 100*r.Foreign.EER, 100*r.Cross.EER,
		100*r.Own.FMR1.FNMR, 100*r.Foreign.FMR1.FNMR, 100*r.Cross.FMR1.FNMR,
		100*r.Own.FMR01.FNMR, 100*r.Foreign.FMR01.FNMR, 100*r.Cross.FMR01.FNMR)
	if r.Cross.Genuine != 560 || r.Cross.Impostor != 5760 {
		t.Errorf("cross pairs: %d genuine, %d impostor; want 560 and 5760", r.Cross.Genuine, r.Cross.Impostor)
	}
	if r.Cross.EER >= 0.0417 {
		t.Errorf("Biogate-mindtct EER %.2f%% is not below NBIS's own 4.17%%", 100*r.Cross.EER)
	}
	below := 0
	for i, s := range r.SameImage {
		if s < r.Cross.FMR01.Threshold {
			below++
			t.Logf("%s: the two templates of the image score %.4f, below the cross FMR-0.1%% threshold %.4f", r.Samples[i].Name(), s, r.Cross.FMR01.Threshold)
		}
	}
	t.Logf("same image, two extractors: %d of %d above the cross FMR-0.1%% threshold", len(r.SameImage)-below, len(r.SameImage))
	if 20*below > len(r.SameImage) {
		t.Errorf("%d of %d images' two templates score below the cross FMR-0.1%% threshold; at most 5%% may", below, len(r.SameImage))
	}
}
