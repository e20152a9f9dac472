package exchange

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/biogate/biogate/audit"
	"github.com/biogate/biogate/store"
)

// expireEnrolments removes what was enrolled from transaction id before
// the transaction is purged: every gallery and backend lets the subject
// go (external backends through their delete), then the exchange's
// record; each is audited ("expire-enrolment"). An error means some
// enrolment is still in place: the transaction is kept, and the next
// purge tries again.
func (s *Service) expireEnrolments(ctx context.Context, actor, id string) error {
	g, err := s.galleries()
	if err != nil {
		return nil // a store without galleries holds no enrolment
	}
	es, err := g.EnrolmentsOf(ctx, id)
	if err != nil {
		return storeError(err, "the enrolments of transaction "+id)
	}
	for _, e := range es {
		if e.Space != store.SpaceExchange {
			continue // a backend's own copy: removed through the backend
		}
		if err := s.expireEnrolment(ctx, actor, e, fmt.Sprintf("transaction %s past its retention", id)); err != nil {
			return err
		}
	}
	return nil
}

// expireEnrolment removes one enrolment under retention, audited.
func (s *Service) expireEnrolment(ctx context.Context, actor string, e *store.Enrolment, why string) error {
	reason := galleryReason(e.Gallery, e.Subject, e.Purpose) + ", " + why
	if err := s.removeEnrolment(ctx, e); err != nil {
		s.Audit(audit.Entry{Actor: actor, Action: "expire-enrolment", Transaction: e.Transaction, To: e.Partner, Outcome: audit.Failed, Reason: reason + ": " + err.Error()})
		return err
	}
	return s.Audit(audit.Entry{Actor: actor, Action: "expire-enrolment", Transaction: e.Transaction, To: e.Partner, Outcome: audit.OK, Reason: reason})
}

// expireBodyEnrolments removes the enrolments made from REST bodies (no
// transaction) past the enrolling partner's retention, counted from
// their Created time. It returns how many it removed.
func (s *Service) expireBodyEnrolments(ctx context.Context, actor string, now time.Time) (int, error) {
	g, err := s.galleries()
	if err != nil {
		return 0, nil
	}
	var due []*store.Enrolment
	if err := g.Enrolments(ctx, store.SpaceExchange, "", func(e *store.Enrolment) error {
		if p := s.cfg.Policy(e.Partner); e.Transaction == "" && p != nil && p.Expired(e.Created, now) {
			due = append(due, e)
		}
		return nil
	}); err != nil {
		return 0, storeError(err, "enrolments")
	}
	n := 0
	var errs []error
	for _, e := range due {
		why := fmt.Sprintf("past the %d-day retention of partner %s", s.cfg.Policy(e.Partner).RetentionDays, e.Partner)
		if err := s.expireEnrolment(ctx, actor, e, why); err != nil {
			errs = append(errs, err) // kept; the next purge tries again
			continue
		}
		n++
	}
	return n, errors.Join(errs...)
}
