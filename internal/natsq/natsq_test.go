package natsq

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/biogate/biogate/internal/natstest"
	"github.com/nats-io/nats.go"
)

// recorder is a Handler recording what it did, by node; block makes a
// job's run wait until release is closed (a node at work on it).
type recorder struct {
	mu      sync.Mutex
	done    []string // node:kind/id of every run
	block   map[string]bool
	started chan string
	release chan struct{}
	retry   map[string]time.Duration // kind/id: deferred once by this long
}

type nodeHandler struct {
	r    *recorder
	node string
}

func newRecorder() *recorder {
	return &recorder{block: map[string]bool{}, started: make(chan string, 100), release: make(chan struct{}), retry: map[string]time.Duration{}}
}

func (h nodeHandler) DoJob(ctx context.Context, kind, id string) (time.Duration, error) {
	r, key := h.r, kind+"/"+id
	r.mu.Lock()
	blocked := r.block[h.node+":"+key]
	d := r.retry[key]
	delete(r.retry, key)
	r.done = append(r.done, h.node+":"+key)
	r.mu.Unlock()
	r.started <- h.node + ":" + key
	if blocked {
		select {
		case <-r.release:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
	return d, nil
}

func (r *recorder) runs() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.done...)
}

// open opens a node's queue on the test's stream.
func open(t *testing.T, url, prefix, node string, ackWait time.Duration) *Queue {
	t.Helper()
	q, err := Open(context.Background(), Options{URL: url, Prefix: prefix, Node: node, AckWait: ackWait, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(q.Close)
	return q
}

// run runs q with h until the test ends.
func run(t *testing.T, q *Queue, h Handler) context.CancelFunc {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { q.Run(ctx, h); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return cancel
}

// waitRuns waits until the recorder saw n runs, or fails.
func waitRuns(t *testing.T, r *recorder, n int, within time.Duration) []string {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if got := r.runs(); len(got) >= n {
			return got
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%d runs after %v, want %d: %v", len(r.runs()), within, n, r.runs())
	return nil
}

// TestAnnounceOnceEach: jobs announced twice (a node's Submit and
// another's start sweep) are run once each, spread over two nodes.
func TestAnnounceOnceEach(t *testing.T) {
	url := natstest.URL(t)
	prefix := natstest.Prefix(t, url)
	r := newRecorder()
	a, b := open(t, url, prefix, "a", 5*time.Second), open(t, url, prefix, "b", 5*time.Second)
	ctx := context.Background()
	ids := []string{"j1", "j2", "j3", "j4", "j5", "j6"}
	for _, id := range ids {
		for _, q := range []*Queue{a, b} {
			if err := q.Announce(ctx, "search", id); err != nil {
				t.Fatal(err)
			}
		}
	}
	run(t, a, nodeHandler{r, "a"})
	run(t, b, nodeHandler{r, "b"})
	waitRuns(t, r, len(ids), 10*time.Second)
	time.Sleep(300 * time.Millisecond) // a duplicate would run now
	seen := map[string]int{}
	for _, run := range r.runs() {
		seen[run[2:]]++
	}
	for _, id := range ids {
		if seen["search/"+id] != 1 {
			t.Errorf("job %s ran %d times: %v", id, seen["search/"+id], r.runs())
		}
	}
}

// TestDeadNodesJobGoesToAnother: node a takes a job and dies (its
// connection closes, nothing acked); after AckWait node b does it.
func TestDeadNodesJobGoesToAnother(t *testing.T) {
	url := natstest.URL(t)
	prefix := natstest.Prefix(t, url)
	r := newRecorder()
	r.block["a:enrol/x"] = true
	a := open(t, url, prefix, "a", time.Second)
	if err := a.Announce(context.Background(), "enrol", "x"); err != nil {
		t.Fatal(err)
	}
	run(t, a, nodeHandler{r, "a"})
	if got := <-r.started; got != "a:enrol/x" {
		t.Fatalf("first run %s", got)
	}
	a.Close() // a dies mid-job
	b := open(t, url, prefix, "b", time.Second)
	run(t, b, nodeHandler{r, "b"})
	got := waitRuns(t, r, 2, 10*time.Second)
	if got[1] != "b:enrol/x" {
		t.Fatalf("runs %v, want b to take the job a left", got)
	}
	close(r.release)
}

// TestHeartbeatKeepsLongJob: a job running three AckWaits is not given
// to the other node meanwhile (InProgress heartbeats).
func TestHeartbeatKeepsLongJob(t *testing.T) {
	url := natstest.URL(t)
	prefix := natstest.Prefix(t, url)
	r := newRecorder()
	r.block["a:batch/long"] = true
	r.block["b:batch/long"] = true
	a, b := open(t, url, prefix, "a", 900*time.Millisecond), open(t, url, prefix, "b", 900*time.Millisecond)
	if err := a.Announce(context.Background(), "batch", "long"); err != nil {
		t.Fatal(err)
	}
	run(t, a, nodeHandler{r, "a"})
	run(t, b, nodeHandler{r, "b"})
	<-r.started
	time.Sleep(2700 * time.Millisecond)
	if got := r.runs(); len(got) != 1 {
		t.Fatalf("a job in progress was run again: %v", got)
	}
	close(r.release)
	time.Sleep(500 * time.Millisecond)
	if got := r.runs(); len(got) != 1 {
		t.Fatalf("a finished job was run again: %v", got)
	}
}

// TestDeferredJobComesBack: a handler asking for a retry gets the job
// again after the delay.
func TestDeferredJobComesBack(t *testing.T) {
	url := natstest.URL(t)
	prefix := natstest.Prefix(t, url)
	r := newRecorder()
	r.retry["search/later"] = time.Second
	a := open(t, url, prefix, "a", 5*time.Second)
	if err := a.Announce(context.Background(), "search", "later"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	run(t, a, nodeHandler{r, "a"})
	waitRuns(t, r, 2, 10*time.Second)
	if el := time.Since(start); el < time.Second {
		t.Errorf("the deferred job came back after %v, before its 1 s delay", el)
	}
}

// TestRetentionOncePerPeriod: both nodes announce the same period's
// purge; one of them runs it.
func TestRetentionOncePerPeriod(t *testing.T) {
	url := natstest.URL(t)
	prefix := natstest.Prefix(t, url)
	r := newRecorder()
	a, b := open(t, url, prefix, "a", 5*time.Second), open(t, url, prefix, "b", 5*time.Second)
	for _, q := range []*Queue{a, b, a} {
		if err := q.Announce(context.Background(), "retention", "1764892800"); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Announce(context.Background(), "retention", "1764896400"); err != nil {
		t.Fatal(err)
	}
	run(t, a, nodeHandler{r, "a"})
	run(t, b, nodeHandler{r, "b"})
	waitRuns(t, r, 2, 10*time.Second)
	time.Sleep(300 * time.Millisecond)
	if got := r.runs(); len(got) != 2 {
		t.Fatalf("two periods' purges ran %d times: %v", len(got), got)
	}
}

// TestDeliveryNotification: Delivered publishes the id on the partner's
// subject, the name escaped to one token.
func TestDeliveryNotification(t *testing.T) {
	url := natstest.URL(t)
	prefix := natstest.Prefix(t, url)
	a := open(t, url, prefix, "a", time.Second)
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	sub, err := nc.SubscribeSync(prefix + "biogate.delivery.*")
	if err != nil {
		t.Fatal(err)
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	a.Delivered("agency.one", "0123")
	m, err := sub.NextMsg(5 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != prefix+"biogate.delivery.agency%2Eone" || string(m.Data) != "0123" {
		t.Fatalf("notification %s %q", m.Subject, m.Data)
	}
}

func TestToken(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"local", "local"}, {"a-b_C9", "a-b_C9"}, {"a.b", "a%2Eb"}, {"*>", "%2A%3E"}, {"a b", "a%20b"}, {"", "%"},
	} {
		if got := Token(c.in); got != c.want {
			t.Errorf("Token(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestAnnounceRefusesBadKind: a kind that is not one token is refused.
func TestAnnounceRefusesBadKind(t *testing.T) {
	url := natstest.URL(t)
	a := open(t, url, natstest.Prefix(t, url), "a", time.Second)
	for _, kind := range []string{"", "a.b", "*"} {
		if err := a.Announce(context.Background(), kind, "x"); err == nil {
			t.Errorf("kind %q announced", kind)
		}
	}
}
