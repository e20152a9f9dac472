package batch

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/biogate/biogate/conformance"
	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/nist"
)

// TestBatchModernise runs `batch modernise` over NIST's reference
// transactions and libbiomeval's records: every file has its line, every
// ok output reads as VER 0502 (or a 2011 / 378-2009 edition) and
// validates with no error, and a nonconformant one carries its findings.
func TestBatchModernise(t *testing.T) {
	const corpus = "../../shared/corpus"
	var srcs []string
	for _, d := range []string{"jnbis", "nbis", "libbiomeval"} {
		if _, err := os.Stat(filepath.Join(corpus, d)); err == nil {
			srcs = append(srcs, filepath.Join(corpus, d))
		}
	}
	if len(srcs) == 0 {
		t.Skip("../shared/corpus is absent: no archive to modernise")
	}
	files := 0
	for _, s := range srcs {
		filepath.WalkDir(s, func(_ string, d os.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				files++
			}
			return nil
		})
	}
	out := filepath.Join(t.TempDir(), "out")
	s, err := Run(context.Background(), Job{Op: OpModernise, Sources: srcs, Out: out, Modernise: Modernise})
	if err != nil {
		t.Fatal(err)
	}
	recs := countOutcomes(t, out, s, files)
	t.Logf("%d files: %v", files, s.ByOutcome)
	ok := 0
	for _, r := range recs {
		switch r.Outcome {
		case OK:
			ok++
			b, err := os.ReadFile(filepath.Join(out, r.Output))
			if err != nil {
				t.Fatalf("%s: %v", r.Source, err)
			}
			checkModernised(t, r.Source, b)
		case Nonconformant:
			if r.Errors == 0 || len(r.Findings) == 0 {
				t.Errorf("%s: nonconformant without findings", r.Source)
			}
		}
	}
	// NIST's reference transactions that modernise with no error (issue
	// 14: the others carry errors of their own, see convert's
	// TestModerniseCorpus) and libbiomeval's 2005/2004 records.
	if ok < 40 {
		t.Errorf("%d files modernised with no error; want at least 40", ok)
	}
}

func checkModernised(t *testing.T, name string, b []byte) {
	t.Helper()
	if f, err := iso.Identify(b); err == nil {
		if _, old := modernEdition[f]; old {
			t.Errorf("%s: the output is still %s", name, f)
		}
		return
	}
	tr, err := nist.DecodeBytes(b, nil)
	if err != nil {
		t.Errorf("%s: the output does not decode: %v", name, err)
		return
	}
	if v, _ := tr.Header().Version(); v != nist.V0502 {
		t.Errorf("%s: the output is VER %v", name, v)
	}
	if rep := conformance.CheckBytes(b, nil); !rep.Conformant() {
		t.Errorf("%s: the output has errors at 0502: %v", name, rep.Findings)
	}
}
