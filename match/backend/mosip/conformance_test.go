package mosip_test

import (
	"testing"

	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/backendtest"
	"github.com/biogate/biogate/match/backend/mosip"
	"github.com/biogate/biogate/match/backend/mosip/mosiptest"
)

// TestConformance runs the backend conformance suite on the adapter, its
// enrolments in the bbolt store, against the test server.
func TestConformance(t *testing.T) {
	srv := mosiptest.NewServer(&mosiptest.Options{BasePath: "/biosdk-service"})
	t.Cleanup(srv.Close)
	backendtest.Run(t, func(t *testing.T) backend.Backend {
		b, err := mosip.New(srv.URL+"/biosdk-service", newStore(t), mosip.Options{ChunkSize: 4})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { b.Close() })
		return b
	})
	t.Logf("%d match calls, %d extractions (templates cached by record hash)", srv.Handler.Calls(), srv.Handler.Extractions())
}
