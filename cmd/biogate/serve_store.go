package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/biogate/biogate/audit"
	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/store"
	"github.com/biogate/biogate/store/postgres"
)

// auditLog is the service's audit log: the file DATA/audit.log, or the
// log in the PostgreSQL store's database.
type auditLog interface {
	exchange.Auditor
	Close() error
}

// openTimeout bounds connecting to the database and migrating it (which
// may wait for another node's migration, under the advisory lock).
const openTimeout = 2 * time.Minute

// openStore opens the service's store and its audit log: the embedded
// store in the data folder and DATA/audit.log by default; with a
// postgres:// URL, the PostgreSQL store (several nodes may share it) and
// the audit log in its database. Either log must verify before anything
// is served: a service that extended a broken chain would hide the
// break.
func openStore(ctx context.Context, url, data string, log *slog.Logger) (store.Store, auditLog, error) {
	if url == "" {
		return openEmbedded(data, log)
	}
	if !postgres.IsDSN(url) {
		return nil, nil, fmt.Errorf("--store %q: not a postgres:// (or postgresql://) URL", url)
	}
	ctx, cancel := context.WithTimeout(ctx, openTimeout)
	defer cancel()
	st, err := postgres.Open(ctx, url)
	if err != nil {
		return nil, nil, fmt.Errorf("--store: %w", err)
	}
	alog := st.Audit()
	if _, err := alog.Verify(ctx); err != nil {
		st.Close()
		return nil, nil, fmt.Errorf("the audit log %s does not verify, refusing to start (biogate audit verify --store URL names the first bad entry): %w", postgres.AuditName, err)
	}
	return st, alog, nil
}

// openEmbedded opens DATA/audit.log and the embedded store.
func openEmbedded(data string, log *slog.Logger) (store.Store, auditLog, error) {
	// A log absent beside an existing store was deleted: refuse it.
	_, serr := os.Stat(filepath.Join(data, store.FileName))
	alog, err := audit.OpenWith(audit.Path(data), audit.Options{MustExist: serr == nil, Logger: log})
	if err != nil {
		return nil, nil, fmt.Errorf("the audit log %s does not verify, refusing to start (biogate audit verify --data %s names the first bad entry): %w", audit.Path(data), data, err)
	}
	st, err := store.Open(data)
	if err != nil {
		alog.Close()
		return nil, nil, err
	}
	return st, alog, nil
}
