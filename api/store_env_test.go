package api

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/biogate/biogate/audit"
	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/internal/pgtest"
	"github.com/biogate/biogate/store"
	"github.com/biogate/biogate/store/postgres"
)

// envTestStore selects the store the service suite runs on:
// BIOGATE_TEST_STORE=postgres runs it on PostgreSQL (a fresh database
// per test, internal/pgtest, with the audit log in it, as serve --store
// does); anything else on the embedded store and DATA/audit.log.
const envTestStore = "BIOGATE_TEST_STORE"

// onPostgres reports whether the suite runs on PostgreSQL.
func onPostgres() bool { return os.Getenv(envTestStore) == "postgres" }

// envAudit is the env's audit log: the file or the database's.
type envAudit interface {
	exchange.Auditor
	audit.Source
	Close() error
}

// openTestStore opens the store and audit log of a test's service; verify
// checks the log's chain and returns its number of entries.
func openTestStore(t testing.TB, data string) (st store.Store, alog envAudit, verify func() (int, error)) {
	t.Helper()
	if onPostgres() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		pst, err := postgres.Open(ctx, pgtest.DSN(t))
		if err != nil {
			t.Fatal(err)
		}
		a := pst.Audit()
		return pst, a, func() (int, error) { return a.Verify(context.Background()) }
	}
	bst, err := store.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	flog, err := audit.Open(audit.Path(data))
	if err != nil {
		t.Fatal(err)
	}
	return bst, flog, func() (int, error) { return audit.Verify(audit.Path(data)) }
}

// serveStoreFlags are the flags a `biogate serve` process of the test
// takes for the suite's store: --store with a fresh database on
// PostgreSQL, none on the embedded store.
func serveStoreFlags(t testing.TB) []string {
	if onPostgres() {
		return []string{"--store", pgtest.DSN(t)}
	}
	return nil
}

// auditSummary summarises the env's whole audit log.
func (e *env) auditSummary(t testing.TB) *audit.Summary {
	t.Helper()
	sum, err := audit.Summarise(context.Background(), e.audit, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// auditEntries reads back the env's whole audit log.
func (e *env) auditEntries(t testing.TB) []audit.Entry {
	t.Helper()
	var out []audit.Entry
	if err := e.audit.Entries(context.Background(), time.Time{}, time.Time{}, func(x audit.Entry) error {
		out = append(out, x)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}
