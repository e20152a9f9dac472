package batch

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
)

// largeEnv sets how many transactions TestBatchLargeArchive makes (the
// issue's measure is 100000); 2000 by default.
const largeEnv = "BIOGATE_BATCH_LARGE"

// syntheticTarGz streams n small transactions into a tar.gz at name,
// a thousand to a folder, never holding more than one.
func syntheticTarGz(t testing.TB, name string, n int) {
	t.Helper()
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	for i := range n {
		b := transaction(t, i)
		h := &tar.Header{Name: fmt.Sprintf("d%03d/t%06d.an2", i/1000, i), Mode: 0o644, Size: int64(len(b)), Typeflag: tar.TypeReg}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestBatchLargeArchive validates a synthetic tar.gz of many
// transactions: every entry one report line, and the heap in use
// sampled along the way stays bounded (it does not grow with the count).
func TestBatchLargeArchive(t *testing.T) {
	n := 2000
	if v := os.Getenv(largeEnv); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			t.Fatalf("%s=%q is not a count", largeEnv, v)
		}
	}
	dir := t.TempDir()
	name := filepath.Join(dir, "archive.tar.gz")
	syntheticTarGz(t, name, n)
	runtime.GC()
	var peak atomic.Uint64
	var seen atomic.Int64
	out := filepath.Join(dir, "out")
	s, err := Run(context.Background(), Job{Op: OpValidate, Sources: []string{name}, Out: out, Jobs: 2,
		observe: func(Record) {
			if seen.Add(1)%500 == 0 {
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				for p := peak.Load(); m.HeapInuse > p && !peak.CompareAndSwap(p, m.HeapInuse); p = peak.Load() {
				}
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	if s.Files != n || s.ByOutcome[OK] != n {
		t.Errorf("%d files, outcomes %v; want %d ok", s.Files, s.ByOutcome, n)
	}
	if peak.Load() > 64<<20 {
		t.Errorf("heap in use reached %d MB", peak.Load()>>20)
	}
	t.Logf("%d transactions from a tar.gz in %d ms (%.0f files/s), heap in use at most %.1f MB",
		n, s.Millis, float64(n)/(float64(s.Millis)/1000), float64(peak.Load())/(1<<20))
}
