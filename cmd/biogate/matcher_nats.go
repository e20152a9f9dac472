package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/biogate/biogate/match/backend/natsmatch"
	"github.com/nats-io/nats.go"
)

// matcherServeNATS serves shard f.shard of a nats backend until ctx is
// done, or the NATS connection is closed for good.
func (c *cli) matcherServeNATS(ctx context.Context, f matcherFlags) int {
	log := slog.New(slog.NewJSONHandler(c.stderr, nil))
	if f.addr != "" || f.data != "" || f.tokenFile != "" {
		c.failf("matcher serve: --nats serves a shard over NATS: --addr, --data and --token-file are the http mode's (NATS credentials go in the URL)")
		return exitUnusable
	}
	if f.shard == "" {
		c.failf("matcher serve: --nats needs --shard I/N")
		return exitUnusable
	}
	i, n, err := natsmatch.ParseShard(f.shard)
	if err != nil {
		c.failf("matcher serve: --shard: %v", err)
		return exitUnusable
	}
	o := natsmatch.Options{Stream: f.stream, Prefix: f.subjectPrefix, Shards: n}
	if err := o.Check(); err != nil {
		c.failf("matcher serve: %v", err)
		return exitUnusable
	}
	closed := make(chan struct{})
	nc, err := nats.Connect(f.nats, nats.Name("biogate matcher shard "+f.shard), nats.MaxReconnects(-1),
		nats.ClosedHandler(func(*nats.Conn) { close(closed) }),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) { log.Warn("NATS disconnected", "error", err) }),
		nats.ReconnectHandler(func(nc *nats.Conn) { log.Info("NATS reconnected", "server", nc.ConnectedUrlRedacted()) }))
	if err != nil {
		c.failf("matcher serve: --nats %s: %v", f.nats, err)
		return exitUnusable
	}
	defer nc.Close()
	s, err := natsmatch.StartShard(ctx, nc, natsmatch.ShardOptions{
		Options: o, Index: i, Log: log})
	if err != nil {
		c.failf("matcher serve: %v", err)
		return exitFailed
	}
	fmt.Fprintf(c.stdout, "biogate: matcher shard %d/%d serving on %s (stream %s)\n", i, n, nc.ConnectedUrlRedacted(), f.stream)
	select {
	case <-closed:
		s.Close()
		c.failf("matcher serve: the NATS connection is closed")
		return exitFailed
	case <-ctx.Done():
	}
	log.Info("matcher shard stopping: finishing the requests in progress")
	if err := s.Close(); err != nil {
		c.failf("matcher serve: %v", err)
		return exitFailed
	}
	return exitOK
}
