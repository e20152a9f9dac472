package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Buckets of the jobs (store.Jobs on bbolt).
var (
	bucketJob   = []byte("job")    // kind NUL id → Job JSON
	bucketJobOf = []byte("job-of") // id NUL kind → "" (the jobs Delete(id) removes)
)

var _ Jobs = (*Bolt)(nil)

// putJob writes an encoded job and its index entry in tx.
func putJob(tx *bolt.Tx, j *Job, v []byte) error {
	if err := tx.Bucket(bucketJob).Put(pkey(j.Kind, j.ID), v); err != nil {
		return err
	}
	return tx.Bucket(bucketJobOf).Put(pkey(j.ID, j.Kind), nil)
}

// PutJob implements Jobs. Concurrent writes share one fsync'd commit.
func (s *Bolt) PutJob(ctx context.Context, j *Job) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	v, err := EncodeJob(j)
	if err != nil {
		return err
	}
	return s.db.Batch(func(tx *bolt.Tx) error { return putJob(tx, j, v) })
}

// Job implements Jobs.
func (s *Bolt) Job(ctx context.Context, kind, id string) (*Job, error) {
	if err := CheckNames(kind, id); err != nil {
		return nil, err
	}
	var j *Job
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketJob).Get(pkey(kind, id))
		if v == nil {
			return ErrNotFound
		}
		j = new(Job)
		if err := json.Unmarshal(v, j); err != nil {
			return fmt.Errorf("store: job %s %s: %w", kind, id, err)
		}
		return nil
	})
	return j, err
}

// Jobs implements Jobs.
func (s *Bolt) Jobs(ctx context.Context, kind string, fn func(*Job) error) error {
	if err := CheckNames(kind); err != nil {
		return err
	}
	prefix := pkey(kind, "")
	return s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketJob).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			j := new(Job)
			if err := json.Unmarshal(v, j); err != nil {
				return fmt.Errorf("store: job %q: %w", k, err)
			}
			if err := fn(j); err != nil {
				return err
			}
		}
		return nil
	})
}

// DeleteJob implements Jobs.
func (s *Bolt) DeleteJob(ctx context.Context, kind, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckNames(kind, id); err != nil {
		return err
	}
	return s.db.Batch(func(tx *bolt.Tx) error {
		k := pkey(kind, id)
		if tx.Bucket(bucketJob).Get(k) == nil {
			return ErrNotFound
		}
		if err := tx.Bucket(bucketJob).Delete(k); err != nil {
			return err
		}
		return tx.Bucket(bucketJobOf).Delete(pkey(id, kind))
	})
}

// deleteJobsOf removes, in tx, every job whose id is id (Delete of a
// transaction takes its jobs with it).
func deleteJobsOf(tx *bolt.Tx, id string) error {
	prefix := pkey(id, "")
	c := tx.Bucket(bucketJobOf).Cursor()
	var kinds []string
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		kinds = append(kinds, string(k[len(prefix):]))
	}
	for _, kind := range kinds {
		if err := tx.Bucket(bucketJob).Delete(pkey(kind, id)); err != nil {
			return err
		}
		if err := tx.Bucket(bucketJobOf).Delete(pkey(id, kind)); err != nil {
			return err
		}
	}
	return nil
}
