package store

import (
	"context"
	"encoding/json"
	"time"
)

// Jobs keeps durable work: a search transaction waiting for its matching
// backend, a batch job. A job is written in the same durable step as the
// transaction it belongs to (Record.Jobs), so accepting a transaction and
// promising its work are one act, and a crash loses neither.
type Jobs interface {
	// PutJob writes a job, replacing the one of the same kind and id.
	PutJob(ctx context.Context, j *Job) error
	// Job returns one job; ErrNotFound if none.
	Job(ctx context.Context, kind, id string) (*Job, error)
	// Jobs calls fn for every job of a kind in id order, stopping at fn's
	// first error, which it returns. fn must not call the store.
	Jobs(ctx context.Context, kind string, fn func(*Job) error) error
	// DeleteJob removes a job; ErrNotFound if none.
	DeleteJob(ctx context.Context, kind, id string) error
}

// Job kinds.
const (
	JobSearch = "search" // a search transaction to answer; ID is its transaction id
	JobBatch  = "batch"  // a batch job (issue 14)
)

// Job states.
const (
	JobPending = "pending" // to do (again), not before NotBefore
	JobDone    = "done"    // done; Result says what came of it
	JobFailed  = "failed"  // given up; Error says why
)

// Job is one piece of durable work.
type Job struct {
	Kind      string    `json:"kind"`
	ID        string    `json:"id"`
	Partner   string    `json:"partner,omitempty"` // on whose behalf
	Created   time.Time `json:"created"`
	State     string    `json:"state"`
	Attempts  int       `json:"attempts,omitempty"`
	NotBefore time.Time `json:"notBefore,omitzero"`
	Error     string    `json:"error,omitempty"` // the last failure
	// Data is the job's input, Result its outcome, each as the job's
	// owner defines them.
	Data   json.RawMessage `json:"data,omitempty"`
	Result json.RawMessage `json:"result,omitempty"`
}
