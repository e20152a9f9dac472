package exchange

import (
	"context"
	"time"

	"github.com/biogate/biogate/audit"
)

// Bounds of an audit review: a period longer than MaxAuditPeriod is
// refused (the summary then holds at most that many days, and its tables
// audit.MaxRows rows each); without since, the review covers the
// DefaultAuditPeriod before until (now without until).
const (
	MaxAuditPeriod     = 366 * 24 * time.Hour
	DefaultAuditPeriod = 30 * 24 * time.Hour
)

// AuditReport summarises the audit log over [since, until): the review
// of the exchange an agreement calls for (audit.Summarise). The caller
// needs the audit scope; the log must be readable back (the service's
// Auditor implements audit.Source: the file log and the PostgreSQL one
// do). Zero bounds take the defaults above.
func (s *Service) AuditReport(ctx context.Context, c Caller, since, until time.Time) (*audit.Summary, error) {
	if !c.Audit {
		return nil, errorf(KindForbidden, "the audit review needs the audit scope")
	}
	src, ok := s.audit.(audit.Source)
	if !ok {
		return nil, errorf(KindUnavailable, "this service's audit log cannot be read back")
	}
	if until.IsZero() {
		until = s.now().UTC()
	}
	if since.IsZero() {
		since = until.Add(-DefaultAuditPeriod)
	}
	switch {
	case !since.Before(until):
		return nil, errorf(KindInvalid, "since (%s) is not before until (%s)", since.Format(time.RFC3339), until.Format(time.RFC3339))
	case until.Sub(since) > MaxAuditPeriod:
		return nil, errorf(KindInvalid, "the period from %s to %s is longer than %d days: ask for shorter periods", since.Format(time.RFC3339), until.Format(time.RFC3339), int(MaxAuditPeriod.Hours()/24))
	}
	sum, err := audit.Summarise(ctx, src, since.UTC(), until.UTC())
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &Error{Kind: KindUnavailable, Msg: "the audit log cannot be read", Err: err}
	}
	return sum, nil
}
