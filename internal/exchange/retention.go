package exchange

import (
	"context"
	"fmt"
	"time"

	"github.com/biogate/biogate/audit"
	"github.com/biogate/biogate/policy"
	"github.com/biogate/biogate/store"
)

// ServiceActor is the audit actor of what the service does on its own
// (the scheduled purge).
const ServiceActor = "biogate"

// Purged is what one purge removed.
type Purged struct {
	Purged       int      `json:"purged"`
	Transactions []string `json:"transactions"`
	// Kept counts the transactions past retention kept because what was
	// enrolled from them cannot leave a backend yet (it is down).
	Kept int `json:"kept,omitempty"`
}

// Purge deletes every transaction past its retention, that of the
// partner who submitted it (policy.Due; for a reply the service made, its
// recipient's), and records each deletion in the audit log (action
// "expire", by actor). What was enrolled from a purged transaction leaves
// every gallery and backend first, and so does what was enrolled from a
// REST body past its enrolling partner's retention (retention_enrol.go;
// action "expire-enrolment"). The caller must be an admin;
// the scheduled purge (RunRetention) passes ServiceActor. Reads never
// return a transaction past retention, purged yet or not (see Meta).
func (s *Service) Purge(ctx context.Context, c Caller) (*Purged, error) {
	if !c.Admin {
		return nil, errorf(KindForbidden, "purging needs the admin scope")
	}
	actor := c.Partner
	if actor == "" {
		actor = ServiceActor
	}
	out := &Purged{Transactions: []string{}}
	pols := s.cfg.Policies()
	if len(pols) == 0 {
		return out, nil
	}
	now := s.now()
	// Nothing received after now minus the shortest retention can be
	// due; the store lists the older ones, the policies decide.
	shortest := time.Duration(1<<63 - 1)
	for _, p := range pols {
		shortest = min(shortest, p.Retention())
	}
	if n, err := s.expireBodyEnrolments(ctx, actor, now); err != nil {
		s.log.Warn("enrolments past retention are kept until their backends can remove them", "removed", n, "error", err)
	}
	before := now.Add(-shortest).Add(time.Nanosecond)
	after := ""
	for {
		ts, next, err := s.store.Aged(ctx, before, store.Query{After: after, Limit: 500})
		if err != nil {
			return out, storeError(err, "transactions")
		}
		held := make([]policy.Held, len(ts))
		tot := map[string]string{}
		for i, t := range ts {
			held[i] = policy.Held{ID: t.ID, Partner: t.Sender, Stored: t.Received}
			if t.Sender == ServiceActor && len(t.Deliveries) == 1 {
				// A reply the service made is kept as long as its
				// recipient's retention says.
				held[i].Partner = t.Deliveries[0].Partner
			}
			tot[t.ID] = t.TOT
		}
		for _, h := range policy.Due(held, pols, now) {
			if err := s.expireEnrolments(ctx, actor, h.ID); err != nil {
				// Kept until its enrolments can leave their backends
				// (one is down): the next purge tries again, and the
				// others are purged now.
				s.Audit(audit.Entry{Actor: actor, Action: "expire", Transaction: h.ID, Type: tot[h.ID], Outcome: audit.Failed, Reason: "kept: its enrolments cannot be removed yet: " + err.Error()})
				s.log.Warn("a transaction past retention is kept until its enrolments can be removed", "id", h.ID, "error", err)
				out.Kept++
				continue
			}
			if err := s.store.Delete(ctx, h.ID); err != nil {
				s.Audit(audit.Entry{Actor: actor, Action: "expire", Transaction: h.ID, Type: tot[h.ID], Outcome: audit.Failed, Reason: err.Error()})
				return out, storeError(err, "transaction "+h.ID)
			}
			out.Purged++
			out.Transactions = append(out.Transactions, h.ID)
			reason := fmt.Sprintf("past the %d-day retention of partner %s", pols[h.Partner].RetentionDays, h.Partner)
			if err := s.Audit(audit.Entry{Actor: actor, Action: "expire", Transaction: h.ID, Type: tot[h.ID], Outcome: audit.OK, Reason: reason}); err != nil {
				return out, err
			}
		}
		if next == "" {
			return out, nil
		}
		after = next
	}
}

// RunRetention purges on schedule: every interval until ctx is done,
// logging what it did.
func (s *Service) RunRetention(ctx context.Context, interval time.Duration) {
	if interval <= 0 {
		return
	}
	if s.queue != nil {
		s.runRetentionQueue(ctx, interval)
		return
	}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		p, err := s.Purge(ctx, Caller{Partner: ServiceActor, Admin: true})
		switch {
		case err != nil && ctx.Err() == nil:
			s.log.Error("retention purge failed", "error", err)
		case p != nil && p.Purged > 0:
			s.log.Info("retention purge", "purged", p.Purged)
		}
	}
}
