package store

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// Buckets of the galleries (store.Galleries on bbolt).
var (
	// space NUL gallery NUL subject → Enrolment (enrolment_codec.go)
	bucketEnrolment = []byte("enrolment")
	// transaction NUL space NUL gallery NUL subject → "" (EnrolmentsOf)
	bucketEnrolmentOf = []byte("enrolment-of")
)

var _ Galleries = (*Bolt)(nil)

func enrolmentKey(space, gallery, subject string) []byte {
	return pkey(string(pkey(space, gallery)), subject)
}

// PutEnrolment implements Galleries. Concurrent writes share one fsync'd
// commit (bbolt's Batch), and each returns only after it is on disk.
func (s *Bolt) PutEnrolment(ctx context.Context, e *Enrolment) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckNames(e.Space, e.Gallery, e.Subject); err != nil {
		return err
	}
	if strings.IndexByte(e.Transaction, 0) >= 0 {
		return fmt.Errorf("%w: transaction %q", ErrBadName, e.Transaction)
	}
	v := encodeEnrolment(e)
	k := enrolmentKey(e.Space, e.Gallery, e.Subject)
	return s.db.Batch(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketEnrolment)
		if err := unindexEnrolment(tx, k, b.Get(k)); err != nil {
			return err
		}
		if err := b.Put(k, v); err != nil {
			return err
		}
		if e.Transaction != "" {
			return tx.Bucket(bucketEnrolmentOf).Put(pkey(e.Transaction, string(k)), nil)
		}
		return nil
	})
}

// unindexEnrolment removes the EnrolmentsOf entry of the enrolment stored
// at k (old, nil when none).
func unindexEnrolment(tx *bolt.Tx, k, old []byte) error {
	if old == nil {
		return nil
	}
	e, err := decodeEnrolment(bytes.Clone(old))
	if err != nil {
		return fmt.Errorf("store: enrolment %q: %w", k, err)
	}
	if e.Transaction == "" {
		return nil
	}
	return tx.Bucket(bucketEnrolmentOf).Delete(pkey(e.Transaction, string(k)))
}

// Enrolment implements Galleries.
func (s *Bolt) Enrolment(ctx context.Context, space, gallery, subject string) (*Enrolment, error) {
	if err := CheckNames(space, gallery, subject); err != nil {
		return nil, err
	}
	var e *Enrolment
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		e, err = getEnrolment(tx, enrolmentKey(space, gallery, subject))
		return err
	})
	return e, err
}

func getEnrolment(tx *bolt.Tx, k []byte) (*Enrolment, error) {
	v := tx.Bucket(bucketEnrolment).Get(k)
	if v == nil {
		return nil, ErrNotFound
	}
	e, err := decodeEnrolment(bytes.Clone(v))
	if err != nil {
		return nil, fmt.Errorf("store: enrolment %q: %w", k, err)
	}
	return e, nil
}

// DeleteEnrolment implements Galleries.
func (s *Bolt) DeleteEnrolment(ctx context.Context, space, gallery, subject string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckNames(space, gallery, subject); err != nil {
		return err
	}
	k := enrolmentKey(space, gallery, subject)
	return s.db.Batch(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketEnrolment)
		old := b.Get(k)
		if old == nil {
			return ErrNotFound
		}
		if err := unindexEnrolment(tx, k, old); err != nil {
			return err
		}
		return b.Delete(k)
	})
}

// Enrolments implements Galleries. Each Enrolment fn receives is its own
// (one copy of the stored value, which its samples' Data and Index share).
func (s *Bolt) Enrolments(ctx context.Context, space, gallery string, fn func(*Enrolment) error) error {
	if err := CheckNames(space); err != nil {
		return err
	}
	prefix := pkey(space, "")
	if gallery != "" {
		if err := CheckNames(gallery); err != nil {
			return err
		}
		prefix = pkey(space, gallery+"\x00")
	}
	return s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketEnrolment).Cursor()
		n := 0
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if n++; n%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			e, err := decodeEnrolment(bytes.Clone(v))
			if err != nil {
				return fmt.Errorf("store: enrolment %q: %w", k, err)
			}
			if err := fn(e); err != nil {
				return err
			}
		}
		return nil
	})
}

// EnrolmentsOf implements Galleries, through the index bucket
// enrolment-of.
func (s *Bolt) EnrolmentsOf(ctx context.Context, transaction string) ([]*Enrolment, error) {
	if err := CheckNames(transaction); err != nil {
		return nil, err
	}
	var out []*Enrolment
	prefix := pkey(transaction, "")
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketEnrolmentOf).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			e, err := getEnrolment(tx, k[len(prefix):])
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}
