package exchange

import (
	"context"

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

// Meta returns a transaction's metadata, report and deliveries.
func (s *Service) Meta(ctx context.Context, c Caller, id string) (*store.Transaction, error) {
	if !store.ValidID(id) {
		return nil, errorf(KindNotFound, "transaction %q not found", id)
	}
	t, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, storeError(err, "transaction "+id)
	}
	if !visible(c, t) {
		// Not "forbidden": whether another partner's transaction exists
		// is not the caller's to know.
		return nil, errorf(KindNotFound, "transaction %s not found", id)
	}
	return t, nil
}

// Get returns a transaction, as received or converted.
func (s *Service) Get(ctx context.Context, c Caller, id string, o ReadOptions) (*Output, error) {
	t, err := s.Meta(ctx, c, id)
	if err != nil {
		return nil, err
	}
	b, err := s.store.Original(ctx, id)
	if err != nil {
		return nil, storeError(err, "transaction "+id)
	}
	if o.To == "" || o.To == Original {
		return &Output{Body: b, Format: t.Format, ContentType: ContentType(t.Format)}, nil
	}
	return Convert(ctx, b, o)
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
		if visible(c, t) {
			out.Items = append(out.Items, t)
		}
	}
	return out, nil
}

// Delete removes a transaction and its deliveries; admins only.
func (s *Service) Delete(ctx context.Context, c Caller, id string) error {
	if !c.Admin {
		return errorf(KindForbidden, "deleting transactions needs the admin scope")
	}
	if !store.ValidID(id) {
		return errorf(KindNotFound, "transaction %q not found", id)
	}
	return storeError(s.store.Delete(ctx, id), "transaction "+id)
}

// Inbox returns a page of the deliveries to c not yet acknowledged.
func (s *Service) Inbox(ctx context.Context, c Caller, after string, limit int) (*Page[*store.Delivery], error) {
	items, next, err := s.store.Inbox(ctx, c.Partner, store.Query{After: after, Limit: limit})
	if err != nil {
		return nil, storeError(err, "inbox")
	}
	if items == nil {
		items = []*store.Delivery{}
	}
	return &Page[*store.Delivery]{Items: items, Next: next}, nil
}

// InboxGet returns a delivery to c in c's own form.
func (s *Service) InboxGet(ctx context.Context, c Caller, id string) (*Output, error) {
	if !store.ValidID(id) {
		return nil, errorf(KindNotFound, "delivery %q not found", id)
	}
	d, body, err := s.store.Delivery(ctx, c.Partner, id)
	if err != nil {
		return nil, storeError(err, "delivery "+id)
	}
	return &Output{Body: body, Format: d.Format, ContentType: ContentType(d.Format)}, nil
}

// Ack records that c received a delivery; it leaves the inbox listing.
func (s *Service) Ack(ctx context.Context, c Caller, id string) error {
	if !store.ValidID(id) {
		return errorf(KindNotFound, "delivery %q not found", id)
	}
	return storeError(s.store.Ack(ctx, c.Partner, id, s.now().UTC()), "delivery "+id)
}
