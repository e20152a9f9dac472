package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics holds the service's Prometheus metrics (client_golang) in a
// registry of its own: request counts and latency histograms by route,
// requests in flight, requests refused for overload, and the Go runtime
// and process collectors (go_*, process_*).
type metrics struct {
	registry *prometheus.Registry
	handler  http.Handler // GET /metrics: the registry in the format the scraper accepts

	inFlight prometheus.Gauge
	rejected prometheus.Counter
	requests *prometheus.CounterVec   // by method, route, code
	latency  *prometheus.HistogramVec // by route
}

// buckets of the latency histogram, in seconds.
var buckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}

func newMetrics(node string, extra ...prometheus.Collector) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "biogate_http_requests_in_flight",
			Help: "HTTP requests being answered.",
		}),
		rejected: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "biogate_http_rejected_total",
			Help: "Requests refused with 503 because the service was at capacity.",
		}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "biogate_http_requests_total",
			Help: "HTTP requests answered, by method, route and status code.",
		}, []string{"method", "route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "biogate_http_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by route.",
			Buckets: buckets,
		}, []string{"route"}),
	}
	var reg prometheus.Registerer = m.registry
	if node != "" {
		reg = prometheus.WrapRegistererWith(prometheus.Labels{"node": node}, m.registry)
	}
	reg.MustRegister(m.inFlight, m.rejected, m.requests, m.latency,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	reg.MustRegister(extra...)
	m.handler = promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
	return m
}

// observe counts one answered request. route is the route template (or
// "other"); the method label is one of the methods HTTP defines, any other
// is counted as "other", so that a client cannot add series at will.
func (m *metrics) observe(method, route string, code int, d time.Duration) {
	if !knownMethods[method] {
		method = "other"
	}
	m.requests.WithLabelValues(method, route, strconv.Itoa(code)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
}

// knownMethods are the methods of RFC 9110 section 9 and PATCH.
var knownMethods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodDelete: true, http.MethodConnect: true, http.MethodOptions: true,
	http.MethodTrace: true, http.MethodPatch: true,
}
