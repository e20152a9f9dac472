package store_test

import (
	"testing"

	"github.com/biogate/biogate/store"
	"github.com/biogate/biogate/store/storetest"
)

// openBolt opens an embedded store in a new folder.
func openBolt(t testing.TB) (store.Store, func() store.Store) {
	t.Helper()
	dir := t.TempDir()
	open := func() store.Store {
		s, err := store.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	s := open()
	return s, func() store.Store {
		s.Close()
		return open()
	}
}

// TestBolt runs the shared store suite on the embedded store.
func TestBolt(t *testing.T) { storetest.Run(t, openBolt) }

// BenchmarkBolt: Put and Get on the embedded store (items/s).
func BenchmarkBolt(b *testing.B) { storetest.Bench(b, openBolt) }
