package natsmatch

import (
	"fmt"
	"testing"

	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/backendtest"
)

// TestConformance runs the backend suite on one shard and on three.
func TestConformance(t *testing.T) {
	for _, n := range []int{1, 3} {
		t.Run(fmt.Sprintf("%d shards", n), func(t *testing.T) {
			backendtest.Run(t, func(t *testing.T) backend.Backend { return startCluster(t, n).gw })
		})
	}
}
