package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/biogate/biogate/store"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Put implements store.Store: the transaction, its original, deliveries,
// bodies, visibility and jobs sent as one batch, which PostgreSQL runs as
// one implicit transaction (pgx SendBatch) committed before the answer:
// one round trip. Of concurrent Puts of one id, the first to commit wins
// and the others get store.ErrExists (the primary key decides, across
// nodes).
func (s *Store) Put(ctx context.Context, r *store.Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := s.check(); err != nil {
		return err
	}
	enc, err := store.Encode(r)
	if err != nil {
		return err
	}
	t := &enc.Transaction
	original := r.Original
	if original == nil {
		original = []byte{}
	}
	b := &pgx.Batch{}
	b.Queue(`INSERT INTO biogate_transaction (id, sender, received, meta, original) VALUES ($1, $2, $3, $4, $5)`,
		t.ID, t.Sender, t.Received, enc.Meta, original)
	for i, j := range r.Jobs {
		queuePutJob(b, j, enc.Jobs[i])
	}
	b.Queue(`INSERT INTO biogate_visible (partner, id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, t.Sender, t.ID)
	for i, d := range enc.Deliveries {
		var body []byte
		delivered := d.State == store.Delivered
		if delivered {
			if body = r.Bodies[d.Partner]; body == nil {
				body = []byte{}
			}
			b.Queue(`INSERT INTO biogate_visible (partner, id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, d.Partner, t.ID)
		}
		b.Queue(`INSERT INTO biogate_delivery (id, partner, doc, body, pending) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (id, partner) DO UPDATE SET doc = excluded.doc, body = excluded.body, pending = excluded.pending`,
			t.ID, d.Partner, enc.Delivery[i], body, delivered)
	}
	err = s.pool.SendBatch(ctx, b).Close()
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == uniqueViolation && pe.ConstraintName == "biogate_transaction_pkey" {
		return store.ErrExists
	}
	return err
}

// deliveriesOf is the SQL expression of the deliveries' documents of
// transaction t, in partner order (an empty array for none).
const deliveriesOf = `(SELECT coalesce(array_agg(d.doc ORDER BY d.partner), '{}') FROM biogate_delivery d WHERE d.id = t.id)`

// Get implements store.Store: one statement, so one snapshot.
func (s *Store) Get(ctx context.Context, id string) (*store.Transaction, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	var meta []byte
	var docs [][]byte
	err := s.pool.QueryRow(ctx, `SELECT t.meta, `+deliveriesOf+` FROM biogate_transaction t WHERE t.id = $1`, id).Scan(&meta, &docs)
	if err != nil {
		return nil, notFound(err)
	}
	return decodeTransaction(id, meta, docs)
}

// decodeTransaction reads a transaction's metadata and its deliveries.
func decodeTransaction(id string, meta []byte, docs [][]byte) (*store.Transaction, error) {
	t := new(store.Transaction)
	if err := json.Unmarshal(meta, t); err != nil {
		return nil, fmt.Errorf("store: transaction %s: %w", id, err)
	}
	for _, doc := range docs {
		d, err := decodeDelivery(id, doc)
		if err != nil {
			return nil, err
		}
		t.Deliveries = append(t.Deliveries, d)
	}
	return t, nil
}

func decodeDelivery(id string, doc []byte) (*store.Delivery, error) {
	d := new(store.Delivery)
	if err := json.Unmarshal(doc, d); err != nil {
		return nil, fmt.Errorf("store: delivery of %s: %w", id, err)
	}
	return d, nil
}

// Original implements store.Store.
func (s *Store) Original(ctx context.Context, id string) ([]byte, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	var b []byte
	err := s.pool.QueryRow(ctx, `SELECT original FROM biogate_transaction WHERE id = $1`, id).Scan(&b)
	if err != nil {
		return nil, notFound(err)
	}
	return b, nil
}

// List implements store.Store: one page (at most store.Query's bound),
// one statement.
func (s *Store) List(ctx context.Context, q store.Query) ([]*store.Transaction, string, error) {
	if err := s.check(); err != nil {
		return nil, "", err
	}
	n := q.PageSize()
	var rows pgx.Rows
	var err error
	if q.Partner == "" {
		rows, err = s.pool.Query(ctx, `SELECT t.id, t.meta, `+deliveriesOf+` FROM biogate_transaction t
			WHERE t.id > $1 ORDER BY t.id LIMIT $2`, q.After, n+1)
	} else {
		rows, err = s.pool.Query(ctx, `SELECT t.id, t.meta, `+deliveriesOf+` FROM biogate_visible v JOIN biogate_transaction t ON t.id = v.id
			WHERE v.partner = $1 AND v.id > $2 ORDER BY v.id LIMIT $3`, q.Partner, q.After, n+1)
	}
	if err != nil {
		return nil, "", err
	}
	return page(rows, n, nil)
}

// page reads rows of (id, meta, deliveries) into a page of at most n
// transactions and the cursor of the next ("" when the rows hold no
// more); stop, when not nil, ends the listing at the first transaction
// it refuses.
func page(rows pgx.Rows, n int, stop func(*store.Transaction) bool) ([]*store.Transaction, string, error) {
	defer rows.Close()
	var out []*store.Transaction
	for rows.Next() {
		var id string
		var meta []byte
		var docs [][]byte
		if err := rows.Scan(&id, &meta, &docs); err != nil {
			return nil, "", err
		}
		t, err := decodeTransaction(id, meta, docs)
		if err != nil {
			return nil, "", err
		}
		if stop != nil && stop(t) {
			return out, "", rows.Err()
		}
		if len(out) == n {
			return out, out[n-1].ID, rows.Err()
		}
		out = append(out, t)
	}
	return out, "", rows.Err()
}

// Aged implements store.Store. Ids sort in arrival order, so the listing
// stops at the first transaction received at or after before; it reads
// at most a page and one row more. Deliveries are not read (retention
// needs the ids and senders).
func (s *Store) Aged(ctx context.Context, before time.Time, q store.Query) ([]*store.Transaction, string, error) {
	if err := s.check(); err != nil {
		return nil, "", err
	}
	n := q.PageSize()
	rows, err := s.pool.Query(ctx, `SELECT id, meta, '{}'::bytea[] FROM biogate_transaction WHERE id > $1 ORDER BY id LIMIT $2`, q.After, n+1)
	if err != nil {
		return nil, "", err
	}
	return page(rows, n, func(t *store.Transaction) bool { return !t.Received.Before(before) })
}

// Delete implements store.Store: the transaction, its deliveries and
// visibility (ON DELETE CASCADE) and its jobs, in one statement.
func (s *Store) Delete(ctx context.Context, id string) error {
	if err := s.check(); err != nil {
		return err
	}
	var n int
	err := s.pool.QueryRow(ctx, `WITH t AS (DELETE FROM biogate_transaction WHERE id = $1 RETURNING id),
		j AS (DELETE FROM biogate_job WHERE id = $1)
		SELECT count(*) FROM t`, id).Scan(&n)
	if err == nil && n == 0 {
		return store.ErrNotFound
	}
	return err
}

// Inbox implements store.Store.
func (s *Store) Inbox(ctx context.Context, partner string, q store.Query) ([]*store.Delivery, string, error) {
	if err := s.check(); err != nil {
		return nil, "", err
	}
	n := q.PageSize()
	rows, err := s.pool.Query(ctx, `SELECT id, doc FROM biogate_delivery WHERE pending AND partner = $1 AND id > $2
		ORDER BY id LIMIT $3`, partner, q.After, n+1)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	var out []*store.Delivery
	for rows.Next() {
		var id string
		var doc []byte
		if err := rows.Scan(&id, &doc); err != nil {
			return nil, "", err
		}
		if len(out) == n {
			return out, out[n-1].ID, rows.Err()
		}
		d, err := decodeDelivery(id, doc)
		if err != nil {
			return nil, "", err
		}
		out = append(out, d)
	}
	return out, "", rows.Err()
}

// Delivery implements store.Store. A failed delivery has no body and is
// not found.
func (s *Store) Delivery(ctx context.Context, partner, id string) (*store.Delivery, []byte, error) {
	if err := s.check(); err != nil {
		return nil, nil, err
	}
	var doc, body []byte
	err := s.pool.QueryRow(ctx, `SELECT doc, body FROM biogate_delivery WHERE id = $1 AND partner = $2 AND body IS NOT NULL`,
		id, partner).Scan(&doc, &body)
	if err != nil {
		return nil, nil, notFound(err)
	}
	d, err := decodeDelivery(id, doc)
	if err != nil {
		return nil, nil, err
	}
	return d, body, nil
}

// Ack implements store.Store. Acknowledging twice is not an error; the
// row is locked, so concurrent Acks (from several nodes) record one
// instant.
func (s *Store) Ack(ctx context.Context, partner, id string, at time.Time) error {
	return s.write(ctx, func(tx pgx.Tx) error {
		var doc []byte
		err := tx.QueryRow(ctx, `SELECT doc FROM biogate_delivery WHERE id = $1 AND partner = $2 FOR UPDATE`, id, partner).Scan(&doc)
		if err != nil {
			return notFound(err)
		}
		d, err := decodeDelivery(id, doc)
		if err != nil {
			return err
		}
		switch d.State {
		case store.Failed:
			return store.ErrNotFound
		case store.Acked:
			return nil
		}
		d.State, d.Acked = store.Acked, &at
		if doc, err = json.Marshal(d); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE biogate_delivery SET doc = $3, pending = false WHERE id = $1 AND partner = $2`, id, partner, doc)
		return err
	})
}

// uniqueViolation is PostgreSQL's SQLSTATE unique_violation (PostgreSQL
// documentation, appendix A, "Error codes").
const uniqueViolation = "23505"
