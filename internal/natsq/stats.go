package natsq

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Stats are the node's job metrics (the api server labels every metric
// of a node with its name, api.Options.Node).
type Stats struct {
	jobs           *prometheus.CounterVec   // by kind, outcome
	duration       *prometheus.HistogramVec // by kind
	announceFailed prometheus.Counter
}

func newStats() *Stats {
	return &Stats{
		jobs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "biogate_jobs_total",
			Help: "Jobs this node took from the NATS work queue, by kind and outcome (finished, deferred, interrupted).",
		}, []string{"kind", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "biogate_job_duration_seconds",
			Help:    "Time this node spent on one job, by kind.",
			Buckets: []float64{0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120, 600},
		}, []string{"kind"}),
		announceFailed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "biogate_job_announce_failures_total",
			Help: "Jobs this node could not announce on NATS (the store keeps them; the sweep announces them again).",
		}),
	}
}

func (s *Stats) count(kind, outcome string) { s.jobs.WithLabelValues(kind, outcome).Inc() }

func (s *Stats) observe(kind string, d time.Duration) {
	s.duration.WithLabelValues(kind).Observe(d.Seconds())
}

// Collectors returns the queue's metrics, to register with the node's
// registry.
func (q *Queue) Collectors() []prometheus.Collector {
	return []prometheus.Collector{q.stats.jobs, q.stats.duration, q.stats.announceFailed}
}
