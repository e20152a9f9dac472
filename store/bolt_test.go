package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

func openTemp(t *testing.T) (*Bolt, string) {
	t.Helper()
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, dir
}

func record(id, sender string, recipients ...string) *Record {
	r := &Record{
		Transaction: &Transaction{ID: id, Sender: sender, Received: time.Unix(1, 0).UTC(), Format: "an2"},
		Original:    []byte("original " + id),
		Bodies:      map[string][]byte{},
	}
	for _, p := range recipients {
		r.Transaction.Deliveries = append(r.Transaction.Deliveries, &Delivery{ID: id, Partner: p, Sender: sender, State: Delivered, Format: "xml"})
		r.Bodies[p] = []byte("to " + p + " " + id)
	}
	return r
}

func TestPutGetDelete(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	id := NewID(time.Now())
	if !ValidID(id) {
		t.Fatalf("NewID %q is not ValidID", id)
	}
	r := record(id, "a", "b")
	r.Transaction.Deliveries = append(r.Transaction.Deliveries, &Delivery{ID: id, Partner: "c", State: Failed, Error: "no"})
	const sig = "eyJhbGciOiJFUzI1NiJ9..c2ln" // kept as given: the store does not read it
	r.Transaction.Deliveries[0].Signature = sig
	if err := s.Put(ctx, r); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, r); !errors.Is(err, ErrExists) {
		t.Fatalf("second Put: %v, want ErrExists", err)
	}
	got, err := s.Get(ctx, id)
	if err != nil || got.Sender != "a" || len(got.Deliveries) != 2 {
		t.Fatalf("Get = %+v, %v", got, err)
	}
	b, err := s.Original(ctx, id)
	if err != nil || !bytes.Equal(b, r.Original) {
		t.Fatalf("Original = %q, %v", b, err)
	}
	if _, _, err := s.Delivery(ctx, "c", id); !errors.Is(err, ErrNotFound) {
		t.Errorf("failed delivery readable: %v", err)
	}
	d, body, err := s.Delivery(ctx, "b", id)
	if err != nil || string(body) != "to b "+id || d.State != Delivered || d.Signature != sig {
		t.Fatalf("Delivery = %+v %q %v", d, body, err)
	}
	if in, _, err := s.Inbox(ctx, "b", Query{}); err != nil || len(in) != 1 || in[0].Signature != sig {
		t.Fatalf("Inbox = %+v %v, want the delivery with its signature", in, err)
	}
	for _, p := range []string{"a", "b"} {
		l, _, err := s.List(ctx, Query{Partner: p})
		if err != nil || len(l) != 1 {
			t.Errorf("List(%s) = %d, %v", p, len(l), err)
		}
	}
	if l, _, _ := s.List(ctx, Query{Partner: "c"}); len(l) != 0 {
		t.Errorf("c sees %d transactions", len(l))
	}
	if err := s.Ack(ctx, "b", id, time.Now()); err != nil {
		t.Fatal(err)
	}
	if in, _, _ := s.Inbox(ctx, "b", Query{}); len(in) != 0 {
		t.Errorf("inbox after ack: %d", len(in))
	}
	if got, err := s.Get(ctx, id); err != nil || got.Deliveries[0].State != Acked || got.Deliveries[0].Signature != sig {
		t.Errorf("after Ack: %+v %v, want the delivery acked with its signature", got.Deliveries[0], err)
	}
	if err := s.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, id); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get after Delete: %v", err)
	}
	if l, _, _ := s.List(ctx, Query{Partner: "b"}); len(l) != 0 {
		t.Errorf("b still sees %d", len(l))
	}
}

func TestPaging(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	var want []string
	for i := range 25 {
		id := NewID(time.Unix(0, int64(i+1)))
		want = append(want, id)
		if err := s.Put(ctx, record(id, "a", "b")); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []Query{{}, {Partner: "a"}, {Partner: "b"}} {
		var got []string
		q.Limit = 10
		for range 10 {
			page, next, err := s.List(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, tr := range page {
				got = append(got, tr.ID)
			}
			if next == "" {
				break
			}
			q.After = next
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("partner %q: paged %d ids, want %d in order", q.Partner, len(got), len(want))
		}
	}
	in, next, err := s.Inbox(ctx, "b", Query{Limit: 20})
	if err != nil || len(in) != 20 || next == "" {
		t.Errorf("Inbox page = %d, %q, %v", len(in), next, err)
	}
}

// TestReopen checks that what Put acknowledged is there after the store
// is closed and opened again, and that concurrent Puts all land.
func TestReopen(t *testing.T) {
	ctx := context.Background()
	s, dir := openTemp(t)
	var wg sync.WaitGroup
	ids := make([]string, 40)
	for i := range ids {
		ids[i] = NewID(time.Now())
		wg.Go(func() {
			if err := s.Put(ctx, record(ids[i], "a")); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	s.Close()
	s2, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	for _, id := range ids {
		b, err := s2.Original(ctx, id)
		if err != nil || string(b) != "original "+id {
			t.Errorf("%s: %q, %v", id, b, err)
		}
	}
	if err := s2.Ping(ctx); err != nil {
		t.Error(err)
	}
}

// TestAged lists the transactions received before an instant, oldest
// first, page by page.
func TestAged(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var ids []string
	for i := range 5 {
		at := t0.Add(time.Duration(i) * time.Hour)
		r := record(NewID(at), "a", "b")
		r.Transaction.Received = at
		if err := s.Put(ctx, r); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.Transaction.ID)
	}
	var got []string
	after := ""
	for {
		ts, next, err := s.Aged(ctx, t0.Add(3*time.Hour), Query{After: after, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range ts {
			got = append(got, x.ID)
		}
		if next == "" {
			break
		}
		after = next
	}
	if fmt.Sprint(got) != fmt.Sprint(ids[:3]) {
		t.Errorf("Aged: %v, want %v", got, ids[:3])
	}
}
