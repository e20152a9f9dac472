package exchange

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/biogate/biogate/audit"
	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/store"
)

// Retry of a job whose backend was unavailable: first after
// retryBase, doubling with each attempt up to the service's cap
// (WithRetryMax; retryMax by default). A job is never given up for an
// unavailable backend: nothing submitted is lost.
const (
	retryBase = 5 * time.Second
	retryMax  = time.Hour
)

// backoff returns the wait before attempt n+1, at most limit (and at
// most limit from the first attempt on, when limit is below retryBase).
func backoff(attempts int, limit time.Duration) time.Duration {
	d := min(retryBase, limit)
	for i := 1; i < attempts && d < limit; i++ {
		d *= 2
	}
	return min(d, limit)
}

// claim marks a job as being worked on by this process; false when it
// already is (Submit's first attempt and the worker never run one job at
// once). release undoes it.
func (s *Service) claim(kind, id string) bool {
	_, busy := s.running.LoadOrStore(kind+"/"+id, true)
	return !busy
}

func (s *Service) release(kind, id string) { s.running.Delete(kind + "/" + id) }

// runJob does a pending enrol or search job: it reads the job again (it
// may have been done meanwhile), does the work, and writes the outcome.
// A retryable failure (backend.Retryable, the store unavailable) leaves
// the job pending with its Attempts, NotBefore and Error; any other
// failure marks it failed. The job's new state is returned.
func (s *Service) runJob(ctx context.Context, kind, id string) (*store.Job, error) {
	if !s.claim(kind, id) {
		return nil, nil
	}
	defer s.release(kind, id)
	js, err := s.jobs()
	if err != nil {
		return nil, err
	}
	j, err := js.Job(ctx, kind, id)
	if err != nil {
		return nil, storeError(err, "job "+kind+" "+id)
	}
	if j.State != store.JobPending {
		return j, nil
	}
	var work error
	switch kind {
	case store.JobSearch:
		work = s.answerSearch(ctx, j)
	case jobEnrol:
		work = s.enrolTransaction(ctx, j)
	default:
		work = fmt.Errorf("unknown job kind %q", kind)
	}
	if work == nil {
		return j, nil // done: written by the work itself
	}
	if errors.Is(work, context.Canceled) {
		return j, work
	}
	j.Attempts++
	j.Error = work.Error()
	if retryable(work) {
		j.NotBefore = s.now().UTC().Add(backoff(j.Attempts, s.retryLimit()))
		s.log.Warn("matching job deferred", "kind", kind, "id", id, "attempts", j.Attempts, "notBefore", j.NotBefore, "error", work)
	} else {
		j.State = store.JobFailed
		s.log.Error("matching job failed", "kind", kind, "id", id, "error", work)
		s.Audit(audit.Entry{Actor: ServiceActor, Action: jobAction(kind), Transaction: id, To: j.Partner, Outcome: audit.Failed, Reason: work.Error()})
	}
	if err := js.PutJob(ctx, j); err != nil {
		return j, storeError(err, "job "+kind+" "+id)
	}
	return j, work
}

func jobAction(kind string) string {
	if kind == store.JobSearch {
		return "search"
	}
	return "enrol"
}

// retryable reports whether a job's failure may pass by itself: a
// backend unavailable or too slow, the store or audit log unavailable.
func retryable(err error) bool {
	return backend.Retryable(err) || KindOf(err) == KindUnavailable
}

// RunSearches does the pending search and enrol jobs (those left by a
// crash, or whose backend was unavailable), at start and then every
// interval until ctx is done, each no sooner than its NotBefore.
func (s *Service) RunSearches(ctx context.Context, interval time.Duration) {
	if interval <= 0 {
		interval = 30 * time.Second
	}
	if s.queue != nil {
		s.runSweeps(ctx, interval)
		return
	}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		n, err := s.RunPending(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			s.log.Error("pending matching jobs", "error", err)
		case n > 0:
			s.log.Info("pending matching jobs done", "jobs", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// RunPending does once every pending search and enrol job that is due,
// and returns how many it finished (done or failed).
func (s *Service) RunPending(ctx context.Context) (int, error) {
	js, err := s.jobs()
	if err != nil {
		return 0, err
	}
	now := s.now()
	n := 0
	for _, kind := range []string{jobEnrol, store.JobSearch} {
		var due []string
		if err := js.Jobs(ctx, kind, func(j *store.Job) error {
			if j.State == store.JobPending && !now.Before(j.NotBefore) {
				due = append(due, j.ID)
			}
			return nil
		}); err != nil {
			return n, storeError(err, "jobs")
		}
		for _, id := range due {
			j, err := s.runJob(ctx, kind, id)
			if ctx.Err() != nil {
				return n, ctx.Err()
			}
			if err == nil && j != nil && j.State != store.JobPending {
				n++
			}
		}
	}
	return n, nil
}

// enrolTransaction does an enrol job: the stored transaction's samples
// into the rule's gallery, subject and Enrolment.Transaction its store
// id; the job is then done.
func (s *Service) enrolTransaction(ctx context.Context, j *store.Job) error {
	var data matchJob
	if err := json.Unmarshal(j.Data, &data); err != nil || len(data.Galleries) != 1 {
		return fmt.Errorf("enrol job %s: its data cannot be read", j.ID)
	}
	body, err := s.store.Original(ctx, j.ID)
	if err != nil {
		return storeError(err, "transaction "+j.ID)
	}
	r, err := s.route(ctx, data.Galleries[0], body)
	if err != nil {
		return err
	}
	c := Caller{Partner: j.Partner}
	e, err := s.enrolSamples(ctx, c, &store.Enrolment{Gallery: data.Galleries[0], Subject: data.Subject, Partner: j.Partner, Transaction: j.ID, Purpose: data.Purpose}, r)
	if err != nil {
		return err
	}
	j.State, j.Error, j.NotBefore = store.JobDone, "", time.Time{}
	j.Result, _ = json.Marshal(e)
	js, err := s.jobs()
	if err != nil {
		return err
	}
	return storeError(js.PutJob(ctx, j), "job "+j.ID)
}
