package api

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/match"
	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/backendtest"
	"github.com/biogate/biogate/match/templateio"
	"github.com/biogate/biogate/store"
)

// Search latency and enrolment rate through the service: the real
// handler stack over HTTP on loopback, the embedded backend, the bbolt
// store, the audit log. Not run by default (benchmarks); for example:
//
//	go test ./api -run '^$' -bench 'GallerySearch/10k' -benchtime 200x
//	go test ./api -run '^$' -bench 'GallerySearch/100k' -benchtime 30x -timeout 30m
//	go test ./api -run '^$' -bench 'Enrol' -benchtime 2000x
//
// The galleries are preloaded into the embedded backend's store space
// (what its Enrol writes: the 19794-2:2011 record and the prepared form)
// before the service starts, which rebuilds its index from them, rather
// than enrolled one by one through HTTP.

// syntheticTemplates makes n templates from the FVC2002 DB1_B templates
// of this package's end-to-end tests, each moved by a random rigid motion
// (a turn within ±45°, a shift within ±40 px) with each minutia dropped
// with probability 0.15, from a fixed seed: distinct impressions of a few
// fingers, which cost a search what real ones do.
func syntheticTemplates(b *testing.B, n int) []match.Template {
	b.Helper()
	enrolled, probes := fvcPrints(b)
	var sources []match.Template
	for _, p := range append(enrolled, probes...) {
		s := backendtestSample(b, p)
		tm, err := templateOf(s)
		if err != nil {
			b.Fatal(err)
		}
		sources = append(sources, tm)
	}
	r := rand.New(rand.NewPCG(13, 2026))
	out := make([]match.Template, n)
	for i := range out {
		out[i] = moved(sources[i%len(sources)], r.Float64()*90-45, r.IntN(81)-40, r.IntN(81)-40, r)
	}
	return out
}

// backendtestSample is the ISO/IEC 19794-2:2011 sample of a scan, as
// samples.FromInput makes it for the embedded backend.
func backendtestSample(b testing.TB, p fvcPrint) []byte {
	b.Helper()
	return backendtest.Samples(b, p.path, minutiaeOnly)[0].Data
}

// moved turns t by deg degrees about its centre, shifts it by (dx, dy)
// and drops each minutia with probability 0.15; minutiae leaving the
// image are dropped too.
func moved(t match.Template, deg float64, dx, dy int, r *rand.Rand) match.Template {
	out := t
	out.Minutiae = nil
	out.RidgeCounts = nil
	cx, cy := float64(t.Width)/2, float64(t.Height)/2
	sin, cos := math.Sincos(deg * math.Pi / 180)
	for _, m := range t.Minutiae {
		if r.Float64() < 0.15 {
			continue
		}
		x, y := float64(m.X)-cx, float64(m.Y)-cy
		m.X = int(math.Round(cx+x*cos+y*sin)) + dx
		m.Y = int(math.Round(cy-x*sin+y*cos)) + dy
		m.Angle = math.Mod(m.Angle+deg+720, 360)
		if m.X < 0 || m.Y < 0 || m.X >= t.Width || m.Y >= t.Height {
			continue
		}
		out.Minutiae = append(out.Minutiae, m)
	}
	return out
}

// preloadGallery writes ts into the embedded backend's space of the
// store in data as subjects S000000, S000001, ... of gallery, as its
// Enrol does, many at once (the store batches concurrent writes).
func preloadGallery(b *testing.B, data, gallery string, ts []match.Template) {
	b.Helper()
	st, err := store.Open(data)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(ts) {
					return
				}
				rec, _, err := templateio.ToRecord(ts[i], iso.FMR2011)
				if err != nil {
					errs <- err
					return
				}
				var buf bytes.Buffer
				if err := iso.Encode(&buf, rec, iso.FMR2011); err != nil {
					errs <- err
					return
				}
				ix, _ := match.Prepare(ts[i]).MarshalBinary()
				e := &store.Enrolment{Space: store.SpaceEmbedded, Gallery: gallery, Subject: fmt.Sprintf("S%06d", i),
					Created: time.Now().UTC(), Backend: "embedded",
					Samples: []store.EnrolledSample{{Format: backend.FingerMinutiae, Position: ts[i].Finger, Data: buf.Bytes(), Index: ix}}}
				if err := st.PutEnrolment(context.Background(), e); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
}

// copyFile copies a file (the preloaded store).
func copyFile(b *testing.B, from, to string) {
	b.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o600); err != nil {
		b.Fatal(err)
	}
}

// reportLatencies reports the 50th and 99th percentiles of ds, in ms.
func reportLatencies(b *testing.B, ds []time.Duration) {
	slices.Sort(ds)
	at := func(q float64) float64 {
		i := min(len(ds)-1, int(math.Ceil(q*float64(len(ds))))-1)
		return float64(ds[max(i, 0)].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

// BenchmarkGallerySearch: POST /v1/galleries/{g}/search?limit=10 with an
// ISO/IEC 19794-2:2011 probe (an FVC2002 DB1_B impression 2-8) against a
// gallery of 10,000 or 100,000 templates, one search at a time; p50 and
// p99 in ms besides ns/op. The time to start (the index rebuilt from the
// store) is logged.
func BenchmarkGallerySearch(b *testing.B) {
	if onPostgres() {
		// The gallery is preloaded into an embedded store's file, copied
		// into each run's data folder: there is no such file to copy on
		// PostgreSQL, and the benchmark measures the matcher, not the
		// store (the stores' own benchmarks do: store/storetest.Bench).
		b.Skipf("%s=postgres: the benchmark preloads an embedded store file", envTestStore)
	}
	for _, size := range []struct {
		name string
		n    int
	}{{"10k", 10_000}, {"100k", 100_000}} {
		// The gallery is written once, then copied into each run's data
		// folder (a benchmark function runs more than once).
		var once sync.Once
		preloaded := b.TempDir() // the parent's: kept across the runs
		b.Run(size.name, func(b *testing.B) {
			once.Do(func() {
				start := time.Now()
				preloadGallery(b, preloaded, fvcGallery, syntheticTemplates(b, size.n))
				b.Logf("%d synthetic templates written to the store in %v", size.n, time.Since(start).Round(time.Millisecond))
			})
			start := time.Now()
			e := startEnv(b, &envOptions{partners: partnersWith(embeddedBackends, "embedded"), matching: true,
				opts: Options{Timeout: 5 * time.Minute},
				setup: func(data string) {
					copyFile(b, filepath.Join(preloaded, store.FileName), filepath.Join(data, store.FileName))
				}})
			b.Logf("service started on a store of %d templates (the embedded index rebuilt) in %v", size.n, time.Since(start).Round(time.Millisecond))
			_, probes := fvcPrints(b)
			bodies := make([][]byte, len(probes))
			for i, p := range probes {
				bodies[i] = backendtestSample(b, p)
			}
			tok := e.token(b, "b")
			ds := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := range b.N {
				t0 := time.Now()
				r := e.do(b, "POST", "/v1/galleries/"+fvcGallery+"/search?limit=10", tok, bodies[i%len(bodies)])
				ds = append(ds, time.Since(t0))
				if r.status != 200 {
					b.Fatalf("search: %d %s", r.status, r.body)
				}
			}
			b.StopTimer()
			reportLatencies(b, ds)
		})
	}
}

// BenchmarkEnrol: PUT /v1/galleries/{g}/subjects/{s} from 8 clients at
// once, each enrolment a new subject, with the FVC2002 DB1_B scans'
// ISO/IEC 19794-2:2011 templates (template) or the TIFF scans themselves
// (image: the minutiae extracted by the service); enrolments/s besides
// ns/op. Each is durable before its 201: the exchange's record and the
// backend's in the store (fsync'd, concurrent writes sharing a commit),
// and the audit entries.
func BenchmarkEnrol(b *testing.B) {
	enrolled, probes := fvcPrints(b)
	all := append(enrolled, probes...)
	for _, kind := range []string{"template", "image"} {
		b.Run(kind, func(b *testing.B) {
			var bodies [][]byte
			for _, p := range all {
				if kind == "template" {
					bodies = append(bodies, backendtestSample(b, p))
				} else {
					bodies = append(bodies, p.read(b))
				}
			}
			e := startEnv(b, &envOptions{partners: partnersWith(embeddedBackends, "embedded"), matching: true})
			tok := e.token(b, "a")
			url := e.url + "/v1/galleries/bench/subjects/"
			var next atomic.Int64
			b.SetParallelism(max(1, 8/runtime.GOMAXPROCS(0)))
			b.ResetTimer()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := next.Add(1)
					status, _, body := httpCall("PUT", url+fmt.Sprintf("E%07d", i), tok, bodies[int(i)%len(bodies)])
					if status != 201 {
						b.Errorf("enrol: %d %.300s", status, body)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "enrolments/s")
		})
	}
}
