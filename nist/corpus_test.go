package nist

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir is the shared corpus of real files (see ../shared/corpus/README.md).
const corpusDir = "../../shared/corpus"

// corpusFiles lists every traditional-encoding transaction in the corpus
// manifest, as paths relative to corpusDir. It skips the test when the
// corpus is absent.
func corpusFiles(t testing.TB) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(corpusDir, "MANIFEST.tsv"))
	if err != nil {
		t.Skipf("corpus not available (%v); these tests read ../shared/corpus", err)
	}
	defer f.Close()
	var files []string
	s := bufio.NewScanner(f)
	s.Buffer(make([]byte, 1<<20), 1<<20)
	for s.Scan() {
		cols := strings.Split(s.Text(), "\t")
		if len(cols) > 5 && cols[5] == "an2-traditional" {
			files = append(files, cols[0])
		}
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("MANIFEST.tsv lists no an2-traditional file")
	}
	return files
}

// failDecoder reports whether the corpus files in path are expected to be
// rejected by a decoder (NIST's fail_decoder set).
func failDecoder(path string) bool { return strings.Contains(path, "/fail_decoder/") }

// TestCorpusRoundTrip decodes and re-encodes every traditional file of the
// corpus and reports, per file, whether the bytes are identical and if not,
// why.
func TestCorpusRoundTrip(t *testing.T) {
	files := corpusFiles(t)
	identical := 0
	for _, name := range files {
		b, err := os.ReadFile(filepath.Join(corpusDir, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		tr, err := DecodeBytes(b, &DecodeOptions{Lenient: true})
		if failDecoder(name) {
			if tr != nil || err == nil {
				t.Errorf("%s: decoded, but NIST lists it as one a decoder must reject", name)
			} else {
				t.Logf("%s: rejected as expected: %v", name, err)
				identical++ // counted as behaving as the standard allows
			}
			continue
		}
		if tr == nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		var problems Problems
		if err != nil && !errors.As(err, &problems) {
			t.Errorf("%s: unexpected error type %T: %v", name, err, err)
		}
		out, err := Marshal(tr)
		if err != nil {
			t.Errorf("%s: encode: %v", name, err)
			continue
		}
		switch {
		case bytes.Equal(out, b):
			identical++
			if len(problems) > 0 {
				t.Logf("%s: byte-identical; %d problems reported, first: %v", name, len(problems), problems[0])
			}
		case len(problems) > 0:
			t.Logf("%s: differs at byte %d, as the decoder reported: %v", name, firstDiff(out, b), problems)
		default:
			t.Errorf("%s: re-encoded bytes differ at byte %d (got %d bytes, want %d) with no problem reported", name, firstDiff(out, b), len(out), len(b))
		}
	}
	t.Logf("%d of %d corpus files byte-identical after decode and encode (or rejected where NIST says they must be)", identical, len(files))
}

func firstDiff(a, b []byte) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}
