package api

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// parseMetrics parses a scrape with the Prometheus text parser.
func parseMetrics(t *testing.T, body []byte) map[string]*dto.MetricFamily {
	t.Helper()
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("the scrape does not parse: %v\n%.3000s", err, body)
	}
	return fams
}

// sample returns the metric of family name whose labels are all those
// given, or nil.
func sample(fams map[string]*dto.MetricFamily, name string, labels map[string]string) *dto.Metric {
	f := fams[name]
	if f == nil {
		return nil
	}
next:
	for _, m := range f.GetMetric() {
		for k, v := range labels {
			found := false
			for _, lp := range m.GetLabel() {
				if lp.GetName() == k && lp.GetValue() == v {
					found = true
				}
			}
			if !found {
				continue next
			}
		}
		return m
	}
	return nil
}

// TestMetricsLabelValues: label values with quotes, backslashes, a
// newline, a tab and non-ASCII letters come back from the text format
// unchanged, and a method HTTP does not define adds no series of its own.
func TestMetricsLabelValues(t *testing.T) {
	m := newMetrics("")
	odd := "/v1/\"quoted\"\\back\\slash\nnew line\ttab Müller"
	m.observe(http.MethodGet, odd, 200, 3*time.Millisecond)
	m.observe("BREW", "other", 405, time.Millisecond)
	rec := httptest.NewRecorder()
	m.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	fams := parseMetrics(t, rec.Body.Bytes())
	if c := sample(fams, "biogate_http_requests_total", map[string]string{"method": "GET", "route": odd, "code": "200"}); c.GetCounter().GetValue() != 1 {
		t.Errorf("the request on route %q is not counted once: %v", odd, c)
	}
	if h := sample(fams, "biogate_http_request_duration_seconds", map[string]string{"route": odd}); h.GetHistogram().GetSampleCount() != 1 {
		t.Errorf("the request on route %q is not in the histogram: %v", odd, h)
	}
	if sample(fams, "biogate_http_requests_total", map[string]string{"method": "BREW"}) != nil ||
		sample(fams, "biogate_http_requests_total", map[string]string{"method": "other", "code": "405"}) == nil {
		t.Error("an unknown method has a series of its own")
	}
}

// TestMetricsScrape scrapes a running service and parses the answer with
// the Prometheus text parser: the service's own series count what was
// asked, and the Go and process collectors are there.
func TestMetricsScrape(t *testing.T) {
	e := startEnv(t, nil)
	e.do(t, "GET", "/healthz", "", nil).expect(t, "healthz", 200)
	e.do(t, "GET", "/healthz", "", nil).expect(t, "healthz", 200)
	e.do(t, "GET", "/v1/transactions", "", nil).expect(t, "no token", 401)
	res := e.do(t, "GET", "/metrics", "", nil).expect(t, "metrics", 200)
	if ct := res.header.Get("Content-Type"); !bytes.HasPrefix([]byte(ct), []byte("text/plain; version=0.0.4")) {
		t.Errorf("Content-Type %q", ct)
	}
	fams := parseMetrics(t, res.body)
	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"biogate_http_requests_total", map[string]string{"method": "GET", "route": "/healthz", "code": "200"}, 2},
		{"biogate_http_requests_total", map[string]string{"method": "GET", "route": "/v1/transactions", "code": "401"}, 1},
		{"biogate_http_requests_in_flight", nil, 1}, // the scrape itself
		{"biogate_http_rejected_total", nil, 0},
	} {
		m := sample(fams, c.name, c.labels)
		got := m.GetCounter().GetValue() + m.GetGauge().GetValue()
		if m == nil || got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	if h := sample(fams, "biogate_http_request_duration_seconds", map[string]string{"route": "/healthz"}); h.GetHistogram().GetSampleCount() != 2 ||
		len(h.GetHistogram().GetBucket()) != len(buckets)+1 { // and +Inf
		t.Errorf("latency of /healthz: %v", h)
	}
	if g := sample(fams, "go_goroutines", nil); g.GetGauge().GetValue() < 1 {
		t.Error("no go_goroutines from the Go collector")
	}
	if runtime.GOOS == "linux" {
		for _, name := range []string{"process_start_time_seconds", "process_resident_memory_bytes", "process_open_fds"} {
			if g := sample(fams, name, nil); g.GetGauge().GetValue() <= 0 {
				t.Errorf("no %s from the process collector", name)
			}
		}
	}
}

// TestMetricsNodeLabel: with a node name every series, the extra
// collectors' included, carries node="name"; without one, none does.
func TestMetricsNodeLabel(t *testing.T) {
	for _, node := range []string{"gw-1", ""} {
		extra := prometheus.NewCounter(prometheus.CounterOpts{Name: "biogate_test_extra_total", Help: "test"})
		extra.Inc()
		m := newMetrics(node, extra)
		m.observe(http.MethodGet, "/v1/x", 200, time.Millisecond)
		rec := httptest.NewRecorder()
		m.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		fams := parseMetrics(t, rec.Body.Bytes())
		for _, name := range []string{"biogate_http_requests_total", "biogate_test_extra_total", "go_goroutines"} {
			f := fams[name]
			if f == nil || len(f.GetMetric()) == 0 {
				t.Fatalf("node %q: no %s", node, name)
			}
			for _, mt := range f.GetMetric() {
				got := ""
				for _, l := range mt.GetLabel() {
					if l.GetName() == "node" {
						got = l.GetValue()
					}
				}
				if got != node {
					t.Errorf("node %q: %s has node=%q", node, name, got)
				}
			}
		}
	}
}
