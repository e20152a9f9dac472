package exchange_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/biogate/biogate/batch"
	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/internal/natsq"
	"github.com/biogate/biogate/internal/natstest"
	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/samples"
	"github.com/biogate/biogate/store"
)

// Several gateway nodes (issue 16), here two services in one process
// sharing one bbolt store (the PostgreSQL store lets separate processes
// share it: cmd/biogate's multi-node test), each with its own
// connection to one NATS JetStream work queue.

// gatedBackend is the fake whose Identify waits, while closed is set,
// until open is closed: a node at work on a search.
type gatedBackend struct {
	*fakeBackend
	closed  atomic.Bool
	entered chan struct{}
	open    chan struct{}
}

func (g *gatedBackend) Identify(ctx context.Context, gallery string, probe []backend.Sample, k int) ([]backend.Candidate, error) {
	if g.closed.Load() {
		g.entered <- struct{}{}
		select {
		case <-g.open:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return g.fakeBackend.Identify(ctx, gallery, probe, k)
}

// node is one gateway node: a service and its queue connection.
type node struct {
	svc  *exchange.Service
	q    *natsq.Queue
	stop context.CancelFunc
	done chan struct{}
}

// start runs the node's queue worker (and, with sweep, RunSearches'
// sweeps) until stopped or the test ends.
func (n *node) start(t *testing.T, sweep bool) {
	ctx, cancel := context.WithCancel(context.Background())
	n.stop, n.done = cancel, make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { n.q.Run(ctx, n.svc) })
	if sweep {
		wg.Go(func() { n.svc.RunSearches(ctx, time.Minute) })
	}
	go func() { wg.Wait(); close(n.done) }()
	t.Cleanup(func() { cancel(); <-n.done })
}

// twoNodes makes the harness's service node a and a second service on
// the same store node b, over the test's NATS stream.
func twoNodes(t *testing.T, g *gatedBackend) (*harness, *node, *node) {
	t.Helper()
	url := natstest.URL(t)
	return twoNodesAt(t, g, url, natstest.Prefix(t, url))
}

// twoNodesAt is twoNodes on the NATS server at url.
func twoNodesAt(t *testing.T, g *gatedBackend, url, prefix string) (*harness, *node, *node) {
	t.Helper()
	open := func(name string) *natsq.Queue {
		q, err := natsq.Open(context.Background(), natsq.Options{URL: url, Prefix: prefix, Node: name, AckWait: time.Second, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(q.Close)
		return q
	}
	qa, qb := open("a"), open("b")
	bs := exchange.NamedBackend{Name: "embedded", Backend: g}
	h := newHarnessWith(t, matchingPartners, []exchange.Option{exchange.WithJobQueue(qa)}, bs)
	cfg, err := exchange.ParseConfig([]byte(matchingPartners))
	if err != nil {
		t.Fatal(err)
	}
	svcB := exchange.New(h.st, cfg, exchange.WithBackends(exchange.Backends{bs}), exchange.WithSampleBuilder(samples.FromInput),
		exchange.WithAudit(h.audit), exchange.WithClock(h.clock.now), exchange.WithJobQueue(qb))
	return h, &node{svc: h.svc, q: qa}, &node{svc: svcB, q: qb}
}

func newGated() *gatedBackend {
	return &gatedBackend{fakeBackend: newFake("embedded", backend.Finger), entered: make(chan struct{}, 16), open: make(chan struct{})}
}

// waitJobs waits until every search job of ids is done, or fails.
func waitJobs(t *testing.T, st store.Store, ids []string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for _, id := range ids {
		for {
			j, err := st.Job(context.Background(), store.JobSearch, id)
			if err == nil && j.State == store.JobDone {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("search job %s after %v: %+v %v", id, within, j, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}

// submitPending enrols a CAR, then submits n CPS searches while the
// backend is down: accepted, pending, announced; the backend is then up
// and the clock past their retry time.
func submitPending(t *testing.T, h *harness, svc *exchange.Service, g *gatedBackend, n int) []string {
	t.Helper()
	ctx := context.Background()
	img := fvcImage(t, 106, 1)
	if _, err := svc.Submit(ctx, callerA, fingerTransaction(t, "CAR", "TCN-CAR-0100", img)); err != nil {
		t.Fatal(err)
	}
	g.down.Store(true)
	var ids []string
	for i := range n {
		cps, err := svc.Submit(ctx, callerB, fingerTransaction(t, "CPS", fmt.Sprintf("TCN-CPS-%04d", i), img))
		if err != nil {
			t.Fatal(err)
		}
		if cps.Search == nil || cps.Search.State != store.SearchPending {
			t.Fatalf("search %d while the backend is down: %+v", i, cps.Search)
		}
		ids = append(ids, cps.ID)
		h.clock.add(time.Millisecond)
	}
	g.down.Store(false)
	h.clock.add(time.Hour)
	return ids
}

// inboxOnce checks that b's inbox holds exactly one reply per search.
func inboxOnce(t *testing.T, h *harness, svc *exchange.Service, ids []string) {
	t.Helper()
	page, err := svc.Inbox(context.Background(), callerB, "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != len(ids) {
		t.Errorf("b's inbox holds %d replies for %d searches", len(page.Items), len(ids))
	}
	seen := map[string]bool{}
	for _, d := range page.Items {
		if seen[d.ID] {
			t.Errorf("reply %s delivered twice", d.ID)
		}
		seen[d.ID] = true
	}
	if got := h.audit.count("reply"); got != len(ids) {
		t.Errorf("%d replies audited for %d searches", got, len(ids))
	}
}

// TestQueueDeadNodesSearchDoneByOther: node a takes a search job and
// dies in the middle of it (its NATS connection closes, nothing acked);
// node b answers the search after AckWait. When a, only slow after all,
// finishes its run, its reply (the same id, derived from the job) is
// already stored: one reply reaches the inbox.
func TestQueueDeadNodesSearchDoneByOther(t *testing.T) {
	g := newGated()
	h, a, b := twoNodes(t, g)
	ids := submitPending(t, h, a.svc, g, 1)
	g.closed.Store(true)
	a.start(t, false)
	select {
	case <-g.entered:
	case <-time.After(10 * time.Second):
		t.Fatal("node a did not take the announced job")
	}
	a.q.Close() // a dies mid-search
	g.closed.Store(false)
	b.start(t, false)
	waitJobs(t, h.st, ids, 15*time.Second)
	close(g.open) // a's stale run ends: ErrExists, nothing delivered
	a.stop()
	<-a.done
	inboxOnce(t, h, b.svc, ids)
}

// TestQueueSpreadsNoDuplicates: searches accepted while the backend was
// down are answered once each by two nodes sharing the queue.
func TestQueueSpreadsNoDuplicates(t *testing.T) {
	g := newGated()
	h, a, b := twoNodes(t, g)
	ids := submitPending(t, h, a.svc, g, 8)
	a.start(t, false)
	b.start(t, false)
	waitJobs(t, h.st, ids, 30*time.Second)
	time.Sleep(300 * time.Millisecond) // a duplicate would run now
	inboxOnce(t, h, a.svc, ids)
}

// TestQueueStartSweep: a search committed by a node that died before
// announcing it (here: a service without queue) is announced by the
// next node's start (RunSearches' first sweep) and answered.
func TestQueueStartSweep(t *testing.T) {
	g := newGated()
	h, _, b := twoNodes(t, g)
	cfg, err := exchange.ParseConfig([]byte(matchingPartners))
	if err != nil {
		t.Fatal(err)
	}
	alone := exchange.New(h.st, cfg, exchange.WithBackends(exchange.Backends{{Name: "embedded", Backend: g}}),
		exchange.WithSampleBuilder(samples.FromInput), exchange.WithAudit(h.audit), exchange.WithClock(h.clock.now))
	ids := submitPending(t, h, alone, g, 2)
	b.start(t, true)
	waitJobs(t, h.st, ids, 15*time.Second)
	inboxOnce(t, h, b.svc, ids)
}

// TestQueueReadiness: /readyz's checks name the store and NATS; NATS
// gone makes the service not ready, saying which.
func TestQueueReadiness(t *testing.T) {
	_, a, _ := twoNodes(t, newGated())
	ctx := context.Background()
	cs := a.svc.Checks(ctx)
	if len(cs) != 2 || cs[0].Name != "store" || cs[1].Name != "nats" || cs[0].Error != nil || cs[1].Error != nil {
		t.Fatalf("checks %+v", cs)
	}
	if err := a.svc.Ready(ctx); err != nil {
		t.Fatal(err)
	}
	a.q.Close()
	err := a.svc.Ready(ctx)
	if exchange.KindOf(err) != exchange.KindUnavailable || !strings.Contains(err.Error(), "nats: ") || strings.Contains(err.Error(), "store: ") {
		t.Fatalf("Ready with NATS closed: %v", err)
	}
}

// TestQueueBatchOnItsNode: a batch started on node a, its upload in a's
// own batch folder, is run by a once, even when node b takes its
// announcement first (b hands it back: the upload is not in its folder).
func TestQueueBatchOnItsNode(t *testing.T) {
	body := batchTar(t)
	url := natstest.URL(t)
	prefix := natstest.Prefix(t, url)
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var mu sync.Mutex
	runs := map[string]int{}
	nodes := map[string]*node{}
	for _, name := range []string{"a", "b"} {
		q, err := natsq.Open(context.Background(), natsq.Options{URL: url, Prefix: prefix, Node: name, AckWait: time.Second, Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(q.Close)
		runner := func(ctx context.Context, archive, out string, o exchange.BatchOptions) error {
			mu.Lock()
			runs[name]++
			mu.Unlock()
			return batch.RunService(ctx, archive, out, o)
		}
		svc := exchange.New(st, batchConfig(t), exchange.WithBatchDir(t.TempDir()), exchange.WithBatchRunner(runner), exchange.WithJobQueue(q))
		nodes[name] = &node{svc: svc, q: q}
	}
	j, err := nodes["a"].svc.StartBatch(context.Background(), exchange.Caller{Partner: "a"}, body, exchange.BatchOptions{Op: "validate"})
	if err != nil {
		t.Fatal(err)
	}
	nodes["b"].start(t, false)
	time.Sleep(500 * time.Millisecond) // b pulls the announcement first
	nodes["a"].start(t, false)
	deadline := time.Now().Add(20 * time.Second)
	for {
		got, err := nodes["b"].svc.Batch(context.Background(), exchange.Caller{Partner: "a"}, j.ID)
		if err == nil && got.State == store.JobDone {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("batch %s after 20 s: %+v %v", j.ID, got, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if runs["a"] != 1 || runs["b"] != 0 {
		t.Fatalf("runs by node: %v, want a once", runs)
	}
}

// TestDoJobOutcomes: what a queue worker does with each kind of job
// message: ack (retry 0) what is finished or cannot be done at all, ask
// again later for what another node may do.
func TestDoJobOutcomes(t *testing.T) {
	h, _ := harnessWithFake(t)
	ctx := context.Background()
	missing := store.NewID(time.Now())
	for _, c := range []struct {
		kind, id  string
		retry     bool
		wantErr   bool
		errorKind exchange.Kind
	}{
		{"search", missing, false, false, 0},                     // deleted since announced: ack
		{"enrol", missing, false, false, 0},                      // the same
		{"batch", missing, true, true, exchange.KindUnavailable}, // no batch folder here: another node's
		{"retention", "1764892800", false, false, 0},             // purged (nothing due): ack
		{"bogus", "x", false, true, exchange.KindInvalid},        // not ours: ack, logged
	} {
		retry, err := h.svc.DoJob(ctx, c.kind, c.id)
		if (retry > 0) != c.retry || (err != nil) != c.wantErr || c.wantErr && exchange.KindOf(err) != c.errorKind {
			t.Errorf("DoJob(%s, %s) = %v, %v; want retry %v, error %v (kind %v)", c.kind, c.id, retry, err, c.retry, c.wantErr, c.errorKind)
		}
	}
}

// TestQueueSweepAfterOutage: a search accepted while NATS was down (its
// announcement failed; the job is in the store) is announced by the
// periodic sweep once NATS is back, and answered once.
func TestQueueSweepAfterOutage(t *testing.T) {
	srv := natstest.Start(t)
	g := newGated()
	h, a, _ := twoNodesAt(t, g, srv.URL, "")
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	wg.Go(func() { a.q.Run(ctx, a.svc) })
	wg.Go(func() { a.svc.RunSearches(ctx, time.Second) })
	if _, err := a.svc.Submit(ctx, callerA, fingerTransaction(t, "CAR", "TCN-CAR-0200", fvcImage(t, 107, 1))); err != nil {
		t.Fatal(err)
	}
	srv.Stop()
	g.down.Store(true)
	cps, err := a.svc.Submit(ctx, callerB, fingerTransaction(t, "CPS", "TCN-CPS-0200", fvcImage(t, 107, 1)))
	if err != nil || cps.Search == nil || cps.Search.State != store.SearchPending {
		t.Fatalf("search while NATS and the backend are down: %+v %v", cps, err)
	}
	g.down.Store(false)
	h.clock.add(time.Hour)
	srv.Restart()
	waitJobs(t, h.st, []string{cps.ID}, 30*time.Second)
	inboxOnce(t, h, a.svc, []string{cps.ID})
}
