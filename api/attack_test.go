package api

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a log writer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestUnauthenticatedFlood: 200 calls with a 60 KB id and no token must
// not grow the audit chain (authentication comes before auditing) and are
// logged at a bounded rate; an authenticated call with such an id is
// audited with the id cut to audit.MaxField.
func TestUnauthenticatedFlood(t *testing.T) {
	logs := &syncBuffer{}
	e := startEnv(t, &envOptions{log: logs})
	before := len(e.auditEntries(t))
	long := strings.Repeat("a", 60<<10)
	start := time.Now()
	for range 200 {
		e.do(t, "GET", "/v1/transactions/"+long, "", nil).expect(t, "no token", 401)
	}
	grown := len(e.auditEntries(t)) - before
	t.Logf("200 unauthenticated calls with a 60 KB id: %v; audit log +%d entries; %d request log lines (%d bytes)",
		time.Since(start).Round(time.Millisecond), grown, strings.Count(logs.String(), "\n"), len(logs.String()))
	if grown != 0 {
		t.Errorf("200 unauthenticated calls grew the audit log by %d entries; want 0", grown)
	}
	lines := strings.Count(logs.String(), "\n")
	if lines > 50 {
		t.Errorf("200 unauthenticated calls wrote %d log lines; want them rate-limited", lines)
	}
	if n := len(logs.String()); n > 64<<10 {
		t.Errorf("the request log of the flood is %d bytes: the path is not bounded", n)
	}

	e.do(t, "GET", "/v1/transactions/"+long, e.token(t, "fbi"), nil).expect(t, "long id with a token", 404)
	entries := e.auditEntries(t)
	if len(entries) != before+1 {
		t.Fatalf("one audited call with a 60 KB id added %d entries; want one", len(entries)-before)
	}
	last, err := json.Marshal(entries[len(entries)-1])
	if err != nil {
		t.Fatal(err)
	}
	if len(last) > 4<<10 {
		t.Errorf("one audited call with a 60 KB id is an entry of %d bytes; want it bounded", len(last))
	}
	if n, err := e.verifyAudit(); err != nil || n == 0 {
		t.Fatalf("audit verify: %d, %v", n, err)
	}
	if !bytes.Contains(last, []byte("truncated from 61440 bytes")) {
		t.Errorf("the audited id is not marked as cut: %.400s", last)
	}
}

// slowPost opens a connection and sends a POST whose body of n bytes
// trickles one byte per interval; it returns the status line the server
// answers (or the error that ended the connection).
func slowPost(addr, path, token string, n int, interval time.Duration) string {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return err.Error()
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n", path, token, n)
	answered := make(chan string, 1)
	go func() {
		line, err := bufio.NewReader(conn).ReadString('\n')
		if err != nil {
			answered <- err.Error()
			return
		}
		answered <- strings.TrimSpace(line)
	}()
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for sent := 0; sent < n; sent++ {
		select {
		case s := <-answered:
			return s
		case <-tick.C:
			if _, err := conn.Write([]byte{'x'}); err != nil {
				return <-answered
			}
		}
	}
	return <-answered
}

// TestSlowBodiesHoldNoSlot: one partner trickling more bodies than there
// are slots must not keep another partner out (its bodies are read
// before a slot is taken), and the trickling bodies are refused with 408
// once below the minimum rate.
func TestSlowBodiesHoldNoSlot(t *testing.T) {
	body, err := os.ReadFile("../testdata/sample.an2")
	if err != nil {
		t.Fatal(err)
	}
	e := startEnv(t, &envOptions{opts: Options{MaxInFlight: 4, QueueWait: 100 * time.Millisecond,
		BodyGrace: 1500 * time.Millisecond, BodyMinRate: 1000}})
	addr := strings.TrimPrefix(e.url, "http://")
	bka := e.token(t, "bka")
	const slow = 10
	statuses := make(chan string, slow)
	for range slow {
		go func() { statuses <- slowPost(addr, "/v1/validate", bka, 1000, 100*time.Millisecond) }()
	}
	time.Sleep(500 * time.Millisecond) // the slow bodies are all being sent
	fbi := e.token(t, "fbi")
	var slowest time.Duration
	for i := range 5 {
		start := time.Now()
		e.do(t, "POST", "/v1/validate", fbi, body).expect(t, fmt.Sprintf("validate %d while bka trickles", i), 200)
		slowest = max(slowest, time.Since(start))
	}
	t.Logf("%d bodies trickled at 10 bytes/s over %d slots: another partner's 5 validations answered 200, the slowest in %v",
		slow, 4, slowest.Round(time.Millisecond))
	deadline := time.After(10 * time.Second)
	for range slow {
		select {
		case s := <-statuses:
			if !strings.Contains(s, " 408 ") {
				t.Errorf("a trickled body was answered %q, want 408", s)
			}
		case <-deadline:
			t.Fatal("the trickled bodies were not refused within 10 s")
		}
	}
}

// TestPartnerShare: one partner gets at most its share of the slots;
// another partner still gets one.
func TestPartnerShare(t *testing.T) {
	l := newLimiter(4, 2, 20*time.Millisecond)
	ctx := t.Context()
	var release []func()
	for i := range 2 {
		r, err := l.acquire(ctx, "a")
		if err != nil {
			t.Fatalf("slot %d of a: %v", i, err)
		}
		release = append(release, r)
	}
	if _, err := l.acquire(ctx, "a"); err == nil {
		t.Fatal("a third slot for partner a beyond its share of 2")
	} else if b, ok := err.(errBusy); !ok || !b.partnerShare {
		t.Errorf("refusal %v, want the partner's share", err)
	}
	r, err := l.acquire(ctx, "b")
	if err != nil {
		t.Fatalf("partner b kept out by a: %v", err)
	}
	r()
	release[0]()
	if r, err := l.acquire(ctx, "a"); err != nil {
		t.Errorf("a slot freed by a is not reusable: %v", err)
	} else {
		r()
	}
	release[1]()
}

// TestPartnerShareDefault: the default share is half the slots.
func TestPartnerShareDefault(t *testing.T) {
	o := Options{MaxInFlight: 16}
	o.defaults()
	if o.MaxPerPartner != 8 {
		t.Errorf("default share of 16 slots: %d, want 8", o.MaxPerPartner)
	}
	o = Options{MaxInFlight: 1}
	o.defaults()
	if o.MaxPerPartner != 1 {
		t.Errorf("default share of 1 slot: %d, want 1", o.MaxPerPartner)
	}
}
