// Package budget accounts the memory requests use: each request has a
// Meter with its own limit, and every Meter draws from one Pool shared by
// the requests in progress. Decoders charge an estimate of what they build
// (per element, record, field) as they build it, so a request that would
// need too much stops early: ErrRequest when it alone is over its limit
// (the service answers 413), ErrBusy when the requests together are over
// the pool's (503, retry later).
package budget

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

// Errors a Meter's Charge wraps.
var (
	ErrRequest = errors.New("budget: the request needs more memory than one request may use")
	ErrBusy    = errors.New("budget: the memory for requests in progress is in use")
)

// Pool is the memory all requests in progress may use together.
type Pool struct {
	limit int64
	used  atomic.Int64
}

// NewPool returns a pool of limit bytes.
func NewPool(limit int64) *Pool { return &Pool{limit: limit} }

// Used is the memory the pool has given out.
func (p *Pool) Used() int64 { return p.used.Load() }

func (p *Pool) take(n int64) bool {
	if p.used.Add(n) > p.limit {
		p.used.Add(-n)
		return false
	}
	return true
}

func (p *Pool) give(n int64) { p.used.Add(-n) }

// chunk is the least a Meter takes from its pool at once, so that the
// pool's counter is touched once per megabyte, not once per element.
const chunk = 1 << 20

// Meter is the memory account of one request. Its methods may be called
// from several goroutines.
type Meter struct {
	pool  *Pool
	limit int64
	mu    sync.Mutex
	used  int64 // charged
	held  int64 // taken from the pool, at least used
}

// Meter returns an account of limit bytes drawing on p.
func (p *Pool) Meter(limit int64) *Meter { return &Meter{pool: p, limit: limit} }

// Charge adds n estimated bytes to the account. Past the meter's limit it
// returns an error wrapping ErrRequest, and when the pool cannot cover it
// one wrapping ErrBusy; the charge is kept either way (the request is
// expected to stop).
func (m *Meter) Charge(n int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.used += n
	if m.used > m.limit {
		return fmt.Errorf("%w (more than %d MiB)", ErrRequest, m.limit>>20)
	}
	if m.used <= m.held {
		return nil
	}
	want := max(m.used-m.held, chunk)
	if !m.pool.take(want) {
		return fmt.Errorf("%w (%d MiB asked, %d of %d MiB in use)", ErrBusy, want>>20, m.pool.Used()>>20, m.pool.limit>>20)
	}
	m.held += want
	return nil
}

// Used is what has been charged.
func (m *Meter) Used() int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.used
}

// Release returns what the meter holds to its pool; the request is done.
func (m *Meter) Release() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.pool.give(m.held)
	m.held, m.used = 0, 0
}

type ctxKey struct{}

// With returns a context carrying m.
func With(ctx context.Context, m *Meter) context.Context {
	return context.WithValue(ctx, ctxKey{}, m)
}

// From returns the meter ctx carries, or nil.
func From(ctx context.Context) *Meter {
	m, _ := ctx.Value(ctxKey{}).(*Meter)
	return m
}

// Account returns the function decoders take to charge the meter ctx
// carries (their DecodeOptions.Account), or nil when it carries none.
func Account(ctx context.Context) func(int64) error {
	if m := From(ctx); m != nil {
		return m.Charge
	}
	return nil
}

// Charge charges the meter ctx carries, if any.
func Charge(ctx context.Context, n int64) error {
	if m := From(ctx); m != nil {
		return m.Charge(n)
	}
	return nil
}

// Stopped reports whether err is a budget's refusal.
func Stopped(err error) bool {
	return errors.Is(err, ErrRequest) || errors.Is(err, ErrBusy)
}
