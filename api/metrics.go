package api

import (
	"bufio"
	"fmt"
	"io"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// metrics holds the service's Prometheus metrics, written in the text
// exposition format 0.0.4 without a client library: request counts and
// latency histograms by route, requests in flight, requests refused for
// overload, and a few runtime gauges.
type metrics struct {
	start    time.Time
	inFlight atomic.Int64
	rejected atomic.Int64

	mu       sync.Mutex
	requests map[reqKey]uint64     // by method, route, status
	latency  map[string]*histogram // by route
}

type reqKey struct {
	method, route string
	code          int
}

// buckets of the latency histogram, in seconds.
var buckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}

type histogram struct {
	counts []uint64 // per bucket, not cumulative; the last is +Inf
	sum    float64
	n      uint64
}

func newMetrics() *metrics {
	return &metrics{start: time.Now(), requests: map[reqKey]uint64{}, latency: map[string]*histogram{}}
}

func (m *metrics) observe(method, route string, code int, d time.Duration) {
	sec := d.Seconds()
	i := sort.SearchFloat64s(buckets, sec)
	m.mu.Lock()
	m.requests[reqKey{method, route, code}]++
	h := m.latency[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(buckets)+1)}
		m.latency[route] = h
	}
	h.counts[i]++
	h.sum += sec
	h.n++
	m.mu.Unlock()
}

func (m *metrics) write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	m.mu.Lock()
	keys := make([]reqKey, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.route != b.route {
			return a.route < b.route
		}
		if a.method != b.method {
			return a.method < b.method
		}
		return a.code < b.code
	})
	fmt.Fprintln(bw, "# HELP biogate_http_requests_total HTTP requests answered, by method, route and status code.")
	fmt.Fprintln(bw, "# TYPE biogate_http_requests_total counter")
	for _, k := range keys {
		fmt.Fprintf(bw, "biogate_http_requests_total{method=%q,route=%q,code=\"%d\"} %d\n", k.method, k.route, k.code, m.requests[k])
	}
	routes := make([]string, 0, len(m.latency))
	for r := range m.latency {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	fmt.Fprintln(bw, "# HELP biogate_http_request_duration_seconds Time to answer HTTP requests, by route.")
	fmt.Fprintln(bw, "# TYPE biogate_http_request_duration_seconds histogram")
	for _, r := range routes {
		h := m.latency[r]
		var cum uint64
		for i, b := range buckets {
			cum += h.counts[i]
			fmt.Fprintf(bw, "biogate_http_request_duration_seconds_bucket{route=%q,le=%q} %d\n", r, strconv.FormatFloat(b, 'g', -1, 64), cum)
		}
		fmt.Fprintf(bw, "biogate_http_request_duration_seconds_bucket{route=%q,le=\"+Inf\"} %d\n", r, h.n)
		fmt.Fprintf(bw, "biogate_http_request_duration_seconds_sum{route=%q} %g\n", r, h.sum)
		fmt.Fprintf(bw, "biogate_http_request_duration_seconds_count{route=%q} %d\n", r, h.n)
	}
	m.mu.Unlock()

	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	gauge := func(name, help string, v float64) {
		fmt.Fprintf(bw, "# HELP %s %s\n# TYPE %s gauge\n%s %g\n", name, help, name, name, v)
	}
	gauge("biogate_http_requests_in_flight", "HTTP requests being answered.", float64(m.inFlight.Load()))
	fmt.Fprintf(bw, "# HELP biogate_http_rejected_total Requests refused with 503 because the service was at capacity.\n# TYPE biogate_http_rejected_total counter\nbiogate_http_rejected_total %d\n", m.rejected.Load())
	gauge("go_goroutines", "Goroutines that currently exist.", float64(runtime.NumGoroutine()))
	gauge("go_memstats_heap_inuse_bytes", "Bytes in in-use heap spans.", float64(ms.HeapInuse))
	gauge("go_memstats_heap_alloc_bytes", "Bytes of allocated heap objects.", float64(ms.HeapAlloc))
	gauge("process_start_time_seconds", "Start time of the process since the Unix epoch, in seconds.", float64(m.start.Unix()))
	return bw.Flush()
}
