// Package postgres is a store.Store on PostgreSQL (pgx v5), for several
// gateway nodes sharing one database: transactions, deliveries and
// inboxes, galleries' enrolments, jobs, and the audit log (Audit).
//
// Open applies the embedded schema migrations (migrations/*.sql,
// versioned) under a PostgreSQL advisory lock, so nodes starting at once
// migrate once. Durability is store.Store's contract: every write is one
// database transaction, and a call returns nil only once it is committed
// with synchronous_commit on (set on every connection, whatever the
// server's default), so what was acknowledged survives a crash of the
// node or of the database server. Listings are pages (store.Query's
// bounds) and iterations stream their rows, so no read holds more than a
// page or a row in memory.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/biogate/biogate/store"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Store is the PostgreSQL store.
type Store struct {
	pool   *pgxpool.Pool
	closed atomic.Bool
	audit  *Audit
}

var _ store.Store = (*Store)(nil)

// defaultMaxConns is the pool size when the connection string does not
// set pool_max_conns: a node's requests and workers share it.
const defaultMaxConns = 16

// IsDSN reports whether s names a PostgreSQL database (a postgres:// or
// postgresql:// URL) rather than a folder.
func IsDSN(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Open connects to the database dsn (a postgres:// URL or keyword/value
// string, pgxpool's pool_* parameters included), checks it answers and
// migrates its schema.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if !strings.Contains(dsn, "pool_max_conns") {
		cfg.MaxConns = defaultMaxConns
	}
	// Commit means on stable storage (the server's WAL flushed), whatever
	// the server or the role says by default.
	cfg.ConnConfig.RuntimeParams["synchronous_commit"] = "on"
	cfg.ConnConfig.RuntimeParams["application_name"] = "biogate"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	s := &Store{pool: pool}
	s.audit = &Audit{s: s, now: time.Now}
	return s, nil
}

// pingTimeout bounds Ping: a database that does not answer within it is
// not ready (/readyz answers 503 rather than hanging).
const pingTimeout = 5 * time.Second

// Ping implements store.Store: the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if s.closed.Load() {
		return store.ErrClosed
	}
	ctx, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	return s.pool.Ping(ctx)
}

// Close implements store.Store. Closing twice is not an error.
func (s *Store) Close() error {
	if !s.closed.Swap(true) {
		s.pool.Close()
	}
	return nil
}

// check returns store.ErrClosed after Close.
func (s *Store) check() error {
	if s.closed.Load() {
		return store.ErrClosed
	}
	return nil
}

// write runs fn in a read-write transaction, committed before it returns
// nil.
func (s *Store) write(ctx context.Context, fn func(pgx.Tx) error) error {
	if err := s.check(); err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, s.pool, fn)
}

// read runs fn in a read-only transaction on one snapshot (repeatable
// read), so that what a call returns is consistent, as one bbolt View.
func (s *Store) read(ctx context.Context, fn func(pgx.Tx) error) error {
	if err := s.check(); err != nil {
		return err
	}
	return pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, fn)
}

// notFound maps "no row" to store.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return store.ErrNotFound
	}
	return err
}

// eachDoc calls fn with each row of (key text, doc bytea), closing the
// rows, and returns fn's first error or the rows' error.
func eachDoc(rows pgx.Rows, fn func(key string, doc []byte) error) error {
	defer rows.Close()
	for rows.Next() {
		var key string
		var doc []byte
		if err := rows.Scan(&key, &doc); err != nil {
			return err
		}
		if err := fn(key, doc); err != nil {
			return err
		}
	}
	return rows.Err()
}
