package postgres

import (
	"context"
	"testing"

	"github.com/biogate/biogate/internal/pgtest"
	"github.com/biogate/biogate/store"
	"github.com/biogate/biogate/store/storetest"
)

// open opens a store on a fresh database.
func open(t testing.TB) (store.Store, func() store.Store) {
	t.Helper()
	dsn := pgtest.DSN(t)
	o := func() store.Store {
		s, err := Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	s := o()
	return s, func() store.Store {
		s.Close()
		return o()
	}
}

// TestSuite runs the shared store suite on PostgreSQL.
func TestSuite(t *testing.T) { storetest.Run(t, open) }
