// Package natsq carries a gateway's jobs between nodes over NATS
// JetStream (issue 16): a job (a search or enrol transaction's matching
// job, a batch job, a period's retention purge) is announced on a
// work-queue stream once the store has committed it, and one node of
// all those sharing the stream's durable pull consumer does it.
//
// Delivery is at least once (JetStream's ack protocol): a node acks a
// job's message only once the job's outcome is in the store, tells the
// server it is still at work (InProgress) while a long job runs, and a
// node that dies leaves its message unacked, so the server hands it to
// another node after AckWait. Handlers are therefore idempotent: the
// job's state is read again from the store (see exchange.Service.DoJob).
// Announcing twice is harmless: the message id (Nats-Msg-Id) is kind/id,
// and the stream drops a duplicate published within its window.
package natsq

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Options configure a Queue; only URL is required.
type Options struct {
	URL string
	// Prefix is put before the stream, consumer and subject names
	// (tests use natstest.Prefix); empty in production.
	Prefix string
	// Node names this node in logs and metrics (default: the host name
	// and process id, chosen by the caller).
	Node string
	// AckWait is how long the server waits for an ack or a heartbeat
	// before giving a job to another node (default 30 s): a dead node's
	// jobs are taken over after about this long.
	AckWait time.Duration
	// Workers is how many jobs this node does at once (default 2).
	Workers int
	// Duplicates is the stream's duplicate window (default 10 min).
	Duplicates time.Duration
	Logger     *slog.Logger
}

// Handler does one job. retry > 0 asks for the job again after that
// long (its work is deferred: a backend is down, or the job is not for
// this node now); retry == 0 means the job is finished (done, failed or
// gone), and its message is acked. err is logged. A ctx cancelled
// (the node stopping) leaves the job to another node at once.
type Handler interface {
	DoJob(ctx context.Context, kind, id string) (retry time.Duration, err error)
}

// Names of the stream's subjects, under the prefix.
const (
	jobsToken     = "biogate.jobs"
	deliveryToken = "biogate.delivery"
)

// Queue is one node's connection to the shared work queue.
type Queue struct {
	o      Options
	nc     *nats.Conn
	js     jetstream.JetStream
	cons   jetstream.Consumer
	log    *slog.Logger
	closed chan struct{}
	once   sync.Once
	stats  *Stats
}

// StreamName is the work-queue stream's name.
func (o Options) StreamName() string { return o.Prefix + "BIOGATE_JOBS" }

// ConsumerName is the durable consumer every gateway node pulls from.
func (o Options) ConsumerName() string { return o.Prefix + "biogate-gateways" }

func (o Options) jobsSubject(kind string) string { return o.Prefix + jobsToken + "." + kind }

// DeliverySubject is the subject a delivery to partner is announced on
// (biogate.delivery.<partner>, the partner's name escaped to one
// subject token by Token).
func (o Options) DeliverySubject(partner string) string {
	return o.Prefix + deliveryToken + "." + Token(partner)
}

// Open connects to NATS and makes sure the stream and the durable
// consumer exist (creating or updating them is idempotent, so nodes
// starting together agree).
func Open(ctx context.Context, o Options) (*Queue, error) {
	if o.URL == "" {
		return nil, errors.New("natsq: no NATS URL")
	}
	if o.AckWait <= 0 {
		o.AckWait = 30 * time.Second
	}
	if o.Workers <= 0 {
		o.Workers = 2
	}
	if o.Duplicates <= 0 {
		o.Duplicates = 10 * time.Minute
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	q := &Queue{o: o, log: o.Logger.With("node", o.Node), closed: make(chan struct{}), stats: newStats()}
	nc, err := nats.Connect(o.URL, nats.Name("biogate "+o.Node), nats.Timeout(5*time.Second),
		// A gateway keeps trying: NATS coming back is the normal end of an
		// outage (/readyz says 503 meanwhile).
		nats.MaxReconnects(-1), nats.ReconnectWait(time.Second),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) { q.log.Warn("NATS disconnected", "error", err) }),
		nats.ReconnectHandler(func(*nats.Conn) { q.log.Info("NATS reconnected") }))
	if err != nil {
		return nil, fmt.Errorf("natsq: connecting to %s: %w", o.URL, err)
	}
	q.nc = nc
	if q.js, err = jetstream.New(nc); err != nil {
		nc.Close()
		return nil, err
	}
	if err := q.setup(ctx); err != nil {
		nc.Close()
		return nil, err
	}
	return q, nil
}

func (q *Queue) setup(ctx context.Context) error {
	s, err := q.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        q.o.StreamName(),
		Description: "Biogate gateway jobs: one message per job, removed once a node acks it",
		Subjects:    []string{q.o.jobsSubject(">")},
		// WorkQueuePolicy: a message is gone once acked, and only one
		// consumer may take a subject (ADR-... JetStream work queues).
		Retention:  jetstream.WorkQueuePolicy,
		Storage:    jetstream.FileStorage,
		Duplicates: q.o.Duplicates,
	})
	if err != nil {
		return fmt.Errorf("natsq: stream %s: %w", q.o.StreamName(), err)
	}
	q.cons, err = s.CreateOrUpdateConsumer(ctx, jetstream.ConsumerConfig{
		Durable:       q.o.ConsumerName(),
		Description:   "every gateway node pulls its jobs here",
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       q.o.AckWait,
		MaxDeliver:    -1, // never given up: nothing acknowledged is lost
		MaxAckPending: 1000,
		FilterSubject: q.o.jobsSubject(">"),
	})
	if err != nil {
		return fmt.Errorf("natsq: consumer %s: %w", q.o.ConsumerName(), err)
	}
	return nil
}

// Announce publishes job kind/id on the work queue, waiting for the
// stream's ack (then the job is durable in NATS as well as in the
// store). The message id kind/id makes a second announce within the
// duplicate window a no-op.
func (q *Queue) Announce(ctx context.Context, kind, id string) error {
	if !validToken(kind) || id == "" {
		return fmt.Errorf("natsq: job %q/%q cannot be announced", kind, id)
	}
	_, err := q.js.Publish(ctx, q.o.jobsSubject(kind), []byte(id), jetstream.WithMsgID(kind+"/"+id))
	if err != nil {
		q.stats.announceFailed.Add(1)
		return fmt.Errorf("natsq: announcing job %s %s: %w", kind, id, err)
	}
	return nil
}

// Delivered publishes (core NATS, at most once: a hint, the inbox in the
// store is the truth) that delivery id is in partner's inbox, so any node
// can wake a caller waiting on that inbox.
func (q *Queue) Delivered(partner, id string) {
	if err := q.nc.Publish(q.o.DeliverySubject(partner), []byte(id)); err != nil {
		q.log.Warn("delivery notification not published", "partner", partner, "id", id, "error", err)
	}
}

// Ready reports whether the connection to NATS is up and JetStream
// answers.
func (q *Queue) Ready(ctx context.Context) error {
	if st := q.nc.Status(); st != nats.CONNECTED {
		return fmt.Errorf("NATS connection %s", strings.ToLower(st.String()))
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if _, err := q.js.AccountInfo(ctx); err != nil {
		return fmt.Errorf("JetStream: %w", err)
	}
	return nil
}

// Node is the node's name.
func (q *Queue) Node() string { return q.o.Node }

// Close closes the connection at once, acking nothing: jobs in progress
// here go to another node after AckWait, as when the process dies.
func (q *Queue) Close() {
	q.once.Do(func() {
		close(q.closed)
		q.nc.Close()
	})
}

// Token escapes s into one NATS subject token: letters, digits, '-'
// and '_' stay, every other byte becomes %XX (so '.', '*', '>' and
// spaces, which subjects forbid in a token, never appear).
func Token(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	if b.Len() == 0 {
		return "%"
	}
	return b.String()
}

func validToken(s string) bool { return s != "" && Token(s) == s }
