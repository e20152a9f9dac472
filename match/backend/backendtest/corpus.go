package backendtest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/biogate/biogate/match"
	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/samples"
	"github.com/biogate/biogate/match/input"
)

// FVCSet is the corpus set the suite enrols from: FVC2002 DB1_B, 500 ppi
// TIFF scans named FINGER_IMPRESSION.tif, fingers 101-110, impressions
// 1-8.
const FVCSet = "fingerprints/fvc2002-db1-b"

// CorpusDir returns the shared corpus folder, ../shared/corpus beside the
// module's root (found by walking up from the test's folder to go.mod),
// and skips tb, saying so, when it is absent.
func CorpusDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		up := filepath.Dir(dir)
		if up == dir {
			tb.Skip("corpus absent: no go.mod above the test's folder to find ../shared/corpus from")
		}
		dir = up
	}
	corpus := filepath.Join(dir, "..", "shared", "corpus")
	if _, err := os.Stat(corpus); err != nil {
		tb.Skipf("corpus absent: %v", err)
	}
	return corpus
}

// cache keeps the samples built from each file and format list: building
// a minutiae sample from an image extracts its minutiae, which the suite
// would otherwise repeat for every backend and subtest.
var cache sync.Map // string → []backend.Sample

// Samples returns the samples samples.FromInput builds from the file at
// path for a backend taking formats. It skips tb when the file is absent
// and fails it when the file gives no sample.
func Samples(tb testing.TB, path string, formats []string) []backend.Sample {
	tb.Helper()
	key := path + "\x00" + strings.Join(formats, ",")
	if s, ok := cache.Load(key); ok {
		return s.([]backend.Sample)
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		tb.Skipf("corpus absent: %v", err)
	}
	if err != nil {
		tb.Fatal(err)
	}
	s, _, err := samples.FromInput(b, formats)
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	cache.Store(key, s)
	return s
}

// FVC returns the samples of impression of finger (101-110) of FVCSet
// for a backend taking formats.
func FVC(tb testing.TB, finger, impression int, formats []string) []backend.Sample {
	tb.Helper()
	return Samples(tb, filepath.Join(CorpusDir(tb), FVCSet, fmt.Sprintf("%d_%d.tif", finger, impression)), formats)
}

// FVCRecords returns the 80 impressions of FVCSet (fingers 101-110,
// impressions 1-8) as 19794-2:2011 minutiae records (Biogate's own
// extraction) and their templates: the probes and the sources of the
// synthesised galleries (match.Synthesise) of the benchmarks.
func FVCRecords(tb testing.TB) ([]backend.Sample, []match.Template) {
	tb.Helper()
	var records []backend.Sample
	var ts []match.Template
	for f := 101; f <= 110; f++ {
		for imp := 1; imp <= 8; imp++ {
			s := FVC(tb, f, imp, []string{backend.FingerMinutiae})[0]
			items, err := input.Templates(s.Data, nil)
			if err != nil || len(items) != 1 {
				tb.Fatalf("%d_%d: %d templates, %v", f, imp, len(items), err)
			}
			records = append(records, s)
			ts = append(ts, items[0].Template)
		}
	}
	return records, ts
}
