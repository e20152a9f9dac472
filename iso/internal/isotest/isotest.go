// Package isotest holds what the iso codec tests share: the corpus
// location and the round-trip property the fuzz targets check.
package isotest

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/biogate/biogate/iso"
)

// Corpus is the shared corpus as seen from a codec package directory.
const Corpus = "../../../shared/corpus"

// CorpusFiles returns the contents of the corpus files whose MANIFEST
// format column begins with one of prefixes; none when the corpus is
// absent.
func CorpusFiles(tb testing.TB, prefixes ...string) [][]byte {
	f, err := os.Open(filepath.Join(Corpus, "MANIFEST.tsv"))
	if err != nil {
		tb.Logf("corpus not available (%v): seeding from synthetic records only", err)
		return nil
	}
	defer f.Close()
	var out [][]byte
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 6 {
			continue
		}
		for _, p := range prefixes {
			if strings.HasPrefix(strings.Trim(cols[5], `"`), p) {
				if b, err := os.ReadFile(filepath.Join(Corpus, cols[0])); err == nil {
					out = append(out, b)
				}
			}
		}
	}
	return out
}

// RoundTrip is the property every decoder's fuzz target checks: decoding
// never panics; a record decoded strictly re-encodes to the same bytes; a
// record decoded leniently re-encodes to bytes that decode to an equal
// record and re-encode to the same bytes.
func RoundTrip(t *testing.T, in []byte, f iso.Format) {
	strict, err := iso.DecodeAs(in, f, nil)
	if err == nil {
		out, err := iso.Marshal(strict, f)
		if err != nil {
			t.Fatalf("encoding a strictly decoded record: %v", err)
		}
		if !bytes.Equal(out, in) {
			t.Fatalf("strict round trip differs: %d bytes in, %d out", len(in), len(out))
		}
	}
	rec, _ := iso.DecodeAs(in, f, &iso.DecodeOptions{Lenient: true})
	if rec == nil {
		if err == nil {
			t.Fatal("lenient decode failed where strict decode succeeded")
		}
		return
	}
	out, err := iso.Marshal(rec, f)
	if err != nil {
		return // a lenient record may hold values the encoder refuses
	}
	rec2, _ := iso.DecodeAs(out, f, &iso.DecodeOptions{Lenient: true})
	if rec2 == nil {
		t.Fatalf("re-encoded record does not decode")
	}
	out2, err := iso.Marshal(rec2, f)
	if err != nil || !bytes.Equal(out, out2) {
		t.Fatalf("second round trip differs (%v)", err)
	}
	if !reflect.DeepEqual(rec, rec2) {
		t.Fatalf("record changed across a round trip:\n%+v\n%+v", rec, rec2)
	}
}
