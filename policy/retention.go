package policy

import "time"

// Expired reports whether a transaction stored at stored is past the
// partner's retention at now.
func (p *Policy) Expired(stored, now time.Time) bool {
	return !now.Before(stored.Add(p.Retention()))
}

// Held is a stored transaction as retention sees it: its store id, the
// partner whose policy governs it (the submitter) and when it was stored.
type Held struct {
	ID      string
	Partner string
	Stored  time.Time
}

// Due returns the transactions of held that are past their partner's
// retention at now, in the order given. A transaction whose partner has no
// policy is never due (it is kept until a policy says otherwise).
//
// Due decides; it deletes nothing. The purge itself (on schedule and on
// demand, with an audit entry per transaction purged, and no read of a due
// transaction ever answered) belongs to the service, which owns the store:
//
//	for _, h := range policy.Due(st.Held(), policies, time.Now()) {
//		st.Delete(h.ID)
//		log.Append(audit.Entry{Actor: "biogate", Action: "purge", Transaction: h.ID, Outcome: audit.OK})
//	}
func Due(held []Held, policies map[string]*Policy, now time.Time) []Held {
	var due []Held
	for _, h := range held {
		if p, ok := policies[h.Partner]; ok && p.Expired(h.Stored, now) {
			due = append(due, h)
		}
	}
	return due
}
