package templateio_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/biogate/biogate/internal/corpustest"
	"github.com/biogate/biogate/iso"
	_ "github.com/biogate/biogate/iso/all"
	"github.com/biogate/biogate/nist"
)

const corpus = "../../../shared/corpus"

// minutiaeRecords decodes every ISO/INCITS finger minutiae record of the
// corpus (the headerless card record as the MANIFEST names it).
func minutiaeRecords(t *testing.T) map[string]*iso.MinutiaeRecord {
	t.Helper()
	out := map[string]*iso.MinutiaeRecord{}
	for _, row := range corpustest.Manifest(t, corpus, "iso19794-2", "incits378") {
		b, err := os.ReadFile(filepath.Join(corpus, row.Path))
		if err != nil {
			t.Fatal(err)
		}
		var rec iso.Record
		if strings.HasPrefix(row.Format, "iso19794-2-card-compact") {
			rec, err = iso.DecodeAs(b, iso.FMR2005CardCompact, &iso.DecodeOptions{Lenient: true})
		} else {
			rec, _, err = iso.DecodeWith(b, &iso.DecodeOptions{Lenient: true})
		}
		if rec == nil {
			t.Fatalf("%s: %v", row.Path, err)
		}
		out[row.Path] = rec.(*iso.MinutiaeRecord)
	}
	if len(out) == 0 {
		t.Fatal("MANIFEST.tsv lists no finger minutiae record")
	}
	return out
}

// type9Transactions decodes every corpus transaction holding a Type-9
// record with minutiae.
func type9Transactions(t *testing.T) map[string]*nist.Transaction {
	t.Helper()
	out := map[string]*nist.Transaction{}
	for _, row := range corpustest.Manifest(t, corpus, "an2-traditional") {
		b, err := os.ReadFile(filepath.Join(corpus, row.Path))
		if err != nil {
			t.Fatal(err)
		}
		tr, _ := nist.DecodeBytes(b, &nist.DecodeOptions{Lenient: true})
		if tr == nil {
			continue
		}
		for _, r := range tr.Records {
			if r.Type == 9 && (nist.HasM1Minutiae(r) || nist.HasLegacyMinutiae(r)) {
				out[row.Path] = tr
				break
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("no corpus transaction holds Type-9 minutiae")
	}
	return out
}

// minutiaeSeeds are the corpus minutiae records (none when it is absent).
func minutiaeSeeds() [][]byte {
	var out [][]byte
	for _, p := range []string{"libbiomeval/fmr.ansi2004", "libbiomeval/fmr.ansi2007", "libbiomeval/fmr.iso2005",
		"biomdi/Sampledata/fingerminutia/ISO-19794-2_2005/Appendix-C2_Example.raw"} {
		if b, err := os.ReadFile(filepath.Join(corpus, p)); err == nil {
			out = append(out, b)
		}
	}
	return out
}
