package natsq

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Retry delays of a worker.
const (
	// fetchWait: a worker's pull waits this long for a message (and a
	// stopping node this long for its idle workers).
	fetchWait = 2 * time.Second
)

// Run pulls jobs with o.Workers workers, each doing one job at a time
// with h, until ctx is done or the queue is closed; it waits for the
// jobs being done to end. A job cut short by ctx is handed back (Nak)
// for another node to take at once.
func (q *Queue) Run(ctx context.Context, h Handler) {
	var wg sync.WaitGroup
	for range q.o.Workers {
		wg.Go(func() { q.work(ctx, h) })
	}
	wg.Wait()
}

func (q *Queue) work(ctx context.Context, h Handler) {
	for ctx.Err() == nil && !q.isClosed() {
		batch, err := q.cons.Fetch(1, jetstream.FetchMaxWait(fetchWait))
		if err != nil {
			q.pause(ctx, "pulling jobs", err)
			continue
		}
		for msg := range batch.Messages() {
			q.handle(ctx, h, msg)
		}
		if err := batch.Error(); err != nil && !errors.Is(err, jetstream.ErrNoMessages) && !errors.Is(err, context.DeadlineExceeded) {
			q.pause(ctx, "pulling jobs", err)
		}
	}
}

// pause logs a failure to pull (NATS down: the client reconnects) and
// waits a little before the next pull.
func (q *Queue) pause(ctx context.Context, what string, err error) {
	if ctx.Err() != nil || q.isClosed() {
		return
	}
	q.log.Warn(what, "error", err)
	select {
	case <-ctx.Done():
	case <-q.closed:
	case <-time.After(time.Second):
	}
}

func (q *Queue) isClosed() bool {
	select {
	case <-q.closed:
		return true
	default:
		return false
	}
}

// handle does one job, telling the server it is in progress every
// AckWait/3 while it runs, then acks it or gives it back.
func (q *Queue) handle(ctx context.Context, h Handler, msg jetstream.Msg) {
	kind := strings.TrimPrefix(msg.Subject(), q.o.jobsSubject(""))
	id := string(msg.Data())
	done := make(chan struct{})
	var beats sync.WaitGroup
	beats.Go(func() {
		tick := time.NewTicker(q.o.AckWait / 3)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-q.closed:
				return // dead as far as the server knows: no heartbeat
			case <-tick.C:
				if err := msg.InProgress(); err != nil {
					q.log.Warn("job heartbeat", "kind", kind, "id", id, "error", err)
				}
			}
		}
	})
	start := time.Now()
	retry, err := h.DoJob(ctx, kind, id)
	close(done)
	beats.Wait()
	if q.isClosed() {
		return // the connection is gone: the server redelivers after AckWait
	}
	q.stats.observe(kind, time.Since(start))
	switch {
	case ctx.Err() != nil:
		q.stats.count(kind, "interrupted")
		if err := msg.Nak(); err != nil {
			q.log.Warn("job handed back", "kind", kind, "id", id, "error", err)
		}
		return
	case retry <= 0 && err != nil:
		q.stats.count(kind, "finished")
		q.log.Error("job finished with an error", "kind", kind, "id", id, "error", err)
	case retry <= 0:
		q.stats.count(kind, "finished")
	default:
		q.stats.count(kind, "deferred")
		if err != nil {
			q.log.Warn("job deferred", "kind", kind, "id", id, "retry", retry, "error", err)
		}
		if err := msg.NakWithDelay(retryDelay(retry)); err != nil {
			q.log.Warn("job deferred: its message", "kind", kind, "id", id, "error", err)
		}
		return
	}
	// The job's outcome is in the store: ack, waiting for the server's
	// confirmation (a lost ack would only make the job run again, which
	// finds it done).
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := msg.DoubleAck(actx); err != nil {
		q.log.Warn("job ack", "kind", kind, "id", id, "error", err)
	}
}

// retryDelay bounds a handler's retry: at least a second, at most an hour
// (a job deferred longer is announced again by the sweep).
func retryDelay(d time.Duration) time.Duration { return min(max(d, time.Second), time.Hour) }
