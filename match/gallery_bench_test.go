package match

import (
	"fmt"
	"runtime"
	"sync"
	"testing"

	"github.com/biogate/biogate/internal/cputime"
)

// galleryBenchSize is the gallery of the 1:N benchmark.
const galleryBenchSize = 100_000

var bigGallery struct {
	once     sync.Once
	g        *Gallery
	probes   []*Prepared
	perEntry float64 // heap bytes per enrolled template
}

// prepareAll prepares ts on every core.
func prepareAll(ts []Template) []*Prepared {
	ps := make([]*Prepared, len(ts))
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(ts); i += workers {
				ps[i] = Prepare(ts[i])
			}
		}()
	}
	wg.Wait()
	return ps
}

func loadBigGallery(b *testing.B) {
	var sources []Template
	for _, set := range fvcSets {
		for _, s := range loadSet(b, set) {
			sources = append(sources, s.tmpl)
		}
	}
	bigGallery.once.Do(func() {
		ts := Synthesise(sources, galleryBenchSize)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		ps := prepareAll(ts)
		g := NewGallery()
		for i, p := range ps {
			g.Add(Key{Subject: fmt.Sprintf("S%06d", i), Finger: 1}, p)
		}
		ts, ps = nil, nil
		runtime.GC()
		runtime.ReadMemStats(&after)
		bigGallery.g = g
		bigGallery.perEntry = float64(after.HeapAlloc-before.HeapAlloc) / galleryBenchSize
		// Probes: the untouched corpus templates, every 7th.
		for i := 0; i < len(sources); i += 7 {
			bigGallery.probes = append(bigGallery.probes, Prepare(sources[i]))
		}
	})
}

// BenchmarkSearch100k searches a gallery of 100,000 synthesised templates
// for the top 10 candidates on all cores (run with -cpu 2) and reports
// searches per second and the heap bytes per enrolled template (the
// prepared form, its key and the gallery's index).
func BenchmarkSearch100k(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a gallery of 100,000 templates")
	}
	loadBigGallery(b)
	g := bigGallery.g
	g.Workers = runtime.GOMAXPROCS(0)
	b.ResetTimer()
	cpu0 := cputime.Process()
	for n := 0; n < b.N; n++ {
		g.Search(bigGallery.probes[n%len(bigGallery.probes)], 10)
	}
	cpu := cputime.Process() - cpu0
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "searches/s")
	if cpu > 0 {
		b.ReportMetric(float64(b.N*galleryBenchSize)/cpu.Seconds(), "comparisons/cpu-s")
	}
	b.ReportMetric(bigGallery.perEntry, "bytes/template")
}

// BenchmarkSearch100kShortlist is BenchmarkSearch100k with the two-stage
// SearchShortlist keeping 1% of the gallery for full scoring.
func BenchmarkSearch100kShortlist(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a gallery of 100,000 templates")
	}
	loadBigGallery(b)
	g := bigGallery.g
	g.Workers = runtime.GOMAXPROCS(0)
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		g.SearchShortlist(bigGallery.probes[n%len(bigGallery.probes)], 10, galleryBenchSize/100)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "searches/s")
}
