package postgres

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/biogate/biogate/internal/pgtest"
)

// TestConcurrentOpen: several nodes opening a fresh database at once
// apply each migration once (the advisory lock), and all can write.
func TestConcurrentOpen(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	const nodes = 6
	stores := make([]*Store, nodes)
	var wg sync.WaitGroup
	for i := range nodes {
		wg.Go(func() {
			s, err := Open(ctx, dsn)
			if err != nil {
				t.Error(err)
				return
			}
			stores[i] = s
		})
	}
	wg.Wait()
	for _, s := range stores {
		if s != nil {
			defer s.Close()
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	var versions, applied int
	if err := stores[0].pool.QueryRow(ctx, "SELECT count(*), coalesce(max(version), 0) FROM biogate_schema").Scan(&applied, &versions); err != nil {
		t.Fatal(err)
	}
	if applied != SchemaVersion() || versions != SchemaVersion() || SchemaVersion() < 1 {
		t.Errorf("%d migrations recorded, last %d; want each of %d once", applied, versions, SchemaVersion())
	}
	for i, s := range stores {
		if err := s.Ping(ctx); err != nil {
			t.Errorf("node %d: %v", i, err)
		}
	}
}

// TestNewerSchemaRefused: a node whose build is older than the
// database's schema refuses to start.
func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	s, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.pool.Exec(ctx, "INSERT INTO biogate_schema (version, name) VALUES ($1, 'future.sql')", SchemaVersion()+1); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err := Open(ctx, dsn); err == nil || !strings.Contains(err.Error(), "newer than this build") {
		if s != nil {
			s.Close()
		}
		t.Fatalf("Open on a newer schema: %v, want a refusal", err)
	}
}

// TestDurableSettings: every connection commits synchronously, whatever
// the server's default, and a closed store says so.
func TestDurableSettings(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	admin, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	// The database's own default is off: the store must override it.
	if _, err := admin.pool.Exec(ctx, "ALTER DATABASE "+currentDB(t, admin)+" SET synchronous_commit = off"); err != nil {
		t.Fatal(err)
	}
	admin.Close()
	s, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	var v string
	if err := s.pool.QueryRow(ctx, "SHOW synchronous_commit").Scan(&v); err != nil || v != "on" {
		t.Errorf("synchronous_commit = %q (%v), want on", v, err)
	}
	s.Close()
	if err := s.Ping(ctx); err == nil {
		t.Error("Ping after Close: nil")
	}
	if _, err := s.Get(ctx, "x"); err == nil {
		t.Error("Get after Close: nil")
	}
}

func currentDB(t *testing.T, s *Store) string {
	var name string
	if err := s.pool.QueryRow(context.Background(), "SELECT current_database()").Scan(&name); err != nil {
		t.Fatal(err)
	}
	return name
}
