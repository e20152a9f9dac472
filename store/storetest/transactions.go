package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/biogate/biogate/store"
)

func testPutGetDelete(t *testing.T, open Open) {
	ctx := context.Background()
	s, _ := open(t)
	id := store.NewID(time.Now())
	if !store.ValidID(id) {
		t.Fatalf("NewID %q is not ValidID", id)
	}
	r := record(id, "a", "b")
	r.Transaction.Deliveries = append(r.Transaction.Deliveries, &store.Delivery{ID: id, Partner: "c", State: store.Failed, Error: "no"})
	const sig = "eyJhbGciOiJFUzI1NiJ9..c2ln" // kept as given: the store does not read it
	r.Transaction.Deliveries[0].Signature = sig
	r.Transaction.Report = []byte(`{"findings":[{"x":1}]}`)
	r.Transaction.Search = &store.SearchState{State: store.SearchPending}
	if err := s.Put(ctx, r); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, r); !errors.Is(err, store.ErrExists) {
		t.Fatalf("second Put: %v, want ErrExists", err)
	}
	got, err := s.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, r.Transaction) {
		t.Fatalf("Get = %+v, want %+v", got, r.Transaction)
	}
	b, err := s.Original(ctx, id)
	if err != nil || !bytes.Equal(b, r.Original) {
		t.Fatalf("Original = %q, %v", b, err)
	}
	if _, _, err := s.Delivery(ctx, "c", id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("failed delivery readable: %v", err)
	}
	d, body, err := s.Delivery(ctx, "b", id)
	if err != nil || string(body) != "to b "+id || d.State != store.Delivered || d.Signature != sig {
		t.Fatalf("Delivery = %+v %q %v", d, body, err)
	}
	if in, _, err := s.Inbox(ctx, "b", store.Query{}); err != nil || len(in) != 1 || in[0].Signature != sig {
		t.Fatalf("Inbox = %+v %v, want the delivery with its signature", in, err)
	}
	if in, _, err := s.Inbox(ctx, "c", store.Query{}); err != nil || len(in) != 0 {
		t.Errorf("a failed delivery is in the inbox: %d, %v", len(in), err)
	}
	for _, p := range []string{"a", "b"} {
		l, _, err := s.List(ctx, store.Query{Partner: p})
		if err != nil || len(l) != 1 || len(l[0].Deliveries) != 2 {
			t.Errorf("List(%s) = %d, %v", p, len(l), err)
		}
	}
	if l, _, _ := s.List(ctx, store.Query{Partner: "c"}); len(l) != 0 {
		t.Errorf("c sees %d transactions", len(l))
	}
	at := time.Date(2026, 12, 4, 1, 2, 3, 4000, time.UTC)
	if err := s.Ack(ctx, "b", id, at); err != nil {
		t.Fatal(err)
	}
	if err := s.Ack(ctx, "b", id, at.Add(time.Hour)); err != nil {
		t.Errorf("second Ack: %v, want nil", err)
	}
	if in, _, _ := s.Inbox(ctx, "b", store.Query{}); len(in) != 0 {
		t.Errorf("inbox after ack: %d", len(in))
	}
	got, err = s.Get(ctx, id)
	if err != nil || got.Deliveries[0].State != store.Acked || got.Deliveries[0].Signature != sig ||
		got.Deliveries[0].Acked == nil || !got.Deliveries[0].Acked.Equal(at) {
		t.Errorf("after Ack: %+v %v, want the delivery acked at %v with its signature", got.Deliveries[0], err, at)
	}
	if d, body, err := s.Delivery(ctx, "b", id); err != nil || d.State != store.Acked || string(body) != "to b "+id {
		t.Errorf("acked delivery: %+v %q %v, still readable", d, body, err)
	}
	if err := s.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get after Delete: %v", err)
	}
	if _, err := s.Original(ctx, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Original after Delete: %v", err)
	}
	if _, _, err := s.Delivery(ctx, "b", id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Delivery after Delete: %v", err)
	}
	for _, p := range []string{"", "a", "b"} {
		if l, _, _ := s.List(ctx, store.Query{Partner: p}); len(l) != 0 {
			t.Errorf("%q still sees %d", p, len(l))
		}
	}
}

// testErrors: what is absent is ErrNotFound, whatever the call.
func testErrors(t *testing.T, open Open) {
	ctx := context.Background()
	s, _ := open(t)
	id := store.NewID(time.Now())
	if err := s.Put(ctx, record(id, "a", "b")); err != nil {
		t.Fatal(err)
	}
	unknown := store.NewID(time.Now())
	for _, tc := range []struct {
		name string
		err  error
		want error
	}{
		{"Get unknown", func() error { _, err := s.Get(ctx, unknown); return err }(), store.ErrNotFound},
		{"Original unknown", func() error { _, err := s.Original(ctx, unknown); return err }(), store.ErrNotFound},
		{"Delete unknown", s.Delete(ctx, unknown), store.ErrNotFound},
		{"Delivery to a partner who has none", func() error { _, _, err := s.Delivery(ctx, "a", id); return err }(), store.ErrNotFound},
		{"Delivery of an unknown id", func() error { _, _, err := s.Delivery(ctx, "b", unknown); return err }(), store.ErrNotFound},
		{"Ack of a partner who has none", s.Ack(ctx, "a", id, time.Now()), store.ErrNotFound},
		{"Ack of an unknown id", s.Ack(ctx, "b", unknown, time.Now()), store.ErrNotFound},
		{"Ping", s.Ping(ctx), nil},
	} {
		if !errors.Is(tc.err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, tc.err, tc.want)
		}
	}
	if in, next, err := s.Inbox(ctx, "nobody", store.Query{}); err != nil || len(in) != 0 || next != "" {
		t.Errorf("Inbox(nobody) = %d %q %v", len(in), next, err)
	}
}

func testPaging(t *testing.T, open Open) {
	ctx := context.Background()
	s, _ := open(t)
	var want []string
	for i := range 25 {
		id := store.NewID(time.Unix(0, int64(i+1)))
		want = append(want, id)
		if err := s.Put(ctx, record(id, "a", "b")); err != nil {
			t.Fatal(err)
		}
	}
	// Another sender's transaction, delivered to nobody: a and b do not
	// see it.
	other := store.NewID(time.Unix(0, 100))
	if err := s.Put(ctx, record(other, "z")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		q    store.Query
		want []string
	}{
		{store.Query{}, append(want[:len(want):len(want)], other)},
		{store.Query{Partner: "a"}, want},
		{store.Query{Partner: "b"}, want},
		{store.Query{Partner: "z"}, []string{other}},
	} {
		var got []string
		q := tc.q
		q.Limit = 10
		for range 10 {
			page, next, err := s.List(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) > 10 {
				t.Fatalf("page of %d, limit 10", len(page))
			}
			got = append(got, ids(page)...)
			if next == "" {
				break
			}
			q.After = next
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("partner %q: paged %v, want %v", q.Partner, got, tc.want)
		}
	}
	in, next, err := s.Inbox(ctx, "b", store.Query{Limit: 20})
	if err != nil || len(in) != 20 || next != want[19] {
		t.Fatalf("Inbox page = %d, %q, %v", len(in), next, err)
	}
	in, next, err = s.Inbox(ctx, "b", store.Query{Limit: 20, After: next})
	if err != nil || len(in) != 5 || next != "" || in[0].ID != want[20] {
		t.Errorf("Inbox second page = %d, %q, %v", len(in), next, err)
	}
}

// testPageSize: Limit 0 means 100; a page is never longer than 1000.
func testPageSize(t *testing.T, open Open) {
	ctx := context.Background()
	s, _ := open(t)
	for i := range 101 {
		if err := s.Put(ctx, record(store.NewID(time.Unix(0, int64(i+1))), "a")); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct{ limit, want int }{{0, 100}, {-3, 100}, {5000, 101}, {101, 101}} {
		page, next, err := s.List(ctx, store.Query{Limit: tc.limit})
		if err != nil || len(page) != tc.want {
			t.Errorf("List(limit %d) = %d, %v; want %d", tc.limit, len(page), err, tc.want)
		}
		if (next == "") != (tc.want == 101) {
			t.Errorf("List(limit %d) next = %q", tc.limit, next)
		}
	}
	if q := (store.Query{Limit: 5000}); q.PageSize() != 1000 {
		t.Errorf("PageSize(5000) = %d, want 1000", q.PageSize())
	}
}

// testAged lists the transactions received before an instant, oldest
// first, page by page, whoever the partner.
func testAged(t *testing.T, open Open) {
	ctx := context.Background()
	s, _ := open(t)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var want []string
	for i := range 5 {
		at := t0.Add(time.Duration(i) * time.Hour)
		r := record(store.NewID(at), "a", "b")
		r.Transaction.Received = at
		if err := s.Put(ctx, r); err != nil {
			t.Fatal(err)
		}
		want = append(want, r.Transaction.ID)
	}
	var got []string
	after := ""
	for range 10 {
		ts, next, err := s.Aged(ctx, t0.Add(3*time.Hour), store.Query{After: after, Limit: 2, Partner: "nobody"})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, ids(ts)...)
		if next == "" {
			break
		}
		after = next
	}
	if fmt.Sprint(got) != fmt.Sprint(want[:3]) {
		t.Errorf("Aged: %v, want %v", got, want[:3])
	}
}

// testReopen checks that what Put acknowledged is there after the store
// is closed and opened again, and that concurrent Puts all land.
func testReopen(t *testing.T, open Open) {
	ctx := context.Background()
	s, reopen := open(t)
	var wg sync.WaitGroup
	ids := make([]string, 40)
	for i := range ids {
		ids[i] = store.NewID(time.Now())
		wg.Go(func() {
			if err := s.Put(ctx, record(ids[i], "a", "b")); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	s2 := reopen()
	for _, id := range ids {
		b, err := s2.Original(ctx, id)
		if err != nil || string(b) != "original "+id {
			t.Errorf("%s: %q, %v", id, b, err)
		}
	}
	if in, _, err := s2.Inbox(ctx, "b", store.Query{}); err != nil || len(in) != len(ids) {
		t.Errorf("inbox after reopen: %d, %v; want %d", len(in), err, len(ids))
	}
	if err := s2.Ping(ctx); err != nil {
		t.Error(err)
	}
}

// testConcurrentPutSameID: of concurrent Puts of one id, exactly one is
// acknowledged; the others get ErrExists, and nothing is doubled.
func testConcurrentPutSameID(t *testing.T, open Open) {
	ctx := context.Background()
	s, _ := open(t)
	id := store.NewID(time.Now())
	const n = 8
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { errs[i] = s.Put(ctx, record(id, "a", "b")) })
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, store.ErrExists):
			t.Errorf("Put: %v, want nil or ErrExists", err)
		}
	}
	if ok != 1 {
		t.Errorf("%d Puts of one id acknowledged, want 1", ok)
	}
	if in, _, err := s.Inbox(ctx, "b", store.Query{}); err != nil || len(in) != 1 {
		t.Errorf("inbox: %d, %v; want 1 delivery", len(in), err)
	}
}

// testConcurrentAck: concurrent Acks of one delivery all succeed and the
// delivery leaves the inbox once.
func testConcurrentAck(t *testing.T, open Open) {
	ctx := context.Background()
	s, _ := open(t)
	var all []string
	for range 5 {
		id := store.NewID(time.Now())
		all = append(all, id)
		if err := s.Put(ctx, record(id, "a", "b")); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			if err := s.Ack(ctx, "b", all[i%4], time.Now()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	in, _, err := s.Inbox(ctx, "b", store.Query{})
	if err != nil || len(in) != 1 || in[0].ID != all[4] {
		t.Errorf("inbox after acks: %d, %v; want only %s", len(in), err, all[4])
	}
}
