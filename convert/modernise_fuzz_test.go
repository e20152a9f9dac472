package convert

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/biogate/biogate/nist"
)

// FuzzModernise checks on arbitrary transactions that Modernise (with and
// without DropUncarried) never panics, that what it returns encodes, decodes back at VER 0502 with the
// same number of records, and that modernising the result again changes
// nothing. Seeds: the NIST reference transactions of the corpus (whole up
// to 64 KiB, else their first 4 KiB, so that the fuzzer works on structure
// rather than image bytes) and the regression inputs in testdata/fuzz.
func FuzzModernise(f *testing.F) {
	if _, err := os.Stat(filepath.Join(corpus, "MANIFEST.tsv")); err == nil {
		for _, cf := range manifest(f, "an2-traditional") {
			b, err := os.ReadFile(filepath.Join(corpus, cf.path))
			if err != nil {
				continue
			}
			if len(b) > 64<<10 {
				b = b[:4<<10]
			}
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		src, _ := nist.DecodeBytes(in, &nist.DecodeOptions{Lenient: true})
		if src == nil {
			return
		}
		opts := &ModerniseOptions{DropUncarried: len(in)%2 == 0}
		out, rep, err := Modernise(src, opts)
		if rep == nil {
			t.Fatal("no report")
		}
		if err != nil {
			if out != nil {
				t.Fatalf("a transaction returned with the error %v", err)
			}
			return
		}
		dropped := 0
		for _, f := range rep.Findings {
			if f.What == "image record" {
				dropped++
			}
		}
		if len(out.Records)+dropped != len(src.Records) {
			t.Fatalf("%d records became %d, %d named as dropped", len(src.Records), len(out.Records), dropped)
		}
		b, err := nist.Marshal(out)
		if err != nil {
			t.Fatalf("the output does not encode: %v", err)
		}
		back, _ := nist.DecodeBytes(b, &nist.DecodeOptions{Lenient: true})
		if back == nil {
			t.Fatal("the output does not decode")
		}
		if v, _ := back.Header().Version(); v != nist.V0502 {
			t.Fatalf("VER %s after modernising", v)
		}
		again, rep2, err := Modernise(out, nil)
		if err != nil || !rep2.Lossless() {
			t.Fatalf("modernising a 0502 transaction: %v %s", err, rep2)
		}
		b2, err := nist.Marshal(again)
		if err != nil || string(b2) != string(b) {
			t.Fatalf("modernising a 0502 transaction changed it (%v)", err)
		}
	})
}
