package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// FileName is the name of the embedded store's file in its data folder.
const FileName = "biogate.db"

// Buckets of the embedded store. Keys are transaction ids, or a partner
// name, a NUL and an id.
var (
	bucketMeta     = []byte("meta")     // id → Transaction JSON (without deliveries)
	bucketOriginal = []byte("original") // id → bytes as received
	bucketDelivery = []byte("delivery") // id NUL partner → Delivery JSON
	bucketBody     = []byte("body")     // id NUL partner → converted bytes
	bucketVisible  = []byte("visible")  // partner NUL id → "" (what the partner may read)
	bucketInbox    = []byte("inbox")    // partner NUL id → "" (pending deliveries)
)

// Bolt is the embedded Store: one bbolt file, every write an fsync'd
// commit.
type Bolt struct {
	db *bolt.DB
}

var _ Store = (*Bolt)(nil)

// Open opens (creating when absent) the embedded store in folder dir.
func Open(dir string) (*Bolt, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	// Timeout: a second process on the same folder fails instead of
	// waiting for the file lock forever.
	db, err := bolt.Open(filepath.Join(dir, FileName), 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", dir, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{
			bucketMeta, bucketOriginal, bucketDelivery, bucketBody, bucketVisible, bucketInbox,
			bucketEnrolment, bucketEnrolmentOf, bucketJob, bucketJobOf,
		} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", dir, err)
	}
	// Concurrent writes share a commit (Batch); a lone writer waits
	// MaxBatchDelay for company before its commit. bbolt's 10 ms default
	// doubled a single enrolment's latency (17 ms against 8 ms measured by
	// BenchmarkEnrol/clients=1 in match/backend/embedded) without raising
	// the throughput of 16 concurrent writers.
	db.MaxBatchDelay = 2 * time.Millisecond
	return &Bolt{db: db}, nil
}

func pkey(a, b string) []byte {
	k := make([]byte, 0, len(a)+1+len(b))
	k = append(k, a...)
	k = append(k, 0)
	return append(k, b...)
}

// Put implements Store. Concurrent Puts share one commit (bbolt's Batch),
// and each returns only after that commit is on disk.
func (s *Bolt) Put(ctx context.Context, r *Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	enc, err := Encode(r)
	if err != nil {
		return err
	}
	t, meta, deliveries, ds, js := &enc.Transaction, enc.Meta, enc.Deliveries, enc.Delivery, enc.Jobs
	return s.db.Batch(func(tx *bolt.Tx) error {
		mb := tx.Bucket(bucketMeta)
		if mb.Get([]byte(t.ID)) != nil {
			return ErrExists
		}
		if err := mb.Put([]byte(t.ID), meta); err != nil {
			return err
		}
		if err := tx.Bucket(bucketOriginal).Put([]byte(t.ID), r.Original); err != nil {
			return err
		}
		for i, j := range r.Jobs {
			if err := putJob(tx, j, js[i]); err != nil {
				return err
			}
		}
		vis := tx.Bucket(bucketVisible)
		if err := vis.Put(pkey(t.Sender, t.ID), nil); err != nil {
			return err
		}
		for i, d := range deliveries {
			k := pkey(t.ID, d.Partner)
			if err := tx.Bucket(bucketDelivery).Put(k, ds[i]); err != nil {
				return err
			}
			if d.State != Delivered {
				continue
			}
			if err := tx.Bucket(bucketBody).Put(k, r.Bodies[d.Partner]); err != nil {
				return err
			}
			if err := vis.Put(pkey(d.Partner, t.ID), nil); err != nil {
				return err
			}
			if err := tx.Bucket(bucketInbox).Put(pkey(d.Partner, t.ID), nil); err != nil {
				return err
			}
		}
		return nil
	})
}

// Get implements Store.
func (s *Bolt) Get(ctx context.Context, id string) (*Transaction, error) {
	var t *Transaction
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		t, err = getMeta(tx, id)
		if err != nil {
			return err
		}
		t.Deliveries, err = deliveriesOf(tx, id)
		return err
	})
	return t, err
}

func getMeta(tx *bolt.Tx, id string) (*Transaction, error) {
	v := tx.Bucket(bucketMeta).Get([]byte(id))
	if v == nil {
		return nil, ErrNotFound
	}
	t := new(Transaction)
	if err := json.Unmarshal(v, t); err != nil {
		return nil, fmt.Errorf("store: transaction %s: %w", id, err)
	}
	return t, nil
}

func deliveriesOf(tx *bolt.Tx, id string) ([]*Delivery, error) {
	var out []*Delivery
	prefix := pkey(id, "")
	c := tx.Bucket(bucketDelivery).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		d := new(Delivery)
		if err := json.Unmarshal(v, d); err != nil {
			return nil, fmt.Errorf("store: delivery %q: %w", k, err)
		}
		out = append(out, d)
	}
	return out, nil
}

// Original implements Store.
func (s *Bolt) Original(ctx context.Context, id string) ([]byte, error) {
	var b []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketOriginal).Get([]byte(id))
		if v == nil {
			return ErrNotFound
		}
		b = bytes.Clone(v) // bbolt's memory is valid only inside the transaction
		return nil
	})
	return b, err
}

// List implements Store.
func (s *Bolt) List(ctx context.Context, q Query) ([]*Transaction, string, error) {
	var out []*Transaction
	var next string
	err := s.db.View(func(tx *bolt.Tx) error {
		ids, n := scan(tx, q)
		next = n
		for _, id := range ids {
			t, err := getMeta(tx, id)
			if err == ErrNotFound {
				continue
			}
			if err != nil {
				return err
			}
			if t.Deliveries, err = deliveriesOf(tx, id); err != nil {
				return err
			}
			out = append(out, t)
		}
		return nil
	})
	return out, next, err
}

// Aged implements Store. Ids sort in arrival order (NewID), so the scan
// stops at the first transaction received at or after before.
func (s *Bolt) Aged(ctx context.Context, before time.Time, q Query) ([]*Transaction, string, error) {
	var out []*Transaction
	var next string
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketMeta).Cursor()
		k, _ := c.Seek([]byte(q.After))
		if q.After != "" && k != nil && string(k) == q.After {
			k, _ = c.Next()
		}
		for ; k != nil; k, _ = c.Next() {
			t, err := getMeta(tx, string(k))
			if err != nil {
				return err
			}
			if !t.Received.Before(before) {
				return nil
			}
			if len(out) == q.PageSize() {
				next = out[len(out)-1].ID
				return nil
			}
			out = append(out, t)
		}
		return nil
	})
	return out, next, err
}

// scan returns a page of ids: of every transaction, or of those visible
// to q.Partner; and the cursor of the next page, "" at the end.
func scan(tx *bolt.Tx, q Query) ([]string, string) {
	if q.Partner == "" {
		return scanBucket(tx.Bucket(bucketMeta), nil, q.After, q.PageSize())
	}
	return scanBucket(tx.Bucket(bucketVisible), pkey(q.Partner, ""), q.After, q.PageSize())
}

// scanBucket lists the ids after the cursor among the keys of b that
// start with prefix (the id is what follows the prefix).
func scanBucket(b *bolt.Bucket, prefix []byte, after string, limit int) ([]string, string) {
	var ids []string
	c := b.Cursor()
	start := append(bytes.Clone(prefix), after...)
	k, _ := c.Seek(start)
	if after != "" && k != nil && bytes.Equal(k, start) {
		k, _ = c.Next()
	}
	for ; k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if len(ids) == limit {
			return ids, ids[len(ids)-1]
		}
		ids = append(ids, string(k[len(prefix):]))
	}
	return ids, ""
}

// Delete implements Store.
func (s *Bolt) Delete(ctx context.Context, id string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		t, err := getMeta(tx, id)
		if err != nil {
			return err
		}
		ds, err := deliveriesOf(tx, id)
		if err != nil {
			return err
		}
		del := func(b []byte, k []byte) error { return tx.Bucket(b).Delete(k) }
		for _, d := range ds {
			k := pkey(id, d.Partner)
			for _, e := range []error{
				del(bucketDelivery, k), del(bucketBody, k),
				del(bucketVisible, pkey(d.Partner, id)), del(bucketInbox, pkey(d.Partner, id)),
			} {
				if e != nil {
					return e
				}
			}
		}
		if err := del(bucketVisible, pkey(t.Sender, id)); err != nil {
			return err
		}
		if err := del(bucketOriginal, []byte(id)); err != nil {
			return err
		}
		if err := deleteJobsOf(tx, id); err != nil {
			return err
		}
		return del(bucketMeta, []byte(id))
	})
}

// Inbox implements Store.
func (s *Bolt) Inbox(ctx context.Context, partner string, q Query) ([]*Delivery, string, error) {
	var out []*Delivery
	var next string
	err := s.db.View(func(tx *bolt.Tx) error {
		ids, n := scanBucket(tx.Bucket(bucketInbox), pkey(partner, ""), q.After, q.PageSize())
		next = n
		for _, id := range ids {
			d, err := getDelivery(tx, partner, id)
			if err != nil {
				return err
			}
			out = append(out, d)
		}
		return nil
	})
	return out, next, err
}

func getDelivery(tx *bolt.Tx, partner, id string) (*Delivery, error) {
	v := tx.Bucket(bucketDelivery).Get(pkey(id, partner))
	if v == nil {
		return nil, ErrNotFound
	}
	d := new(Delivery)
	if err := json.Unmarshal(v, d); err != nil {
		return nil, fmt.Errorf("store: delivery %s to %s: %w", id, partner, err)
	}
	return d, nil
}

// Delivery implements Store. A failed delivery has no body and is not
// found.
func (s *Bolt) Delivery(ctx context.Context, partner, id string) (*Delivery, []byte, error) {
	var d *Delivery
	var body []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		if d, err = getDelivery(tx, partner, id); err != nil {
			return err
		}
		v := tx.Bucket(bucketBody).Get(pkey(id, partner))
		if v == nil {
			return ErrNotFound
		}
		body = bytes.Clone(v)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return d, body, nil
}

// Ack implements Store. Acknowledging twice is not an error.
func (s *Bolt) Ack(ctx context.Context, partner, id string, at time.Time) error {
	return s.db.Batch(func(tx *bolt.Tx) error {
		d, err := getDelivery(tx, partner, id)
		if err != nil {
			return err
		}
		if d.State == Failed {
			return ErrNotFound
		}
		if d.State == Acked {
			return nil
		}
		d.State, d.Acked = Acked, &at
		v, err := json.Marshal(d)
		if err != nil {
			return err
		}
		if err := tx.Bucket(bucketDelivery).Put(pkey(id, partner), v); err != nil {
			return err
		}
		return tx.Bucket(bucketInbox).Delete(pkey(partner, id))
	})
}

// Ping implements Store.
func (s *Bolt) Ping(ctx context.Context) error {
	return s.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketMeta) == nil {
			return ErrClosed
		}
		return nil
	})
}

// Close implements Store.
func (s *Bolt) Close() error { return s.db.Close() }
