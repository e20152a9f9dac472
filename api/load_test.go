package api

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// loadRun sends n validations of body from clients concurrent clients
// and returns the latencies of those answered 200 and the counts of
// other statuses.
func loadRun(t testing.TB, e *env, token string, body []byte, path string, n, clients int) ([]time.Duration, map[int]int) {
	var mu sync.Mutex
	lat := make([]time.Duration, 0, n)
	codes := map[int]int{}
	var next atomic.Int64
	var wg sync.WaitGroup
	deadline := time.Now().Add(2 * time.Minute)
	for range clients {
		wg.Go(func() {
			for next.Add(1) <= int64(n) && time.Now().Before(deadline) {
				req, _ := http.NewRequest("POST", e.url+path, bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+token)
				start := time.Now()
				res, err := e.client.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				d := time.Since(start)
				mu.Lock()
				codes[res.StatusCode]++
				if res.StatusCode == 200 {
					lat = append(lat, d)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return lat, codes
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[int(float64(len(sorted)-1)*p)]
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

// TestLoad measures validations per second and latency for a ten-print
// over 10,000 requests from 8 clients against the running server, and
// checks that memory stays flat. The targets (≥ 200/s, p99 < 100 ms) are
// asserted with BIOGATE_LOAD_ASSERT=1; memory always.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 requests")
	}
	body := readCorpus(t, slaps)
	e := startEnv(t, nil)
	tok := e.token(t, "fbi")
	loadRun(t, e, tok, body, "/v1/validate", 1000, 8) // warm up
	h0 := heapInUse()
	start := time.Now()
	lat, codes := loadRun(t, e, tok, body, "/v1/validate", 10000, 8)
	elapsed := time.Since(start)
	h1 := heapInUse()
	slices.Sort(lat)
	rate := float64(len(lat)) / elapsed.Seconds()
	p50, p99 := percentile(lat, 0.50), percentile(lat, 0.99)
	t.Logf("GOMAXPROCS=%d: %d validations of a ten-print (%d bytes) in %v: %.0f/s, p50 %v, p99 %v; statuses %v; heap in use %.1f MB before, %.1f MB after",
		runtime.GOMAXPROCS(0), len(lat), len(body), elapsed.Round(time.Millisecond), rate, p50, p99, codes, float64(h0)/1e6, float64(h1)/1e6)
	if codes[200] != 10000 {
		t.Errorf("statuses %v, want 10000 × 200", codes)
	}
	if h1 > h0+32<<20 {
		t.Errorf("heap grew from %d to %d bytes over 10,000 requests", h0, h1)
	}
	if os.Getenv("BIOGATE_LOAD_ASSERT") == "1" && (rate < 200 || p99 >= 100*time.Millisecond) {
		t.Errorf("targets missed: %.0f/s (≥ 200), p99 %v (< 100ms)", rate, p99)
	}
}

// TestOverload floods a server allowed two requests at once with slow
// Level-3 validations: it answers 200 or 503 (with Retry-After), never
// anything else, stays healthy meanwhile, and serves normally after.
func TestOverload(t *testing.T) {
	body := readCorpus(t, slaps)
	e := startEnv(t, &envOptions{opts: Options{MaxInFlight: 2, QueueWait: 10 * time.Millisecond}})
	tok := e.token(t, "fbi")
	var health atomic.Int32
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 5 {
			res, err := e.client.Get(e.url + "/healthz")
			if err == nil {
				health.Store(int32(res.StatusCode))
				res.Body.Close()
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	_, codes := loadRun(t, e, tok, body, "/v1/validate?level=3", 48, 24)
	<-done
	t.Logf("overload statuses: %v", codes)
	for code := range codes {
		if code != 200 && code != 503 {
			t.Errorf("status %d under overload", code)
		}
	}
	if codes[503] == 0 {
		t.Error("no request was refused under overload")
	}
	if health.Load() != 200 {
		t.Errorf("healthz under overload: %d", health.Load())
	}
	r := e.do(t, "POST", "/v1/validate", tok, body).expect(t, "after overload", 200)
	_ = r
	m := e.do(t, "GET", "/metrics", "", nil)
	if !bytes.Contains(m.body, []byte("biogate_http_rejected_total")) {
		t.Error("metrics lack the rejected count")
	}
}

// BenchmarkValidateTenPrint: POST /v1/validate of a ten-print against the
// running server from 8 clients; reports validations/s, p50 and p99.
func BenchmarkValidateTenPrint(b *testing.B) {
	body := readCorpus(b, slaps)
	e := startEnv(b, nil)
	tok := e.token(b, "fbi")
	b.ResetTimer()
	start := time.Now()
	lat, codes := loadRun(b, e, tok, body, "/v1/validate", b.N, 8)
	elapsed := time.Since(start)
	b.StopTimer()
	if codes[200] != b.N {
		b.Fatalf("statuses %v", codes)
	}
	slices.Sort(lat)
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "validations/s")
	b.ReportMetric(float64(percentile(lat, 0.5).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(percentile(lat, 0.99).Microseconds())/1000, "p99-ms")
}
