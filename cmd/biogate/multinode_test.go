package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/biogate/biogate/convert"
	"github.com/biogate/biogate/internal/natstest"
	"github.com/biogate/biogate/internal/pgtest"
	"github.com/biogate/biogate/match/source"
	"github.com/biogate/biogate/nist"
	"github.com/biogate/biogate/store"
	"github.com/biogate/biogate/store/postgres"
)

// The multi-node test (issue 16): two gateway processes (serve --store
// postgres://... --nats ...) and two matcher shard processes (matcher
// serve --nats --shard i/2) on one PostgreSQL database and one NATS.

const fvcDir = "../../../shared/corpus/fingerprints/fvc2002-db1-b"

// cluster is the test's deployment.
type cluster struct {
	bin, url, dsn, prefix, config string
	stream, subjects              string
	tokenA, tokenB                string
	gateways                      []*node
	matchers                      []*node
}

// node is one process of the cluster and how to start it again.
type node struct {
	args []string
	*matcherProcess
	url string // a gateway's base URL
}

// multiConfig: a enrols its CAR transactions into "criminal" (held by
// the two shards) and sends b other transactions; b searches
// "criminal" with CPS transactions, answered in its inbox.
func multiConfig(jwks, url, stream, subjects string) string {
	return `{
  "issuers": [{"name": "` + devIssuer + `", "jwksFile": "` + jwks + `"}],
  "backends": [{"name": "shards", "type": "nats", "url": "` + url + `", "stream": "` + stream + `", "subjectPrefix": "` + subjects + `", "shards": 2}],
  "partners": [
    {"name": "a", "issuer": "` + devIssuer + `", "scopes": ["submit", "read", "enrol"], "agencies": ["AGENCY001"], "receive": {"format": "an2"},
     "matching": {"enrol": [{"types": ["CAR"], "gallery": "criminal"}]}},
    {"name": "b", "issuer": "` + devIssuer + `", "scopes": ["submit", "read", "search"], "agencies": ["BIOGATE01"], "receive": {"format": "an2"},
     "matching": {"search": [{"types": ["CPS"], "galleries": ["criminal"], "limit": 3}]}}
  ]}`
}

// newCluster starts gateways gateway processes and matchers shard
// processes (0 or 2).
func newCluster(t testing.TB, gateways, matchers int) *cluster {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs four processes")
	}
	if _, err := os.Stat(fvcDir); err != nil {
		t.Skipf("the FVC2002 DB1-B images are absent (%s)", fvcDir)
	}
	c := &cluster{url: natstest.URL(t), dsn: pgtest.DSN(t)}
	c.prefix = natstest.Prefix(t, c.url)
	// The gallery's stream is named under the prefix, so it goes with
	// the test's other streams.
	c.stream, c.subjects = c.prefix+"GALLERY", c.prefix+"match"
	keys := t.TempDir()
	if err := devSetup(keys, "unused"); err != nil {
		t.Fatal(err)
	}
	c.config = filepath.Join(keys, "partners.json")
	if err := os.WriteFile(c.config, []byte(multiConfig(filepath.Join(keys, devJWKSFile), c.url, c.stream, c.subjects)), 0o600); err != nil {
		t.Fatal(err)
	}
	var err error
	if c.tokenA, err = mintDev(keys, "a", []string{"submit", "read", "enrol"}, time.Hour); err != nil {
		t.Fatal(err)
	}
	if c.tokenB, err = mintDev(keys, "b", []string{"submit", "read", "search"}, time.Hour); err != nil {
		t.Fatal(err)
	}
	c.bin = buildBinary(t)
	c.gateways, c.matchers = make([]*node, gateways), make([]*node, matchers)
	for i := range c.matchers {
		c.matchers[i] = &node{args: []string{"matcher", "serve", "--nats", c.url, "--shard", fmt.Sprintf("%d/2", i), "--stream", c.stream, "--subject-prefix", c.subjects}}
		c.start(t, c.matchers[i], shardBanner)
	}
	for i := range c.gateways {
		c.gateways[i] = &node{args: []string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--config", c.config,
			"--store", c.dsn, "--nats", c.url, "--nats-prefix", c.prefix, "--node", fmt.Sprintf("gw%d", i+1),
			"--nats-ack-wait", "2s", "--search-retry", "1s", "--purge-interval", "0"}}
		c.start(t, c.gateways[i], gatewayBanner)
	}
	return c
}

// gatewayBanner is serve's first line, naming its URL.
var gatewayBanner = regexp.MustCompile(`^biogate: serving on (http://\S+) `)

// start starts n (again) and waits for its banner.
func (c *cluster) start(t testing.TB, n *node, banner *regexp.Regexp) {
	t.Helper()
	var got string
	n.matcherProcess, got = startProcess(t, banner, c.bin, n.args...)
	if banner == gatewayBanner {
		n.url = got
	}
}

// kill ends n with SIGKILL, as a machine lost.
func (n *node) kill() {
	n.cmd.Process.Signal(syscall.SIGKILL)
	n.cmd.Wait()
}

// fingerTx wraps FVC images in a transaction of TOT tot from AGENCY001
// to BIOGATE01 (Type-1, one Type-14 per image).
func fingerTx(t testing.TB, tot, tcn string, finger, impression int) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fvcDir, fmt.Sprintf("%d_%d.tif", finger, impression)))
	if err != nil {
		t.Fatal(err)
	}
	fs, err := source.Load(b, nil)
	if err != nil || len(fs) != 1 {
		t.Fatalf("FVC %d_%d: %v", finger, impression, err)
	}
	l := fs[0].Loose("finger")
	l.Position = 1
	tr, _, err := convert.WrapImages([]convert.LooseImage{l}, &convert.TransactionOptions{TypeOfTransaction: tot,
		Destination: "BIOGATE01", Originating: "AGENCY001", ControlNumber: tcn,
		Image: &convert.ImageOptions{Source: "AGENCY001", Date: "20261201"}})
	if err != nil {
		t.Fatal(err)
	}
	tr.Records[0].SetSubfields(17, []string{"BIOGATE", "AGENCY ONE"})
	out, err := nist.Marshal(tr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// submit posts a transaction to a gateway: its id once acknowledged
// (201), "" when the gateway is gone or refuses.
func submit(url, token string, body []byte) (string, int) {
	req, _ := http.NewRequest("POST", url+"/v1/transactions", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := (&http.Client{Timeout: 60 * time.Second}).Do(req)
	if err != nil {
		return "", 0
	}
	defer res.Body.Close()
	var tr struct{ ID string }
	json.NewDecoder(res.Body).Decode(&tr)
	if res.StatusCode != http.StatusCreated {
		return "", res.StatusCode
	}
	return tr.ID, res.StatusCode
}

// acked are the acknowledged submissions, by kind.
type acked struct {
	mu                         sync.Mutex
	deliveries, enrols, search []string
	bodies                     map[string][]byte
	fingers                    []int       // the fingers of enrols, in order
	refused                    map[int]int // status: count (0: no answer)
	// unanswered are the 1.009 TCNs of submissions that got no answer
	// (the gateway killed): stored or not, the client cannot know.
	unanswered map[string]bool
}

func (a *acked) add(kind *[]string, id, tcn string, body []byte, code int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if id == "" {
		a.refused[code]++
		if code == 0 || code >= 500 {
			a.unanswered[tcn] = true
		}
		return
	}
	*kind = append(*kind, id)
	a.bodies[id] = body
}

// TestMultiNode: submissions, deliveries, enrolments and searches spread
// over two gateways; one gateway and one matcher shard are SIGKILLed in
// the middle and restarted. Then every acknowledged transaction,
// delivery and enrolment is there, no delivery reached b's inbox twice,
// every search is answered, and the audit log in PostgreSQL verifies.
func TestMultiNode(t *testing.T) {
	c := newCluster(t, 2, 2)
	a := &acked{bodies: map[string][]byte{}, refused: map[int]int{}, unanswered: map[string]bool{}}
	gw := func(i int) string { return c.gateways[i%2].url }
	// Before: fingers 101-104 enrolled, one gateway each in turn.
	for f := 101; f <= 104; f++ {
		tcn := fmt.Sprintf("CAR-%d", f)
		body := fingerTx(t, "CAR", tcn, f, 1)
		id, code := submit(gw(f), c.tokenA, body)
		if id == "" {
			t.Fatalf("CAR %d: status %d; gateway logs: %s", f, code, c.gateways[f%2].log())
		}
		a.add(&a.enrols, id, tcn, body, code)
		a.fingers = append(a.fingers, f)
	}
	// During: three clients, each alternating gateways; gateway 1 and
	// shard 1 are killed, then started again.
	var wg sync.WaitGroup
	stop := make(chan struct{})
	stopped := func() bool {
		select {
		case <-stop:
			return true
		default:
			return false
		}
	}
	var mu sync.Mutex
	urls := [2]string{c.gateways[0].url, c.gateways[1].url}
	target := func(i int) string { mu.Lock(); defer mu.Unlock(); return urls[i%2] }
	wg.Go(func() { // a's transactions for b: deliveries
		for i := 0; !stopped(); i++ {
			tcn := fmt.Sprintf("MAP-%05d", i)
			body := fingerTx(t, "MAP", tcn, 101+i%8, 3)
			id, code := submit(target(i), c.tokenA, body)
			a.add(&a.deliveries, id, tcn, body, code)
		}
	})
	wg.Go(func() { // b's searches
		for i := 0; !stopped(); i++ {
			tcn := fmt.Sprintf("CPS-%05d", i)
			body := fingerTx(t, "CPS", tcn, 101+i%4, 2)
			id, code := submit(target(i), c.tokenB, body)
			a.add(&a.search, id, tcn, body, code)
		}
	})
	wg.Go(func() { // a's enrolments of fingers 105-110
		for i := 0; i < 6 && !stopped(); i++ {
			f := 105 + i
			tcn := fmt.Sprintf("CAR-%d", f)
			body := fingerTx(t, "CAR", tcn, f, 1)
			id, code := submit(target(i), c.tokenA, body)
			a.add(&a.enrols, id, tcn, body, code)
			if id != "" {
				a.mu.Lock()
				a.fingers = append(a.fingers, f)
				a.mu.Unlock()
			}
			time.Sleep(300 * time.Millisecond)
		}
	})
	time.Sleep(1500 * time.Millisecond)
	c.gateways[0].kill()
	c.matchers[1].kill()
	time.Sleep(2 * time.Second)
	c.start(t, c.matchers[1], shardBanner)
	c.start(t, c.gateways[0], gatewayBanner)
	mu.Lock()
	urls[0] = c.gateways[0].url // a new port
	mu.Unlock()
	time.Sleep(1500 * time.Millisecond)
	close(stop)
	wg.Wait()
	t.Logf("acknowledged: %d deliveries, %d enrolments, %d searches; not acknowledged (status: count): %v; jobs deferred while shard 1 was down: %d",
		len(a.deliveries), len(a.enrols), len(a.search), a.refused, strings.Count(c.gateways[1].log(), "matching job deferred"))
	if len(a.deliveries) == 0 || len(a.search) == 0 {
		t.Fatal("nothing acknowledged during the kills")
	}
	// After: every enrolled finger searched with its enrolled image,
	// so that every enrolment must be found in the restarted shards.
	var exact []string
	for i, f := range a.fingers {
		id, code := submit(gw(i), c.tokenB, fingerTx(t, "CPS", fmt.Sprintf("EXACT-%d", f), f, 1))
		if id == "" {
			t.Fatalf("search after restart: status %d", code)
		}
		exact = append(exact, id)
	}
	c.checkAfter(t, a, exact)
}

// meta is what the test reads of a transaction's metadata.
type meta struct {
	ID     string             `json:"id"`
	Search *store.SearchState `json:"search"`
}

func (c *cluster) getJSON(t *testing.T, url, token string, v any) int {
	t.Helper()
	code, b := call(t, "GET", url, token, nil)
	if code == 200 {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s: %v", url, err)
		}
	}
	return code
}

// checkAfter checks the cluster's state once the work is over.
func (c *cluster) checkAfter(t *testing.T, a *acked, exact []string) {
	ctx := context.Background()
	base := c.gateways[1].url
	// Every acknowledged transaction, byte for byte, through either
	// gateway.
	for i, id := range append(append(append([]string{}, a.deliveries...), a.enrols...), a.search...) {
		tok := c.tokenA
		if bytes.Contains(a.bodies[id], []byte("CPS-")) {
			tok = c.tokenB
		}
		code, got := call(t, "GET", c.gateways[i%2].url+"/v1/transactions/"+id, tok, nil)
		if code != 200 || !bytes.Equal(got, a.bodies[id]) {
			t.Errorf("acknowledged %s: status %d, %d bytes (want the %d submitted)", id, code, len(got), len(a.bodies[id]))
		}
	}
	// Every search answered (those deferred while shard 1 was down
	// included), within two minutes.
	replies := map[string]bool{}
	deadline := time.Now().Add(2 * time.Minute)
	for _, id := range append(append([]string{}, a.search...), exact...) {
		var m meta
		for {
			c.getJSON(t, base+"/v1/transactions/"+id+"/meta", c.tokenB, &m)
			if m.Search != nil && m.Search.State != store.SearchPending || time.Now().After(deadline) {
				break
			}
			time.Sleep(200 * time.Millisecond)
		}
		if m.Search == nil || m.Search.State != store.SearchAnswered || len(m.Search.Replies) == 0 {
			t.Fatalf("search %s: %+v", id, m.Search)
		}
		for _, r := range m.Search.Replies {
			replies[r] = true
		}
	}
	for i, id := range exact {
		var m meta
		c.getJSON(t, base+"/v1/transactions/"+id+"/meta", c.tokenB, &m)
		if m.Search.Candidates < 1 {
			t.Errorf("finger %d, searched with the very image enrolled, is not found: %+v", a.fingers[i], m.Search)
		}
	}
	// b's inbox: each delivery and each reply once, nothing else.
	seen := map[string]int{}
	after := ""
	for {
		var page struct {
			Items []struct{ ID string } `json:"items"`
			Next  string                `json:"next"`
		}
		q := "?limit=500"
		if after != "" {
			q += "&after=" + after
		}
		if code, b := call(t, "GET", base+"/v1/inbox"+q, c.tokenB, nil); code != 200 || json.Unmarshal(b, &page) != nil {
			t.Fatalf("inbox: %d %s", code, b)
		}
		for _, d := range page.Items {
			seen[d.ID]++
		}
		if page.Next == "" {
			break
		}
		after = page.Next
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("delivery %s is %d times in b's inbox", id, n)
		}
	}
	// No transaction delivered twice under two ids: every delivery's
	// 1.009 TCN once (replies: their 1.010 TCR names the search, and a
	// search has one reply per candidate). A delivery nobody was told of
	// is a submission whose gateway died after storing it and before
	// answering, or a reply to such a search: its TCN (TCR) must be one
	// of the unanswered submissions'.
	expected := map[string]bool{}
	for _, id := range a.deliveries {
		expected[id] = true
	}
	for id := range replies {
		expected[id] = true
	}
	tcns := map[string]string{}
	unexpected := 0
	for id := range seen {
		code, body := call(t, "GET", base+"/v1/inbox/"+id, c.tokenB, nil)
		if code != 200 {
			t.Fatalf("inbox %s: %d %.200s", id, code, body)
		}
		tr, err := nist.DecodeBytes(body, nil)
		if err != nil || len(tr.Records) == 0 {
			t.Fatalf("inbox %s: %v", id, err)
		}
		tcn, tcr := tr.Records[0].Text(9), tr.Records[0].Text(10)
		if tcr == "" {
			if other, dup := tcns[tcn]; dup {
				t.Errorf("transaction %s delivered twice to b: %s and %s", tcn, other, id)
			}
			tcns[tcn] = id
		}
		if !expected[id] {
			unexpected++
			if !a.unanswered[tcn] && !a.unanswered[tcr] {
				t.Errorf("delivery %s (TCN %s, TCR %s) is neither acknowledged nor the outcome of a submission left unanswered", id, tcn, tcr)
			}
		}
	}
	for _, id := range a.deliveries {
		if seen[id] != 1 {
			t.Errorf("acknowledged delivery %s is not in b's inbox", id)
		}
	}
	for id := range replies {
		if seen[id] != 1 {
			t.Errorf("reply %s is not in b's inbox", id)
		}
	}
	if want := len(a.deliveries) + len(replies); len(seen) != want+unexpected {
		t.Errorf("b's inbox holds %d deliveries, want %d (%d transactions, %d replies) and %d stored but unanswered", len(seen), want+unexpected, len(a.deliveries), len(replies), unexpected)
	}
	// Every acknowledged enrolment in the database, its job done.
	st, err := postgres.Open(ctx, c.dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, id := range a.enrols {
		if _, err := st.Enrolment(ctx, store.SpaceExchange, "criminal", id); err != nil {
			t.Errorf("acknowledged enrolment %s: %v", id, err)
		}
		if j, err := st.Job(ctx, "enrol", id); err != nil || j.State != store.JobDone {
			t.Errorf("enrol job %s: %+v %v", id, j, err)
		}
	}
	// The audit log in PostgreSQL verifies.
	out, err := exec.Command(c.bin, "audit", "verify", "--store", c.dsn).CombinedOutput()
	if err != nil {
		t.Errorf("audit verify: %v\n%s", err, out)
	}
	t.Logf("%d deliveries and %d replies in b's inbox, each once (and %d of submissions stored but left unanswered by a killed gateway); %d searches answered; %d enrolments present; audit: %s",
		len(a.deliveries), len(replies), unexpected, len(a.search)+len(exact), len(a.enrols), strings.TrimSpace(string(out)))
}
