package exchange

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/biogate/biogate/audit"
	"github.com/biogate/biogate/internal/reply"
	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/nist"
	"github.com/biogate/biogate/sign"
	"github.com/biogate/biogate/store"
)

// answerSearch does a search job: it searches the rule's galleries with
// the stored search transaction, builds the reply (package reply: INT-I
// SREs or an EBTS SRT), and stores each reply transaction (Sender
// ServiceActor) delivered to the searcher's inbox.
//
// Idempotence: each reply's id is derived from the job (replyID), so two
// runs of one job (a node presumed dead by the job queue that was only
// slow, and the node that took its job over) store the same reply ids,
// and the second Put of each gets store.ErrExists: one answer lands in
// the inbox whatever the number of runs. The job's done state is written in the same Put as the
// last reply, so a retry after a crash either finds the job done (nothing
// to do) or finds it pending and delivers. When the answer takes several
// transactions (INT-I: one SRE per candidate), their ids and the
// candidates are first written into the pending job (the plan); a retry
// reuses them, and a reply already stored (store.ErrExists on its planned
// id) is not stored again. No retry ever delivers a second answer.
func (s *Service) answerSearch(ctx context.Context, j *store.Job) error {
	var data matchJob
	if err := json.Unmarshal(j.Data, &data); err != nil {
		return fmt.Errorf("search job %s: its data cannot be read: %v", j.ID, err)
	}
	sender, ok := s.cfg.Partner(j.Partner)
	if !ok {
		return fmt.Errorf("search job %s: partner %q is not configured any more", j.ID, j.Partner)
	}
	body, err := s.store.Original(ctx, j.ID)
	if err != nil {
		return storeError(err, "search transaction "+j.ID)
	}
	l, err := loadTransaction(ctx, body)
	if err != nil {
		return err
	}
	var plan searchOutcome
	if len(j.Result) > 0 {
		if err := json.Unmarshal(j.Result, &plan); err != nil {
			return fmt.Errorf("search job %s: its plan cannot be read: %v", j.ID, err)
		}
	}
	if plan.Replies == nil {
		if plan.Candidates, plan.Notes, err = s.searchGalleries(ctx, Caller{Partner: j.Partner}, j.ID, body, data); err != nil {
			return err
		}
	}
	rep, err := s.buildReply(ctx, l.t, plan.Candidates)
	if err != nil {
		return err
	}
	plan.Notes = append(plan.Notes, rep.Notes...)
	js, err := s.jobs()
	if err != nil {
		return err
	}
	if plan.Replies == nil {
		for i := range rep.Transactions {
			plan.Replies = append(plan.Replies, replyID(j, i))
		}
		if len(plan.Replies) > 1 {
			j.Result, _ = json.Marshal(plan)
			if err := js.PutJob(ctx, j); err != nil {
				return storeError(err, "search job "+j.ID)
			}
		}
	}
	if len(plan.Replies) != len(rep.Transactions) {
		return fmt.Errorf("search job %s: %d replies planned, %d built", j.ID, len(plan.Replies), len(rep.Transactions))
	}
	lastStored := false
	for i, rt := range rep.Transactions {
		rec, err := s.replyRecord(ctx, rt, plan.Replies[i], sender)
		if err != nil {
			return err
		}
		last := i == len(rep.Transactions)-1
		if last {
			done := *j
			done.State, done.Error, done.NotBefore = store.JobDone, "", time.Time{}
			done.Result, _ = json.Marshal(plan)
			rec.Jobs = []*store.Job{&done}
		}
		switch err := s.store.Put(ctx, rec); {
		case errors.Is(err, store.ErrExists):
			lastStored = last
			continue // stored by an attempt that did not finish
		case err != nil:
			return storeError(err, "reply "+rec.Transaction.ID)
		}
		if last {
			*j = *rec.Jobs[0]
		}
		d := rec.Transaction.Deliveries[0]
		s.notifyDelivered(d)
		e := audit.Entry{Actor: ServiceActor, Action: "reply", Transaction: rec.Transaction.ID, Type: rec.Transaction.TOT, To: sender.Name, Outcome: audit.OK,
			Reason: fmt.Sprintf("answer %d of %d to search %s, %d candidates", i+1, len(rep.Transactions), j.ID, len(plan.Candidates))}
		if d.State == store.Failed {
			e.Outcome, e.Reason = audit.Failed, e.Reason+": "+d.Error
		}
		s.Audit(e)
	}
	if lastStored {
		// Every reply was stored already: the attempt that stored the
		// last one wrote the job done with it; should the job read
		// pending all the same, it is written done now (nothing is
		// delivered again).
		cur, err := js.Job(ctx, store.JobSearch, j.ID)
		if err != nil {
			return storeError(err, "search job "+j.ID)
		}
		if cur.State != store.JobPending {
			*j = *cur
			return nil
		}
		j.State, j.Error, j.NotBefore = store.JobDone, "", time.Time{}
		j.Result, _ = json.Marshal(plan)
		return storeError(js.PutJob(ctx, j), "search job "+j.ID)
	}
	return nil
}

// replyID is the store id of search job j's reply number i: the
// search's arrival time plus i+1 nanoseconds (a reply sorts right after
// its search) and 48 bits of SHA-256 over the job's id and i, in
// store.NewID's shape, so it is the same on every node and every run.
func replyID(j *store.Job, i int) string {
	ns := uint64(j.Created.UnixNano())
	if store.ValidID(j.ID) {
		ns, _ = strconv.ParseUint(j.ID[:16], 16, 64)
	}
	sum := sha256.Sum256([]byte("biogate reply " + j.ID + " " + strconv.Itoa(i)))
	return fmt.Sprintf("%016x%s", ns+uint64(i)+1, hex.EncodeToString(sum[:6]))
}

// buildReply makes the reply transactions to search t for its
// candidates, each with the Type-2 record of the transaction it was
// enrolled from (the identity the reply family discloses; the searcher's
// read policy is applied to the reply as to any delivery).
func (s *Service) buildReply(ctx context.Context, t *nist.Transaction, cands []txCandidate) (*reply.Reply, error) {
	g, err := s.galleries()
	if err != nil {
		return nil, err
	}
	req := reply.Request{Search: t, Now: s.now().UTC()}
	for _, cd := range cands {
		rc := reply.Candidate{Subject: cd.Subject, Position: cd.Position}
		if cd.Score != nil {
			rc.Score, rc.Scored = *cd.Score, true
		}
		if e, err := g.Enrolment(ctx, store.SpaceExchange, cd.Gallery, cd.Subject); err == nil && e.Transaction != "" {
			if b, err := s.store.Original(ctx, e.Transaction); err == nil {
				if el, err := loadTransaction(ctx, b); err == nil {
					rc.Type2 = firstRecord(el.t, 2)
				}
			}
		}
		req.Candidates = append(req.Candidates, rc)
	}
	rep, err := reply.Build(req)
	if err != nil {
		return nil, &Error{Kind: KindUnsupported, Msg: "the search cannot be answered", Err: err}
	}
	return rep, nil
}

// firstRecord returns t's first record of type rt, nil if none.
func firstRecord(t *nist.Transaction, rt int) *nist.Record {
	for _, r := range t.Records {
		if r.Type == rt {
			return r
		}
	}
	return nil
}

// replyRecord makes the store record of one reply transaction: the
// reply as the searcher may see it (its read policy), signed with the
// service's key when it has one (a Type-98 record, package sign), as the
// original (traditional encoding), and its delivery to the searcher in
// its receive form through the deliver path of every transaction.
//
// INT-I XML (int-i.xsd) has no element for a Type-98 record: for a
// searcher taking it, the signature record is left out of what is
// converted, so the reply validates against int-i.xsd, and the delivery
// carries instead a detached signature of the delivered bytes
// (sign.SignDetached; Delivery.Signature, served in the
// Biogate-Signature header).
func (s *Service) replyRecord(ctx context.Context, rt *nist.Transaction, id string, to *Partner) (*store.Record, error) {
	view := rt
	if v, _, err := s.view(to.Name, rt); err == nil {
		view = v
	} // a reader who may not read it at all: deliver says so
	now := s.now().UTC()
	if s.signKey != nil {
		if err := sign.Sign(view, s.signKey, &sign.Options{Agent: "biogate", Time: now}); err != nil {
			return nil, fmt.Errorf("the reply cannot be signed: %w", err)
		}
	}
	b, err := nist.Marshal(view)
	if err != nil {
		return nil, fmt.Errorf("the reply cannot be encoded: %w", err)
	}
	l, err := loadTransaction(ctx, b)
	if err != nil {
		return nil, err
	}
	h := l.t.Header()
	sum := sha256.Sum256(b)
	t := &store.Transaction{ID: id, Sender: ServiceActor, Received: now, Format: sniff.AN2, Size: len(b), SHA256: hex.EncodeToString(sum[:]),
		TOT: h.TypeOfTransaction(), ORI: h.OriginatingAgency(), DAI: h.DestinationAgency(), TCN: h.ControlNumber(), Conformant: true}
	if v, ok := h.Version(); ok {
		t.Version = fmt.Sprintf("%04d", int(v))
	}
	if rep, err := s.Validate(ctx, b, "", 0); err == nil {
		t.Conformant = rep.Conformant
		t.Report, _ = json.Marshal(rep)
	}
	detached := s.signKey != nil && to.Receive.Format == sniff.XML && to.Receive.Dialect == "inti"
	if last := len(l.t.Records) - 1; detached && l.t.Records[last].Type == 98 {
		l.t.RemoveRecord(last) // the one sign.Sign appended; b, the original, keeps it
	}
	d, body := s.deliver(ctx, l, b, t, to)
	if detached && d.State != store.Failed {
		if d.Signature, err = sign.SignDetached(body, s.signKey, nil); err != nil {
			return nil, fmt.Errorf("the reply as delivered cannot be signed: %w", err)
		}
		var f deliveryFindings
		json.Unmarshal(d.Findings, &f)
		f.Notes = append(f.Notes, "signed with a detached signature of the delivered bytes (header Biogate-Signature): INT-I XML (int-i.xsd) has no place for the Type-98 signature record")
		d.Findings, _ = json.Marshal(f)
	}
	t.Deliveries = []*store.Delivery{d.Delivery}
	return &store.Record{Transaction: t, Original: b, Bodies: map[string][]byte{to.Name: body}}, nil
}
