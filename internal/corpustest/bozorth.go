package corpustest

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// BozorthScores reads NBIS bozorth3's score of every ordered pair of a
// fingerprint set (dir/reference/nbis-bozorth3-SET.tsv: probe, candidate,
// genuine, score), keyed "probe\tcandidate" by file name. It skips tb when
// the reference file is absent.
func BozorthScores(tb testing.TB, dir, set string) map[string]float64 {
	tb.Helper()
	f, err := os.Open(filepath.Join(dir, "reference", "nbis-bozorth3-"+set+".tsv"))
	if err != nil {
		tb.Skipf("NBIS reference scores absent (%v); these tests read ../shared/corpus", err)
	}
	defer f.Close()
	out := map[string]float64{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		fs := strings.Split(sc.Text(), "\t")
		if len(fs) != 4 || fs[0] == "probe" {
			continue
		}
		v, err := strconv.ParseFloat(fs[3], 64)
		if err != nil {
			tb.Fatalf("%s line %d: %v", f.Name(), line, err)
		}
		out[fs[0]+"\t"+fs[1]] = v
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("%s: %v", f.Name(), err)
	}
	return out
}
