package iso_test

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/biogate/biogate/iso"
	_ "github.com/biogate/biogate/iso/all"
)

const corpus = "../../shared/corpus"

type corpusFile struct {
	path, format, notes string
}

// corpusFiles lists the MANIFEST rows of ISO/INCITS records.
func corpusFiles(t testing.TB) []corpusFile {
	f, err := os.Open(filepath.Join(corpus, "MANIFEST.tsv"))
	if err != nil {
		t.Skipf("corpus not available (%v); these tests read %s", err, corpus)
	}
	defer f.Close()
	var out []corpusFile
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 7 {
			continue
		}
		fm := strings.Trim(cols[5], `"`)
		if strings.HasPrefix(fm, "iso19794-") || strings.HasPrefix(fm, "incits3") || strings.HasPrefix(fm, "irex-iris") {
			out = append(out, corpusFile{cols[0], fm, cols[6]})
		}
	}
	return out
}

// manifestFormat maps MANIFEST's format column onto an iso.Format and says
// whether the file is a headerless card record that Identify cannot see.
func manifestFormat(m string) (iso.Format, bool) {
	switch {
	case strings.HasPrefix(m, "iso19794-2-card-compact"):
		return iso.FMR2005CardCompact, true
	case strings.HasPrefix(m, "iso19794-2-2005"):
		return iso.FMR2005, false
	case strings.HasPrefix(m, "incits378-2004"):
		return iso.ANSI378v2004, false
	case strings.HasPrefix(m, "incits378-2007"):
		return iso.ANSI378v2007, false
	case strings.HasPrefix(m, "iso19794-4-2005"):
		return iso.FIR2005, false
	case strings.HasPrefix(m, "iso19794-4-2011"):
		return iso.FIR2011, false
	case strings.HasPrefix(m, "iso19794-5-2005"):
		return iso.Face2005, false
	case strings.HasPrefix(m, "iso19794-6-2005"):
		return iso.Iris2005, false
	case strings.HasPrefix(m, "iso19794-6-2011"):
		return iso.Iris2011, false
	}
	return "", false
}

// TestCorpus identifies every ISO/INCITS record of the corpus, compares
// with MANIFEST.tsv, decodes it leniently and re-encodes it, expecting the
// same bytes.
func TestCorpus(t *testing.T) {
	for _, cf := range corpusFiles(t) {
		t.Run(cf.path, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(corpus, cf.path))
			if err != nil {
				t.Fatal(err)
			}
			want, card := manifestFormat(cf.format)
			if strings.HasPrefix(cf.format, "irex-iris") {
				// NIST IREX I ("IIR\0015\0") is not an ISO format: MANIFEST
				// says so and Identify must refuse it as unsupported.
				_, err := iso.Identify(b)
				var ue iso.UnsupportedError
				if !errors.As(err, &ue) {
					t.Fatalf("Identify(IREX) = %v, want UnsupportedError", err)
				}
				return
			}
			if want == "" {
				t.Fatalf("MANIFEST format %q has no iso.Format", cf.format)
			}
			if !card {
				got, err := iso.Identify(b)
				if err != nil {
					t.Fatalf("Identify: %v", err)
				}
				if got != want {
					t.Fatalf("Identify = %s, MANIFEST says %s", got, cf.format)
				}
			}
			rec, err := iso.DecodeAs(b, want, &iso.DecodeOptions{Lenient: true})
			if rec == nil {
				t.Fatalf("decode: %v", err)
			}
			if err != nil {
				t.Logf("recoverable problems: %v", err)
				var ps iso.Problems
				if errors.As(err, &ps) {
					for _, p := range ps {
						t.Logf("  %v", p)
					}
				}
			}
			out, err := iso.Marshal(rec, want)
			if err != nil {
				t.Fatalf("encode: %v", err)
			}
			if !bytes.Equal(out, b) {
				t.Fatalf("round trip differs: %d bytes in, %d out, first difference at %d", len(b), len(out), firstDiff(b, out))
			}
		})
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
