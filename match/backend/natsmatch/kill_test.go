package natsmatch

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/backendtest"
)

// TestShardKilled: with one of two shards dead (its connection closed)
// a search is unavailable, retryable, never partial, and so is the
// health; what the live shard holds is still verified; an enrolment
// still succeeds (the stream keeps it). Restarted, the shard replays the
// stream and the answers are those of one embedded backend holding the
// gallery, the enrolment made while it was down included.
func TestShardKilled(t *testing.T) {
	ctx := context.Background()
	g, probes := fvcGallery(t), fvcProbes(t)
	late := "F110_late"
	delete(g, "F110_2")
	c := startCluster(t, 2)
	enrolAll(t, c.gw, "k", g)
	probe := probes["103_4"]
	if _, err := c.gw.Identify(ctx, "k", probe, 5); err != nil {
		t.Fatal(err)
	}
	c.killShard(1)
	_, err := c.gw.Identify(ctx, "k", probe, 5)
	if !errors.Is(err, backend.ErrUnavailable) || !backend.Retryable(err) || !strings.Contains(err.Error(), "shard 1/2") {
		t.Fatalf("search with shard 1/2 dead: %v, want unavailable naming the shard", err)
	}
	if _, err := c.gw.Health(ctx); !errors.Is(err, backend.ErrUnavailable) {
		t.Errorf("health with shard 1/2 dead: %v", err)
	}
	var live, dead string // a subject of each shard
	for s := range g {
		if ShardOf("k", s, 2) == 0 {
			live = s
		} else {
			dead = s
		}
	}
	if v, err := c.gw.Verify(ctx, "k", live, probe); err != nil || v == nil {
		t.Errorf("verify of %s on the live shard: %v, %v", live, v, err)
	}
	if _, err := c.gw.Verify(ctx, "k", dead, probe); !backend.Retryable(err) {
		t.Errorf("verify of %s on the dead shard: %v, want retryable", dead, err)
	}
	g[late] = backendtest.FVC(t, 110, 2, minutiae)
	if err := c.gw.Enrol(ctx, "k", late, g[late]); err != nil {
		t.Fatalf("enrolment with a shard down: %v", err)
	}
	c.stopShard(1)
	c.startShard(1)
	whole := wholeGallery(t, "k", g)
	subjects := slices.Collect(func(yield func(string) bool) {
		for s := range g {
			if !yield(s) {
				return
			}
		}
	})
	sameAnswers(t, whole, c.gw, "k", subjects, probes)
	if cs, err := c.gw.Identify(ctx, "k", probes["110_4"], 1); err != nil || len(cs) != 1 || !strings.HasPrefix(cs[0].Subject, "F110_") {
		t.Errorf("finger 110 after the restart: %v, %v", cs, err)
	}
}
