package api

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// limiter bounds the requests worked on at once: slots in all, and
// perPartner of them for any one partner, so that one partner cannot
// take the whole service.
type limiter struct {
	slots      chan struct{}
	perPartner int
	wait       time.Duration

	mu       sync.Mutex
	partners map[string]chan struct{} // one per partner seen (configured partners only: callers are authenticated)
}

func newLimiter(total, perPartner int, wait time.Duration) *limiter {
	return &limiter{slots: make(chan struct{}, total), perPartner: perPartner, wait: wait, partners: map[string]chan struct{}{}}
}

func (l *limiter) partner(name string) chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	ch, ok := l.partners[name]
	if !ok {
		ch = make(chan struct{}, l.perPartner)
		l.partners[name] = ch
	}
	return ch
}

// errBusy says which share was full when the wait ended.
type errBusy struct{ partnerShare bool }

// acquire takes one of the partner's slots, then one of the service's,
// waiting at most l.wait in all. release gives both back.
func (l *limiter) acquire(ctx context.Context, partner string) (release func(), err error) {
	mine := l.partner(partner)
	t := time.NewTimer(l.wait)
	defer t.Stop()
	select {
	case mine <- struct{}{}:
	case <-t.C:
		return nil, errBusy{partnerShare: true}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	select {
	case l.slots <- struct{}{}:
	case <-t.C:
		<-mine
		return nil, errBusy{}
	case <-ctx.Done():
		<-mine
		return nil, ctx.Err()
	}
	return func() { <-l.slots; <-mine }, nil
}

func (errBusy) Error() string { return "busy" }

// limited admits a request when a slot frees within the queue wait and
// answers 503 with Retry-After otherwise. It runs after authentication
// and after the body is read (receive): a slow client holds no slot, and
// the partner's share is known. Health, readiness and metrics are never
// limited, so that an overloaded service can still be watched.
func (s *Server) limited(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		release, err := s.limit.acquire(c.Request().Context(), caller(c).Partner)
		if busy, ok := err.(errBusy); ok {
			s.metrics.rejected.Add(1)
			detail := "the service is at capacity; retry shortly"
			if busy.partnerShare {
				detail = fmt.Sprintf("this partner already has %d requests in progress, its share of the service; retry shortly", s.limit.perPartner)
			}
			p := problem(http.StatusServiceUnavailable, "overloaded", detail)
			p.header = http.Header{"Retry-After": {"1"}}
			return p
		}
		if err != nil {
			return err
		}
		defer release()
		return next(c)
	}
}
