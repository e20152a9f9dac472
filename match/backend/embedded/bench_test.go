package embedded

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/biogate/biogate/match"
	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/backendtest"
	"github.com/biogate/biogate/store"
)

// distinctForms is the most distinct synthesised templates the rebuild
// benchmark prepares; larger stores repeat them (a rebuild's cost
// depends on the size of the prepared forms, not on what they hold).
const distinctForms = 100_000

// corpusRecords returns the 19794-2:2011 minutiae records of FVC2002
// DB1_B (80 images, Biogate's own extraction) and their templates.
func corpusRecords(b *testing.B) ([]backend.Sample, []match.Template) {
	return backendtest.FVCRecords(b)
}

// storedForms returns n enrolled samples for the rebuild benchmark:
// match.Synthesise's templates from the corpus's, prepared on every
// core, each with its minutiae record and prepared form.
func storedForms(b *testing.B, n int) []store.EnrolledSample {
	_, sources := corpusRecords(b)
	ts := match.Synthesise(sources, min(n, distinctForms))
	out := make([]store.EnrolledSample, len(ts))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(ts); i = int(next.Add(1) - 1) {
				data, err := minutiaeRecord(ts[i])
				if err != nil {
					panic(err)
				}
				ix, _ := match.Prepare(ts[i]).MarshalBinary()
				out[i] = store.EnrolledSample{Format: backend.FingerMinutiae, Position: 1 + i%10, Data: data, Index: ix}
			}
		})
	}
	wg.Wait()
	return out
}

// fillStore enrols n subjects of one template each into gallery "bench"
// of a new store in dir, from 1000 concurrent writers (whose commits
// bbolt batches, up to its MaxBatchSize of 1000).
func fillStore(b *testing.B, dir string, n int, forms []store.EnrolledSample) {
	st, err := store.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	var next atomic.Int64
	var wg sync.WaitGroup
	var failed atomic.Value
	for range 1000 {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				e := &store.Enrolment{
					Space: store.SpaceEmbedded, Gallery: "bench", Subject: fmt.Sprintf("S%07d", i),
					Backend: Name, Samples: []store.EnrolledSample{forms[i%len(forms)]},
				}
				if err := st.PutEnrolment(context.Background(), e); err != nil {
					failed.Store(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkRebuild measures New's rebuild of the index from a store of
// 10,000 and 100,000 enrolled templates (and 1,000,000 when
// BIOGATE_REBUILD_1M=1; that one needs some 13 GB of memory and 14 GB of
// disk), reporting templates/s and the heap bytes per template. Run with
//
//	go test ./match/backend/embedded -run XXX -bench Rebuild -benchtime 1x
func BenchmarkRebuild(b *testing.B) {
	sizes := []int{10_000, 100_000}
	if os.Getenv("BIOGATE_REBUILD_1M") == "1" {
		sizes = append(sizes, 1_000_000)
	}
	root, err := os.MkdirTemp("", "biogate-rebuild-")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(root) })
	var forms []store.EnrolledSample
	filled := map[int]bool{}
	for _, n := range sizes {
		dir := filepath.Join(root, fmt.Sprint(n))
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			if !filled[n] {
				start := time.Now()
				if forms == nil {
					forms = storedForms(b, sizes[len(sizes)-1])
					b.Logf("%d templates synthesised and prepared in %v", len(forms), time.Since(start))
				}
				start = time.Now()
				fillStore(b, dir, n, forms)
				filled[n] = true
				b.Logf("store of %d enrolments written in %v", n, time.Since(start))
			}
			st, err := store.Open(dir)
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			b.ResetTimer()
			var be *Backend
			for range b.N {
				if be != nil {
					b.StopTimer()
					be.Close()
					be = nil
					runtime.GC()
					b.StartTimer()
				}
				if be, err = New(st, Options{Log: quiet}); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			runtime.GC()
			runtime.ReadMemStats(&after)
			h, _ := be.Health(context.Background())
			if h.Subjects["bench"] != n {
				b.Fatalf("rebuilt %d subjects, want %d", h.Subjects["bench"], n)
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "templates/s")
			b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(n), "heap-bytes/template")
			if fi, err := os.Stat(filepath.Join(dir, store.FileName)); err == nil {
				b.ReportMetric(float64(fi.Size())/float64(n), "file-bytes/template")
			}
			be.Close()
		})
	}
}

// BenchmarkEnrol measures durable enrolments (decode, prepare, store
// commit, index) of one minutiae record each, from one client and from
// 16 concurrent clients (whose commits bbolt batches), reporting
// enrolments/s. Run with
//
//	go test ./match/backend/embedded -run XXX -bench Enrol -benchtime 2000x
func BenchmarkEnrol(b *testing.B) {
	records, _ := corpusRecords(b)
	for _, clients := range []int{1, 16} {
		b.Run(fmt.Sprintf("clients=%d", clients), func(b *testing.B) {
			st, err := store.Open(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			be, err := New(st, Options{Log: quiet})
			if err != nil {
				b.Fatal(err)
			}
			defer be.Close()
			var next atomic.Int64
			var wg sync.WaitGroup
			b.ResetTimer()
			for range clients {
				wg.Go(func() {
					for i := int(next.Add(1) - 1); i < b.N; i = int(next.Add(1) - 1) {
						s := records[i%len(records)]
						if err := be.Enrol(context.Background(), "bench", fmt.Sprintf("E%07d", i), []backend.Sample{s}); err != nil {
							b.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "enrolments/s")
		})
	}
}

// BenchmarkIdentify measures 1:N searches (top 10, one probe sample of
// unknown position, so every partition is searched) of galleries of
// 10,000 and 100,000 synthesised templates, reporting searches/s and the
// latency percentiles. Run with
//
//	go test ./match/backend/embedded -run XXX -bench Identify -benchtime 20x
func BenchmarkIdentify(b *testing.B) {
	records, _ := corpusRecords(b)
	var forms []store.EnrolledSample
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			if len(forms) < n {
				forms = storedForms(b, n)
			}
			dir := b.TempDir()
			fillStore(b, dir, n, forms)
			st, err := store.Open(dir)
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			be, err := New(st, Options{Log: quiet})
			if err != nil {
				b.Fatal(err)
			}
			defer be.Close()
			lat := make([]time.Duration, b.N)
			b.ResetTimer()
			for i := range b.N {
				start := time.Now()
				cs, err := be.Identify(context.Background(), "bench", []backend.Sample{records[i%len(records)]}, 10)
				lat[i] = time.Since(start)
				if err != nil || len(cs) != 10 {
					b.Fatalf("%d candidates, %v", len(cs), err)
				}
			}
			b.StopTimer()
			slices.Sort(lat)
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "searches/s")
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)].Microseconds())/1000, "p99-ms")
		})
	}
}
