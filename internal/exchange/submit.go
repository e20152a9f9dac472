package exchange

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/biogate/biogate/audit"
	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/store"
)

// Submit accepts a transaction from caller: it validates it against the
// sender's profile, routes it by its 1.007 DAI, converts it to the
// recipient's form and stores everything in one durable step. It returns
// the stored metadata only once that step is on disk.
//
// A transaction whose 1.004 TOT is in one of the sender's matching rules
// is not routed: an enrol rule's is stored and enrolled, a search rule's
// is stored with its search job and answered by a reply in the sender's
// inbox (submitMatching); its metadata's Search says what became of it.
//
// It refuses input that is not a transaction (KindUnsupported) or cannot
// be read (KindUnreadable), a transaction the sender's profile rejects
// (KindNonconformant, with the report) and a destination no partner owns
// (KindUnroutable). A delivery that cannot be made is stored as failed,
// with the reason, in the metadata returned to the sender.
func (s *Service) Submit(ctx context.Context, c Caller, b []byte) (*store.Transaction, error) {
	sender, ok := s.cfg.Partner(c.Partner)
	if !ok {
		return nil, errorf(KindForbidden, "partner %q is not configured", c.Partner)
	}
	l, err := loadTransaction(ctx, b)
	if err != nil {
		return nil, err
	}
	if p := s.cfg.Policy(sender.Name); p != nil {
		if err := p.AllowSubmit(l.t); err != nil {
			return nil, &Error{Kind: KindDenied, Msg: err.Error()}
		}
	}
	rep, err := s.Validate(ctx, b, sender.Profile, sender.Level)
	if err != nil {
		return nil, err
	}
	if !rep.Conformant {
		return nil, &Error{Kind: KindNonconformant, Report: rep.Report, Findings: rep.Findings,
			Msg: fmt.Sprintf("the transaction has %d errors under profile %s; it is not accepted", rep.Errors, profileName(sender.Profile))}
	}
	h := l.t.Header()
	dai := strings.TrimSpace(h.DestinationAgency())
	now := s.now().UTC()
	id := store.NewID(now)
	job, err := s.matchingJob(c, sender, id, h.TypeOfTransaction())
	if err != nil {
		return nil, err
	}
	recipient, ok := s.cfg.Owner(dai)
	if !ok && job == nil {
		return nil, errorf(KindUnroutable, "the destination agency %q (field 1.007 DAI) belongs to no partner of this service; nothing was stored", dai)
	}
	sum := sha256.Sum256(b)
	t := &store.Transaction{
		ID: id, Sender: sender.Name, Received: now, Format: l.format, Size: len(b),
		SHA256: hex.EncodeToString(sum[:]), TOT: h.TypeOfTransaction(), ORI: h.OriginatingAgency(), DAI: dai,
		TCN: h.ControlNumber(), Profile: sender.Profile, Conformant: rep.Conformant,
	}
	if v, ok := h.Version(); ok {
		t.Version = fmt.Sprintf("%04d", int(v))
	}
	if t.Report, err = json.Marshal(rep); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err // past the request's deadline: stop before converting
	}
	if job != nil {
		return s.submitMatching(ctx, t, b, job)
	}
	d, body := s.deliver(ctx, l, b, t, recipient)
	t.Deliveries = []*store.Delivery{d.Delivery}
	rec := &store.Record{Transaction: t, Original: b, Bodies: map[string][]byte{recipient.Name: body}}
	if err := s.store.Put(ctx, rec); err != nil {
		return nil, storeError(err, "transaction")
	}
	s.notifyDelivered(d.Delivery)
	e := audit.Entry{Actor: t.Sender, Action: "deliver", Transaction: t.ID, Type: t.TOT, To: d.Partner, Outcome: audit.OK}
	if len(d.removed) > 0 {
		// As a read records it (api writeOutput): the review counts it.
		e.Reason = audit.WithheldPrefix + strings.Join(d.removed, "; ")
	}
	if d.State == store.Failed {
		s.log.Warn("delivery failed", "id", t.ID, "sender", t.Sender, "recipient", d.Partner, "error", d.Error)
		e.Outcome, e.Reason = audit.Failed, d.Error
		if d.denied {
			e.Outcome = audit.Rejected
		}
	}
	s.Audit(e) // the transaction is stored: a failure to audit is logged, not refused
	return t, nil
}

// deliveryFindings is what a delivery's Findings hold.
type deliveryFindings struct {
	Notes   []string `json:"notes,omitempty"`
	Report  *Report  `json:"report,omitempty"`
	Removed []string `json:"removed,omitempty"` // what the recipient's policy withheld
}

// delivery is a store.Delivery and whether the recipient's policy refused
// it.
type delivery struct {
	*store.Delivery
	denied  bool
	removed []string // what the recipient's policy withheld
}

func profileName(p string) string {
	if p == "" {
		return "base"
	}
	return p
}

// deliver converts a transaction into its recipient's form, after the
// recipient's disclosure policy: a type it may not read is not delivered
// (the delivery fails, and the sender is told why), and what it may not
// see is removed before conversion, the removals listed in the
// delivery's findings. A signed transaction that lost something is
// signed again with the service's key when it has one. The original bytes
// travel unchanged when they are already in the recipient's form, nothing
// was removed, and they hold nothing beyond the model or the recipient has
// no policy.
func (s *Service) deliver(ctx context.Context, l *loaded, b []byte, t *store.Transaction, to *Partner) (delivery, []byte) {
	d := delivery{Delivery: &store.Delivery{ID: t.ID, Partner: to.Name, Sender: t.Sender, State: store.Delivered,
		Format: to.Receive.Format, Dialect: to.Receive.Dialect, Created: t.Received}}
	fail := func(format string, a ...any) (delivery, []byte) {
		d.State, d.Error = store.Failed, fmt.Sprintf(format, a...)
		return d, nil
	}
	view, removed, err := s.view(to.Name, l.t)
	if err != nil {
		d.denied = KindOf(err) == KindDenied
		return fail("the recipient's disclosure policy refuses it: %v", err)
	}
	var body []byte
	var extra deliveryFindings
	switch {
	case len(removed) == 0 && to.Receive.Format == l.format &&
		(l.format == sniff.AN2 || string(l.dialect) == to.Receive.Dialect && s.cfg.Policy(to.Name) == nil):
		// An XML original may hold what no field number covers: a
		// recipient with a policy gets it re-encoded (see disclose).
		body = b
	default:
		var err error
		var note string
		if to.Receive.Format == sniff.XML && to.Receive.Dialect == "inti" {
			view, note = s.withINTICountries(view)
		}
		body, extra.Notes, err = encodeTransaction(view, to.Receive.Format, to.Receive.Dialect)
		if note != "" {
			extra.Notes = append(extra.Notes, note)
		}
		if err != nil {
			return fail("the transaction cannot be converted to %s: %v", formName(to.Receive), err)
		}
	}
	d.Size = len(body)
	extra.Removed = removalStrings(removed)
	d.removed = extra.Removed
	if to.Receive.Profile != "" {
		rep, err := s.Validate(ctx, body, to.Receive.Profile, to.Receive.Level)
		if err != nil {
			return fail("the recipient's profile %q cannot be applied: %v", to.Receive.Profile, err)
		}
		extra.Report = rep
		if !rep.Conformant {
			d.Findings, _ = json.Marshal(extra)
			return fail("the converted transaction has %d errors under the recipient's profile %q", rep.Errors, to.Receive.Profile)
		}
	}
	if extra.Notes != nil || extra.Report != nil || extra.Removed != nil {
		d.Findings, _ = json.Marshal(extra)
	}
	return d, body
}

func formName(r Receive) string {
	if r.Format == sniff.XML {
		return "XML (" + r.Dialect + " dialect)"
	}
	return r.Format
}

// submitMatching stores an enrol or search transaction with its job in
// one durable step, then does the job at once. A backend that is down
// leaves the job pending (RunSearches retries it): the transaction is
// accepted all the same, and nothing is lost. With a job queue the job
// left pending is announced for any node to do.
func (s *Service) submitMatching(ctx context.Context, t *store.Transaction, b []byte, job *store.Job) (*store.Transaction, error) {
	if job.Kind == store.JobSearch {
		t.Search = &SearchState{State: store.SearchPending}
	}
	if err := s.store.Put(ctx, &store.Record{Transaction: t, Original: b, Jobs: []*store.Job{job}}); err != nil {
		return nil, storeError(err, "transaction")
	}
	s.Audit(audit.Entry{Actor: t.Sender, Action: "submit", Transaction: t.ID, Type: t.TOT, Outcome: audit.OK, Reason: "a " + jobAction(job.Kind) + " transaction of the sender's matching rules"})
	j, err := s.runJob(ctx, job.Kind, job.ID)
	if err != nil {
		s.log.Warn("matching transaction accepted, its job is not done yet", "id", t.ID, "kind", job.Kind, "error", err)
	}
	if s.queue != nil && (j == nil || j.State == store.JobPending) {
		// Left to do (its backend is down): any node will do it.
		s.announce(ctx, job.Kind, job.ID)
	}
	if j != nil && t.Search != nil {
		t.Search = searchState(j)
	}
	return t, nil
}
