package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/biogate/biogate/store"
	"github.com/jackc/pgx/v5"
)

var _ store.Jobs = (*Store)(nil)

// putJob is the upsert of an encoded job.
const putJob = `INSERT INTO biogate_job (kind, id, doc) VALUES ($1, $2, $3)
	ON CONFLICT (kind, id) DO UPDATE SET doc = excluded.doc`

// queuePutJob queues the upsert of an encoded job.
func queuePutJob(b *pgx.Batch, j *store.Job, doc []byte) { b.Queue(putJob, j.Kind, j.ID, doc) }

// PutJob implements store.Jobs.
func (s *Store) PutJob(ctx context.Context, j *store.Job) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	doc, err := store.EncodeJob(j)
	if err != nil {
		return err
	}
	if err := s.check(); err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, putJob, j.Kind, j.ID, doc)
	return err
}

// Job implements store.Jobs.
func (s *Store) Job(ctx context.Context, kind, id string) (*store.Job, error) {
	if err := store.CheckNames(kind, id); err != nil {
		return nil, err
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	var doc []byte
	if err := s.pool.QueryRow(ctx, `SELECT doc FROM biogate_job WHERE kind = $1 AND id = $2`, kind, id).Scan(&doc); err != nil {
		return nil, notFound(err)
	}
	return decodeJob(kind, id, doc)
}

func decodeJob(kind, id string, doc []byte) (*store.Job, error) {
	j := new(store.Job)
	if err := json.Unmarshal(doc, j); err != nil {
		return nil, fmt.Errorf("store: job %s %s: %w", kind, id, err)
	}
	return j, nil
}

// Jobs implements store.Jobs, streaming the rows of one snapshot.
func (s *Store) Jobs(ctx context.Context, kind string, fn func(*store.Job) error) error {
	if err := store.CheckNames(kind); err != nil {
		return err
	}
	return s.read(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, doc FROM biogate_job WHERE kind = $1 ORDER BY id`, kind)
		if err != nil {
			return err
		}
		return eachDoc(rows, func(id string, doc []byte) error {
			j, err := decodeJob(kind, id, doc)
			if err != nil {
				return err
			}
			return fn(j)
		})
	})
}

// DeleteJob implements store.Jobs.
func (s *Store) DeleteJob(ctx context.Context, kind, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := store.CheckNames(kind, id); err != nil {
		return err
	}
	if err := s.check(); err != nil {
		return err
	}
	tag, err := s.pool.Exec(ctx, `DELETE FROM biogate_job WHERE kind = $1 AND id = $2`, kind, id)
	if err == nil && tag.RowsAffected() == 0 {
		return store.ErrNotFound
	}
	return err
}
