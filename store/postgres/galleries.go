package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/biogate/biogate/store"
	"github.com/jackc/pgx/v5"
)

var _ store.Galleries = (*Store)(nil)

// nullable is s, or SQL NULL for "".
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// PutEnrolment implements store.Galleries: an upsert, one statement
// committed before it returns.
func (s *Store) PutEnrolment(ctx context.Context, e *store.Enrolment) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := store.CheckNames(e.Space, e.Gallery, e.Subject); err != nil {
		return err
	}
	if strings.IndexByte(e.Transaction, 0) >= 0 {
		return fmt.Errorf("%w: transaction %q", store.ErrBadName, e.Transaction)
	}
	doc := store.EncodeEnrolment(e)
	if err := s.check(); err != nil {
		return err
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO biogate_enrolment (space, gallery, subject, transaction, doc) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (space, gallery, subject) DO UPDATE SET transaction = excluded.transaction, doc = excluded.doc`,
		e.Space, e.Gallery, e.Subject, nullable(e.Transaction), doc)
	return err
}

// Enrolment implements store.Galleries.
func (s *Store) Enrolment(ctx context.Context, space, gallery, subject string) (*store.Enrolment, error) {
	if err := store.CheckNames(space, gallery, subject); err != nil {
		return nil, err
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	var doc []byte
	err := s.pool.QueryRow(ctx, `SELECT doc FROM biogate_enrolment WHERE space = $1 AND gallery = $2 AND subject = $3`,
		space, gallery, subject).Scan(&doc)
	if err != nil {
		return nil, notFound(err)
	}
	return decodeEnrolment(space, gallery, subject, doc)
}

func decodeEnrolment(space, gallery, subject string, doc []byte) (*store.Enrolment, error) {
	e, err := store.DecodeEnrolment(doc)
	if err != nil {
		return nil, fmt.Errorf("store: enrolment %s/%s/%s: %w", space, gallery, subject, err)
	}
	return e, nil
}

// DeleteEnrolment implements store.Galleries.
func (s *Store) DeleteEnrolment(ctx context.Context, space, gallery, subject string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := store.CheckNames(space, gallery, subject); err != nil {
		return err
	}
	if err := s.check(); err != nil {
		return err
	}
	tag, err := s.pool.Exec(ctx, `DELETE FROM biogate_enrolment WHERE space = $1 AND gallery = $2 AND subject = $3`, space, gallery, subject)
	if err == nil && tag.RowsAffected() == 0 {
		return store.ErrNotFound
	}
	return err
}

// Enrolments implements store.Galleries, streaming the rows of one
// snapshot (a gallery of millions is never held in memory).
func (s *Store) Enrolments(ctx context.Context, space, gallery string, fn func(*store.Enrolment) error) error {
	if err := store.CheckNames(space); err != nil {
		return err
	}
	if gallery != "" {
		if err := store.CheckNames(gallery); err != nil {
			return err
		}
	}
	return s.read(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT gallery, subject, doc FROM biogate_enrolment
			WHERE space = $1 AND ($2 = '' OR gallery = $2) ORDER BY gallery, subject`, space, gallery)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var g, subject string
			var doc []byte
			if err := rows.Scan(&g, &subject, &doc); err != nil {
				return err
			}
			e, err := decodeEnrolment(space, g, subject, doc)
			if err != nil {
				return err
			}
			if err := fn(e); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

// EnrolmentsOf implements store.Galleries.
func (s *Store) EnrolmentsOf(ctx context.Context, transaction string) ([]*store.Enrolment, error) {
	if err := store.CheckNames(transaction); err != nil {
		return nil, err
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, `SELECT space, gallery, subject, doc FROM biogate_enrolment
		WHERE transaction = $1 ORDER BY space, gallery, subject`, transaction)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*store.Enrolment
	for rows.Next() {
		var space, gallery, subject string
		var doc []byte
		if err := rows.Scan(&space, &gallery, &subject, &doc); err != nil {
			return nil, err
		}
		e, err := decodeEnrolment(space, gallery, subject, doc)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
