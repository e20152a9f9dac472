package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/biogate/biogate/internal/pgtest"
	"github.com/biogate/biogate/store"
	"github.com/biogate/biogate/store/storetest"
	"github.com/jackc/pgx/v5/pgconn"
)

// open opens a store on a fresh database.
func open(t testing.TB) (store.Store, func() store.Store) {
	t.Helper()
	dsn := pgtest.DSN(t)
	o := func() store.Store {
		s, err := Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	s := o()
	return s, func() store.Store {
		s.Close()
		return o()
	}
}

// TestSuite runs the shared store suite on PostgreSQL.
func TestSuite(t *testing.T) { storetest.Run(t, open) }

// BenchmarkPostgres: Put and Get on PostgreSQL (items/s).
func BenchmarkPostgres(b *testing.B) { storetest.Bench(b, open) }

// TestPutAtomic: a Put whose batch fails part-way (a partner name
// PostgreSQL refuses, after the transaction's row is written) leaves
// nothing: the batch is one implicit transaction.
func TestPutAtomic(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	id := store.NewID(time.Now())
	r := &store.Record{
		Transaction: &store.Transaction{ID: id, Sender: "a", Format: "an2", Deliveries: []*store.Delivery{
			{ID: id, Partner: "b", State: store.Delivered},
			{ID: id, Partner: "c\x00", State: store.Delivered}, // text cannot hold NUL
		}},
		Original: []byte("x"),
		Bodies:   map[string][]byte{"b": []byte("to b"), "c\x00": []byte("to c")},
		Jobs:     []*store.Job{{Kind: store.JobSearch, ID: id, State: store.JobPending}},
	}
	// The server refuses it (SQLSTATE 22021), after the row is inserted.
	var pe *pgconn.PgError
	if err := s.Put(ctx, r); !errors.As(err, &pe) || pe.Code != "22021" {
		t.Fatalf("Put with a NUL partner: %v, want the database's refusal (22021)", err)
	}
	if _, err := s.Get(ctx, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get after a failed Put: %v, want ErrNotFound", err)
	}
	if _, err := s.Job(ctx, store.JobSearch, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the failed Put's job: %v, want ErrNotFound", err)
	}
	if in, _, err := s.Inbox(ctx, "b", store.Query{}); err != nil || len(in) != 0 {
		t.Errorf("inbox after a failed Put: %d, %v", len(in), err)
	}
	// The id is free: the same record without the bad delivery is taken.
	r.Transaction.Deliveries = r.Transaction.Deliveries[:1]
	if err := s.Put(ctx, r); err != nil {
		t.Fatal(err)
	}
}
