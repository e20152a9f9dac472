package exchange

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/biogate/biogate/store"
)

// Several gateway nodes (issue 16) share one store and a job queue
// (internal/natsq, NATS JetStream): a job committed by one node is
// announced on the queue and done by whichever node takes it; a node
// that dies leaves it to another. Without a queue (the default, one
// process) the service runs its jobs itself, as before.

// JobQueue carries the service's jobs between nodes; *natsq.Queue
// implements it.
type JobQueue interface {
	// Announce says job kind/id is to be done; called once the job is
	// committed to the store. Announcing a job twice is harmless.
	Announce(ctx context.Context, kind, id string) error
	// Delivered says delivery id is in partner's inbox (a hint to the
	// other nodes; the store is the truth).
	Delivered(partner, id string)
	// Ready reports whether the queue can be used.
	Ready(ctx context.Context) error
}

// WithJobQueue makes the service share its jobs with other nodes over q:
// Submit, StartBatch and the schedulers (RunSearches, RunBatches,
// RunRetention) announce jobs on q instead of running them here, and a
// queue worker calls DoJob for each job this node takes.
func WithJobQueue(q JobQueue) Option { return func(s *Service) { s.queue = q } }

// JobRetention is the kind of a period's retention purge; its id is the
// period's start (Unix seconds), the same on every node, so the period's
// purge is announced once and done by one node.
const JobRetention = "retention"

// Delays DoJob asks for when a job cannot be done here now.
const (
	busyRetry    = 5 * time.Second // the job (or this node's batch slot) is busy here
	notHereRetry = 3 * time.Second // the batch's upload is in another node's folder
	// announceTimeout bounds one announcement's wait for the stream's ack.
	announceTimeout = 5 * time.Second
)

// announce announces a committed job; a failure is logged (the job is
// in the store: the sweep of RunSearches or a node's start announces it
// again).
func (s *Service) announce(ctx context.Context, kind, id string) {
	// Bounded: NATS down must not hold the caller's answer (its job is
	// safe in the store).
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), announceTimeout)
	defer cancel()
	if err := s.queue.Announce(ctx, kind, id); err != nil {
		s.log.Warn("job not announced yet (announced again by the next sweep)", "kind", kind, "id", id, "error", err)
	}
}

// notifyDelivered tells the other nodes of a delivery made.
func (s *Service) notifyDelivered(d *store.Delivery) {
	if s.queue != nil && d != nil && d.State == store.Delivered {
		s.queue.Delivered(d.Partner, d.ID)
	}
}

// DoJob does one job a queue worker took: it reads the job's state
// again from the store (another node may have done it, or be doing it),
// does what is left, and says when to try again: retry > 0 while the job
// is deferred (a backend down: its NotBefore) or busy here, 0 once it is
// done, failed or gone. A cancelled ctx returns its error: the job goes
// to another node.
func (s *Service) DoJob(ctx context.Context, kind, id string) (retry time.Duration, err error) {
	switch kind {
	case store.JobSearch, jobEnrol:
		j, err := s.runJob(ctx, kind, id)
		switch {
		case ctx.Err() != nil:
			return 0, ctx.Err()
		case j == nil && err == nil:
			return busyRetry, nil // this node's Submit is doing it
		case j == nil && KindOf(err) == KindNotFound:
			return 0, nil // deleted (retention) since it was announced
		case j == nil:
			return busyRetry, err // the store did not answer
		case j.State == store.JobPending:
			return max(j.NotBefore.Sub(s.now()), time.Second), err
		}
		return 0, err
	case store.JobBatch:
		return s.doBatch(ctx, id)
	case JobRetention:
		p, err := s.Purge(ctx, Caller{Partner: ServiceActor, Admin: true})
		if p != nil && p.Purged > 0 {
			s.log.Info("retention purge", "period", id, "purged", p.Purged)
		}
		return 0, err // a failed purge is done again next period
	}
	return 0, errorf(KindInvalid, "job kind %q is not one of this service's", kind)
}

// doBatch runs a batch job this node took, when its upload is in this
// node's batch folder (a folder the nodes share lets any node run any
// batch) and this node runs no other batch.
func (s *Service) doBatch(ctx context.Context, id string) (time.Duration, error) {
	if err := s.batchReady(); err != nil {
		return notHereRetry, err
	}
	js, err := s.jobs()
	if err != nil {
		return busyRetry, err
	}
	j, err := js.Job(ctx, store.JobBatch, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return 0, nil
	case err != nil:
		return busyRetry, storeError(err, "batch job "+id)
	case j.State != store.JobPending && j.State != BatchRunning:
		return 0, nil
	}
	if _, err := os.Stat(filepath.Join(s.batch.dir, id, batchUpload)); err != nil {
		return notHereRetry, nil
	}
	sem := s.batchSem()
	select {
	case sem <- struct{}{}:
	default:
		return busyRetry, nil
	}
	defer func() { <-sem }()
	if err := s.runBatch(ctx, id); err != nil {
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		return busyRetry, err
	}
	return 0, nil
}

// sweep announces the jobs the store holds pending (and, at a node's
// start, the batches a stopped node was running) that no node seems to
// be doing: due for longer than grace. A node's first sweep (grace 0)
// announces them all; the queue's duplicate window drops those already
// announced.
func (s *Service) sweep(ctx context.Context, grace time.Duration) (int, error) {
	js, err := s.jobs()
	if err != nil {
		return 0, err
	}
	now := s.now()
	n := 0
	for _, kind := range []string{jobEnrol, store.JobSearch, store.JobBatch} {
		var due []string
		if err := js.Jobs(ctx, kind, func(j *store.Job) error {
			since := j.Created
			if j.NotBefore.After(since) {
				since = j.NotBefore
			}
			// A running batch is another node's until its message comes
			// back (JetStream redelivers it if that node dies); at start
			// it is announced in case the stream lost it.
			pending := j.State == store.JobPending || grace == 0 && j.State == BatchRunning
			if pending && !now.Before(since.Add(grace)) {
				due = append(due, j.ID)
			}
			return nil
		}); err != nil {
			return n, storeError(err, "jobs")
		}
		for _, id := range due {
			if err := s.queue.Announce(ctx, kind, id); err != nil {
				return n, &Error{Kind: KindUnavailable, Msg: "the job queue is not available", Err: err}
			}
			n++
		}
	}
	return n, nil
}

// runSweeps is RunSearches with a queue: a sweep at start, then one
// every interval of the jobs due for two intervals that no node did.
func (s *Service) runSweeps(ctx context.Context, interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	grace := time.Duration(0)
	for {
		n, err := s.sweep(ctx, grace)
		switch {
		case err != nil && ctx.Err() == nil:
			s.log.Error("announcing pending jobs", "error", err)
		case n > 0:
			s.log.Info("pending jobs announced", "jobs", n)
		}
		if err == nil {
			grace = 2 * interval
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// runRetentionQueue is RunRetention with a queue: at the start of every
// period (a multiple of interval since the Unix epoch, the same on
// every node) each node announces the period's purge; the queue keeps
// one announcement, and one node purges.
func (s *Service) runRetentionQueue(ctx context.Context, interval time.Duration) {
	for {
		now := time.Now()
		next := now.Truncate(interval).Add(interval)
		select {
		case <-ctx.Done():
			return
		case <-time.After(next.Sub(now)):
		}
		s.announce(ctx, JobRetention, strconv.FormatInt(next.Unix(), 10))
	}
}

// Check is one dependency's readiness.
type Check struct {
	Name  string
	Error error // nil: ready
}

// Checks reports the readiness of each dependency: the store and, with
// several nodes, the job queue.
func (s *Service) Checks(ctx context.Context) []Check {
	cs := []Check{{Name: "store", Error: s.store.Ping(ctx)}}
	if s.queue != nil {
		cs = append(cs, Check{Name: "nats", Error: s.queue.Ready(ctx)})
	}
	return cs
}

// notReady is Ready's error naming each dependency down.
func notReady(cs []Check) error {
	var down []string
	var errs []error
	for _, c := range cs {
		if c.Error != nil {
			down = append(down, c.Name+": "+c.Error.Error())
			errs = append(errs, c.Error)
		}
	}
	if len(down) == 0 {
		return nil
	}
	return &Error{Kind: KindUnavailable, Msg: "not ready: " + strings.Join(down, "; "), Err: errors.Join(errs...)}
}
