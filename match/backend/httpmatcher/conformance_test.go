package httpmatcher

import (
	"testing"

	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/backendtest"
	"github.com/biogate/biogate/match/backend/embedded"
	"github.com/biogate/biogate/store"
)

// openEmbedded opens the embedded backend over a new store in a
// temporary folder.
func openEmbedded(t *testing.T) backend.Backend {
	t.Helper()
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	b, err := embedded.New(st, embedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

// TestConformance runs the backends' conformance suite on the client,
// through the server, on the embedded backend: the protocol carries the
// whole contract of backend.Backend, sentinels included. Every request
// and answer is checked against openapi.json on the way.
func TestConformance(t *testing.T) {
	backendtest.Run(t, func(t *testing.T) backend.Backend {
		c, _ := serveTest(t, openEmbedded(t), ServerOptions{})
		return c
	})
}
