package convert

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

// corpus is the shared corpus as seen from this package's directory.
const corpus = "../../shared/corpus"

type corpusFile struct{ path, format string }

// manifest returns the MANIFEST rows whose format column starts with one
// of prefixes; it skips the test, saying so, when the corpus is absent.
func manifest(tb testing.TB, prefixes ...string) []corpusFile {
	tb.Helper()
	var out []corpusFile
	for _, r := range corpustest.Manifest(tb, corpus, prefixes...) {
		out = append(out, corpusFile{r.Path, r.Format})
	}
	return out
}

func readCorpus(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(corpus, path))
	if err != nil {
		tb.Skipf("corpus file %s not available: %v", path, err)
	}
	return b
}

// decodeISO decodes a corpus ISO/INCITS file leniently (the corpus has
// records with padding or wrong lengths, which the iso tests cover).
func decodeISO(tb testing.TB, cf corpusFile) iso.Record {
	tb.Helper()
	b := readCorpus(tb, cf.path)
	if strings.HasPrefix(cf.format, "iso19794-2-card-compact") {
		r, err := iso.DecodeAs(b, iso.FMR2005CardCompact, &iso.DecodeOptions{Lenient: true})
		if r == nil {
			tb.Fatalf("%s: %v", cf.path, err)
		}
		return r
	}
	r, _, err := iso.DecodeWith(b, &iso.DecodeOptions{Lenient: true})
	if r == nil {
		tb.Fatalf("%s: %v", cf.path, err)
	}
	return r
}

func decodeAN2(tb testing.TB, path string) *nist.Transaction {
	tb.Helper()
	t, err := nist.DecodeBytes(readCorpus(tb, path), &nist.DecodeOptions{Lenient: true})
	if t == nil {
		tb.Fatalf("%s: %v", path, err)
	}
	return t
}

// type9Files are the corpus transactions with Type-9 minutiae records.
var type9Files = []string{
	"jnbis/ansi/references/type-9-13-m1.an2",
	"jnbis/ansi/references/type-9-14-m1.an2",
	"jnbis/ansi/references/type-9-13-std.an2",
	"jnbis/ansi/references/type-9-14-std.an2",
	"jnbis/ansi/references/type-9-13-9-14-m1.an2",
	"jnbis/ansi/references/type-9-4-iafis.an2",
	"jnbis/ansi/references/type-9-10-14.an2",
	"libbiomeval/type9.an2k",
	"libbiomeval/type9-13.an2k",
	"libbiomeval/type9-15.an2k",
	"libbiomeval/type9-efs.an2k",
}
