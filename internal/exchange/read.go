package exchange

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/biogate/biogate/nist"
	"github.com/biogate/biogate/policy"
	"github.com/biogate/biogate/sign"

	"github.com/biogate/biogate/store"
)

// ReadOptions says in which form Get returns a transaction: Format ""
// or "original" for the bytes as received, otherwise as ConvertOptions.
type ReadOptions = ConvertOptions

// Original is the Format value asking for the bytes as received.
const Original = "original"

// Page is a page of a listing; Next is the cursor of the next page, ""
// at the end.
type Page[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty"`
}

// visible reports whether c may read t, and trims the deliveries a
// recipient sees to its own.
func visible(c Caller, t *store.Transaction) bool {
	if c.Admin || t.Sender == c.Partner {
		return true
	}
	for _, d := range t.Deliveries {
		if d.Partner == c.Partner && d.State != store.Failed {
			t.Deliveries = []*store.Delivery{d}
			return true
		}
	}
	return false
}

// Meta returns a transaction's metadata, report and deliveries. It is
// not found when the caller may not see it, when it is past retention
// (the purge may not have run yet) and when the caller's disclosure
// policy does not let it read the transaction's type. A reader other than
// the sender (or an admin) gets it without the sender's validation report,
// which may speak of what its policy withholds. Size and SHA256 are the
// original's for a reader who sees it whole (the sender, or a reader
// without a policy) and otherwise those of the reader's view (what Get
// returns as received).
func (s *Service) Meta(ctx context.Context, c Caller, id string) (*store.Transaction, error) {
	t, err := s.meta(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if err := s.figures(ctx, c, t, true); err != nil {
		return nil, err
	}
	return t, nil
}

// meta is Meta with the original's figures.
func (s *Service) meta(ctx context.Context, c Caller, id string) (*store.Transaction, error) {
	if !store.ValidID(id) {
		return nil, errorf(KindNotFound, "transaction %q not found", id)
	}
	t, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, storeError(err, "transaction "+id)
	}
	if !visible(c, t) || s.expired(c, t) {
		// Not "forbidden": whether another partner's transaction exists
		// is not the caller's to know.
		return nil, errorf(KindNotFound, "transaction %s not found", id)
	}
	if p := s.cfg.Policy(c.Partner); p != nil {
		if err := p.AllowReadType(t.TOT); err != nil {
			return nil, &Error{Kind: KindDenied, Msg: err.Error()}
		}
	}
	if !c.Admin && t.Sender != c.Partner {
		t.Report = nil
	}
	s.refreshSearch(ctx, t)
	return t, nil
}

// expired reports whether t is past retention: the sender's (which the
// purge applies) or, for another reader, the reader's own.
func (s *Service) expired(c Caller, t *store.Transaction) bool {
	now := s.now()
	if p := s.cfg.Policy(t.Sender); p != nil && p.Expired(t.Received, now) {
		return true
	}
	if c.Partner != t.Sender {
		if p := s.cfg.Policy(c.Partner); p != nil && p.Expired(t.Received, now) {
			return true
		}
	}
	return false
}

// Get returns a transaction, as received or converted, as the caller's
// disclosure policy lets it see it: the records and Type-2 fields it may
// not see are removed (Output.Removed says which) before conversion, and
// a signed transaction so changed is signed again with the service's key
// when it has one. "As received" is the original bytes without a policy;
// with one, see disclose (never an XML or JSON original as it was).
func (s *Service) Get(ctx context.Context, c Caller, id string, o ReadOptions) (*Output, error) {
	t, err := s.meta(ctx, c, id)
	if err != nil {
		return nil, err
	}
	b, err := s.store.Original(ctx, id)
	if err != nil {
		return nil, storeError(err, "transaction "+id)
	}
	var out *Output
	switch {
	case o.To == "" || o.To == Original:
		if out, err = s.disclose(ctx, c.Partner, b, false); err != nil {
			return nil, err
		}
	case s.cfg.Policy(c.Partner) == nil:
		if out, err = Convert(ctx, b, o); err != nil {
			return nil, err
		}
	default:
		if err := o.check(); err != nil {
			return nil, err
		}
		l, err := loadTransaction(ctx, b)
		if err != nil {
			return nil, err
		}
		view, removed, err := s.view(c.Partner, l.t)
		if err != nil {
			return nil, err
		}
		if out, err = convertTransaction(&loaded{format: l.format, t: view, dialect: l.dialect}, o); err != nil {
			return nil, err
		}
		out.Removed = removalStrings(removed)
	}
	out.TOT = t.TOT
	return out, nil
}

// view applies the reader's disclosure policy to t: whether it may read
// it at all, and a copy without what it may not see. A signed transaction
// that lost something is signed again with the service's key when it has
// one (otherwise its signature no longer verifies, as it should not).
func (s *Service) view(reader string, t *nist.Transaction) (*nist.Transaction, []policy.Removal, error) {
	p := s.cfg.Policy(reader)
	if p == nil {
		return t, nil, nil
	}
	if err := p.AllowRead(t); err != nil {
		return nil, nil, &Error{Kind: KindDenied, Msg: err.Error()}
	}
	v, removed := p.Redact(t)
	if len(removed) > 0 && s.signKey != nil && signed(t) {
		if err := sign.Sign(v, s.signKey, &sign.Options{Replace: true, Agent: "biogate", Time: s.now()}); err != nil {
			return nil, nil, &Error{Kind: KindUnsupported, Msg: "the redacted transaction cannot be signed again", Err: err}
		}
	}
	return v, removed, nil
}

func removalStrings(rs []policy.Removal) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.String())
	}
	return out
}

// readable reports whether c may see t in a listing: visible, not past
// retention, and of a type c's policy lets it read.
func (s *Service) readable(c Caller, t *store.Transaction) bool {
	if !visible(c, t) || s.expired(c, t) {
		return false
	}
	if p := s.cfg.Policy(c.Partner); p != nil && p.AllowReadType(t.TOT) != nil {
		return false
	}
	if !c.Admin && t.Sender != c.Partner {
		t.Report = nil
	}
	return true
}

// List returns a page of the transactions c may see, oldest first.
func (s *Service) List(ctx context.Context, c Caller, after string, limit int) (*Page[*store.Transaction], error) {
	q := store.Query{Partner: c.Partner, After: after, Limit: limit}
	if c.Admin {
		q.Partner = ""
	}
	items, next, err := s.store.List(ctx, q)
	if err != nil {
		return nil, storeError(err, "transactions")
	}
	out := &Page[*store.Transaction]{Items: make([]*store.Transaction, 0, len(items)), Next: next}
	for _, t := range items {
		if s.readable(c, t) {
			s.figures(ctx, c, t, false) // no view computed: cannot fail
			s.refreshSearch(ctx, t)
			out.Items = append(out.Items, t)
		}
	}
	return out, nil
}

// Delete removes a transaction and its deliveries, and what was enrolled
// from it; admins only.
func (s *Service) Delete(ctx context.Context, c Caller, id string) error {
	if !c.Admin {
		return errorf(KindForbidden, "deleting transactions needs the admin scope")
	}
	if !store.ValidID(id) {
		return errorf(KindNotFound, "transaction %q not found", id)
	}
	// What was enrolled from it goes with it (retention_enrol.go).
	if err := s.expireEnrolments(ctx, c.Partner, id); err != nil {
		return err
	}
	return storeError(s.store.Delete(ctx, id), "transaction "+id)
}

// Inbox returns a page of the deliveries to c not yet acknowledged,
// without those past retention or of a type c's policy does not let it
// read.
func (s *Service) Inbox(ctx context.Context, c Caller, after string, limit int) (*Page[*store.Delivery], error) {
	items, next, err := s.store.Inbox(ctx, c.Partner, store.Query{After: after, Limit: limit})
	if err != nil {
		return nil, storeError(err, "inbox")
	}
	out := &Page[*store.Delivery]{Items: []*store.Delivery{}, Next: next}
	for _, d := range items {
		t, err := s.store.Get(ctx, d.ID)
		if err != nil {
			continue // deleted meanwhile
		}
		if s.readable(c, t) {
			out.Items = append(out.Items, d)
		}
	}
	return out, nil
}

// InboxGet returns a delivery to c in c's own form. The delivery was
// made after c's disclosure policy of the time was applied (see Submit);
// its type and retention are checked again here, and c's current policy
// is applied again to the body (disclose): a policy tightened since the
// delivery holds for what was delivered before. Output.Removed lists what
// was withheld at delivery and now.
func (s *Service) InboxGet(ctx context.Context, c Caller, id string) (*Output, error) {
	if !store.ValidID(id) {
		return nil, errorf(KindNotFound, "delivery %q not found", id)
	}
	t, err := s.meta(ctx, Caller{Partner: c.Partner}, id)
	if err != nil {
		return nil, errorf(KindNotFound, "delivery %s not found", id)
	}
	d, body, err := s.store.Delivery(ctx, c.Partner, id)
	if err != nil {
		return nil, storeError(err, "delivery "+id)
	}
	sum := sha256.Sum256(body)
	derived := hex.EncodeToString(sum[:]) != t.SHA256 // Biogate encoded it; not the bytes as received
	out, err := s.disclose(ctx, c.Partner, body, derived)
	if err != nil {
		return nil, err
	}
	out.TOT = t.TOT
	if bytes.Equal(out.Body, body) {
		out.Signature = d.Signature // not re-encoded under a policy changed since delivery
	}
	var extra deliveryFindings
	if len(d.Findings) > 0 && json.Unmarshal(d.Findings, &extra) == nil {
		out.Removed = append(extra.Removed, out.Removed...)
	}
	return out, nil
}

// Ack records that c received a delivery; it leaves the inbox listing.
func (s *Service) Ack(ctx context.Context, c Caller, id string) error {
	if !store.ValidID(id) {
		return errorf(KindNotFound, "delivery %q not found", id)
	}
	return storeError(s.store.Ack(ctx, c.Partner, id, s.now().UTC()), "delivery "+id)
}
