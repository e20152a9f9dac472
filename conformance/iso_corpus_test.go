package conformance

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/biogate/biogate/internal/corpustest"
	"github.com/biogate/biogate/iso"
	_ "github.com/biogate/biogate/iso/all"
)

const isoCorpus = "../../shared/corpus"

// isoCorpusFile is one MANIFEST row of an ISO/INCITS record.
type isoCorpusFile struct {
	path   string
	format iso.Format // "" for the records Identify tells
}

// isoCorpusFiles lists the ISO/INCITS records of the corpus: MANIFEST's
// iso19794-* and incits378-* rows (the card-format record named, the
// others identified from their bytes).
func isoCorpusFiles(t *testing.T) []isoCorpusFile {
	t.Helper()
	var out []isoCorpusFile
	for _, r := range corpustest.Manifest(t, isoCorpus, "iso19794-", "incits378-", "incits381-", "incits385-") {
		switch {
		case strings.HasPrefix(r.Format, "iso19794-2-card-compact"):
			out = append(out, isoCorpusFile{r.Path, iso.FMR2005CardCompact})
		case strings.HasPrefix(r.Format, "iso19794-2-card-normal"):
			out = append(out, isoCorpusFile{r.Path, iso.FMR2005CardNormal})
		default:
			out = append(out, isoCorpusFile{r.Path, ""})
		}
	}
	return out
}

// isoKnownDefects are the corpus records known not to conform, with the
// assertion (suffix) and view each defect must be reported under.
var isoKnownDefects = map[string][]struct {
	id   string
	view int
}{
	// The core/delta block of view 2 declares 42 bytes (and the extended
	// data length 42) where 41 are present.
	"libbiomeval/fmr.iso2005": {{"ISO19794-2:2005.view.ext.block.length", 2}, {"ISO19794-2:2005.view.ext.length", 2}},
	// View 3's core/delta block is 2 bytes short of the cores and deltas
	// it announces; those 2 bytes follow the last view.
	"libbiomeval/fmr.ansi2004": {{"INCITS378:2004.view.ext.coredelta.structure", 3}, {"INCITS378:2004.record.trailing", 0}},
	// The record length field says 340; the record is 341 bytes.
	"biomdi/Sampledata/fingerminutia/ISO-19794-2_2005/Appendix-C2_Example.raw": {{"ISO19794-2:2005.header.length", 0}},
	// The representation length says 7466; the representation is 7471.
	"libbiomeval/iris01.iso2011": {{"ISO19794-6:2011.image.length", 1}},
}

// TestISOCorpus checks every ISO/INCITS record of the corpus, logs the
// report, and expects the known defects (and no other error).
func TestISOCorpus(t *testing.T) {
	files := isoCorpusFiles(t)
	if len(files) == 0 {
		t.Skip("no ISO/INCITS records listed in the corpus MANIFEST")
	}
	for _, cf := range files {
		t.Run(cf.path, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(isoCorpus, cf.path))
			if err != nil {
				t.Skipf("corpus file not available: %v", err)
			}
			rep := CheckISO(b, cf.format, nil)
			e, w := rep.Count()
			t.Logf("%s: %d errors, %d warnings", rep.Catalogues[0], e, w)
			for _, f := range rep.Findings {
				t.Logf("  %v", f)
			}
			want := isoKnownDefects[cf.path]
			found := map[string]bool{}
			for _, f := range rep.Findings {
				found[f.Assertion+"@"+itoa(f.Location.Record)] = true
			}
			for _, d := range want {
				if !found[d.id+"@"+itoa(d.view)] {
					t.Errorf("known defect not reported: %s (view %d)", d.id, d.view)
				}
			}
			if want == nil && e > 0 {
				t.Errorf("%d errors on a record believed to conform", e)
			}
		})
	}
}
