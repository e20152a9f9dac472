package natsmatch

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/biogate/biogate/internal/natstest"
	"github.com/biogate/biogate/match/backend/embedded"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// cluster is a gateway and n shards, each on a connection of its own, on
// a stream and subject prefix no other test uses.
type cluster struct {
	t      testing.TB
	url    string
	o      Options
	gw     *Backend
	shards []*Shard
	conns  []*nats.Conn
	// workers is each shard's embedded Workers (0: every core).
	workers int
}

// startCluster starts a gateway and n shards; all are closed and the
// stream deleted at the test's end.
func startCluster(t testing.TB, n int) *cluster {
	t.Helper()
	c := newCluster(t, n)
	for i := range n {
		c.startShard(i)
	}
	return c
}

// newCluster starts the gateway of n shards, none started yet.
func newCluster(t testing.TB, n int) *cluster {
	t.Helper()
	c := &cluster{t: t, url: natstest.URL(t), shards: make([]*Shard, n), conns: make([]*nats.Conn, n)}
	c.o = Options{Stream: natstest.Name(t, "G"), Prefix: natstest.Name(t, "t"), Shards: n, Timeout: time.Minute}
	gw, err := New(c.url, c.o)
	if err != nil {
		t.Fatal(err)
	}
	c.gw = gw
	t.Cleanup(func() {
		for i := range c.shards {
			c.stopShard(i)
		}
		js, err := jetstream.New(gw.nc)
		if err == nil {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			js.DeleteStream(ctx, c.o.Stream)
		}
		gw.Close()
	})
	return c
}

// startShard starts shard i on a new connection (replaying the stream).
func (c *cluster) startShard(i int) {
	c.t.Helper()
	nc, err := nats.Connect(c.url)
	if err != nil {
		c.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := StartShard(ctx, nc, ShardOptions{Options: c.o, Index: i, Log: quiet,
		Embedded: embedded.Options{Workers: c.workers}})
	if err != nil {
		nc.Close()
		c.t.Fatal(err)
	}
	c.shards[i], c.conns[i] = s, nc
}

// killShard closes shard i's connection, as its process dying would.
func (c *cluster) killShard(i int) {
	c.conns[i].Close()
}

// stopShard closes shard i and its connection (if running).
func (c *cluster) stopShard(i int) {
	if c.shards[i] != nil {
		c.conns[i].Close()
		c.shards[i].Close()
		c.shards[i], c.conns[i] = nil, nil
	}
}
