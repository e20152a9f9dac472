package main

import (
	"context"
	"fmt"
	"regexp"
	"syscall"
	"testing"
	"time"

	"github.com/biogate/biogate/internal/natstest"
	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/backendtest"
	"github.com/biogate/biogate/match/backend/natsmatch"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

var shardBanner = regexp.MustCompile(`^biogate: matcher shard (\d+/\d+) serving on `)

// startShardProcess starts bin's `matcher serve --nats` as shard of o and
// waits for its banner (printed once the stream is replayed).
func startShardProcess(t *testing.T, bin, url, shard string, o natsmatch.Options) *matcherProcess {
	t.Helper()
	p, got := startProcess(t, shardBanner, bin, "matcher", "serve", "--nats", url, "--shard", shard, "--stream", o.Stream, "--subject-prefix", o.Prefix)
	if got != shard {
		t.Fatalf("matcher serve --shard %s: banner names shard %s", shard, got)
	}
	return p
}

// TestMatcherServeNATS runs two `matcher serve --nats --shard I/2`
// processes and a gateway backend: enrolments and searches go through
// both; SIGKILL of one makes the search unavailable (retryable), its
// restart (replaying the stream) answers as before, and SIGTERM stops
// each with exit 0.
func TestMatcherServeNATS(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	backendtest.CorpusDir(t)
	url := natstest.URL(t)
	o := natsmatch.Options{Stream: natstest.Name(t, "G"), Prefix: natstest.Name(t, "c"), Shards: 2, Timeout: 30 * time.Second}
	bin := buildBinary(t)
	gw, err := natsmatch.New(url, o)
	if err != nil {
		t.Fatal(err)
	}
	defer gw.Close()
	defer func() {
		nc, err := nats.Connect(url)
		if err != nil {
			return
		}
		defer nc.Close()
		js, _ := jetstream.New(nc)
		js.DeleteStream(context.Background(), o.Stream)
	}()
	procs := []*matcherProcess{startShardProcess(t, bin, url, "0/2", o), startShardProcess(t, bin, url, "1/2", o)}
	ctx := context.Background()
	formats := []string{backend.FingerMinutiae}
	fingers := []int{101, 102, 103, 104, 105, 106}
	for _, f := range fingers {
		if err := gw.Enrol(ctx, "g", fmt.Sprintf("F%d", f), backendtest.FVC(t, f, 1, formats)); err != nil {
			t.Fatal(err)
		}
	}
	probe := backendtest.FVC(t, 103, 2, formats)
	before, err := gw.Identify(ctx, "g", probe, len(fingers))
	if err != nil {
		t.Fatal(err)
	}
	if len(before) != len(fingers) || before[0].Subject != "F103" {
		t.Fatalf("search over 2 shard processes: %v", before)
	}
	procs[1].cmd.Process.Kill()
	procs[1].cmd.Wait()
	if _, err := gw.Identify(ctx, "g", probe, len(fingers)); !backend.Retryable(err) {
		t.Fatalf("search with shard 1/2 killed: %v, want a retryable unavailability", err)
	}
	procs[1] = startShardProcess(t, bin, url, "1/2", o)
	after, err := gw.Identify(ctx, "g", probe, len(fingers))
	if err != nil || fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("after restarting shard 1/2: %v, %v; before: %v", after, err, before)
	}
	for _, p := range procs {
		p.cmd.Process.Signal(syscall.SIGTERM)
		if err := p.cmd.Wait(); err != nil {
			t.Errorf("matcher serve --nats after SIGTERM: %v; log: %s", err, p.log())
		}
	}
}
