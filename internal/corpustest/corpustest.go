// Package corpustest reads the shared corpus's MANIFEST.tsv for tests:
// the rows of the files of some formats, skipping the test, saying so,
// when the corpus is absent.
package corpustest

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Row is one MANIFEST.tsv line: the file's path under the corpus folder
// and its format column (quotes removed).
type Row struct{ Path, Format string }

// Manifest returns the rows of dir/MANIFEST.tsv whose format column
// starts with one of prefixes. It skips tb when the manifest cannot be
// read.
func Manifest(tb testing.TB, dir string, prefixes ...string) []Row {
	tb.Helper()
	f, err := os.Open(filepath.Join(dir, "MANIFEST.tsv"))
	if err != nil {
		tb.Skipf("corpus not available (%v); these tests read %s", err, dir)
	}
	defer f.Close()
	var out []Row
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 6 {
			continue
		}
		fm := strings.Trim(cols[5], `"`)
		for _, p := range prefixes {
			if strings.HasPrefix(fm, p) {
				out = append(out, Row{cols[0], fm})
				break
			}
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("reading %s/MANIFEST.tsv: %v", dir, err)
	}
	return out
}
