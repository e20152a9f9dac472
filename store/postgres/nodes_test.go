package postgres

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/biogate/biogate/internal/pgtest"
	"github.com/biogate/biogate/store"
)

// TestTwoNodes: two stores (two nodes' pools) on one database see each
// other's writes at once, and of one id put by both at the same moment,
// exactly one is taken.
func TestTwoNodes(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	a, b := openAt(t, dsn), openAt(t, dsn)
	id := store.NewID(time.Now())
	rec := func() *store.Record {
		return &store.Record{
			Transaction: &store.Transaction{ID: id, Sender: "fbi", Format: "an2",
				Deliveries: []*store.Delivery{{ID: id, Partner: "ipsg", State: store.Delivered}}},
			Original: []byte("x"),
			Bodies:   map[string][]byte{"ipsg": []byte("to ipsg")},
		}
	}
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, s := range []*Store{a, b} {
		wg.Go(func() { errs[i] = s.Put(ctx, rec()) })
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) || !errors.Is(errors.Join(errs...), store.ErrExists) {
		t.Fatalf("Puts of one id from two nodes: %v; want one taken, one ErrExists", errs)
	}
	for name, s := range map[string]*Store{"a": a, "b": b} {
		if in, _, err := s.Inbox(ctx, "ipsg", store.Query{}); err != nil || len(in) != 1 {
			t.Errorf("node %s: inbox %d, %v; want the one delivery", name, len(in), err)
		}
	}
	if err := b.Ack(ctx, "ipsg", id, time.Now()); err != nil {
		t.Fatal(err)
	}
	if in, _, err := a.Inbox(ctx, "ipsg", store.Query{}); err != nil || len(in) != 0 {
		t.Errorf("node a after node b's ack: inbox %d, %v", len(in), err)
	}
	if err := a.PutJob(ctx, &store.Job{Kind: store.JobBatch, ID: id, State: store.JobPending}); err != nil {
		t.Fatal(err)
	}
	if j, err := b.Job(ctx, store.JobBatch, id); err != nil || j.State != store.JobPending {
		t.Errorf("node b reads node a's job: %+v, %v", j, err)
	}
}
