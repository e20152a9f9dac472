package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/biogate/biogate/store"
)

// names lists the gallery/subject of every enrolment of a space.
func names(t testing.TB, s store.Store, space, gallery string) string {
	t.Helper()
	var out []string
	err := s.Enrolments(context.Background(), space, gallery, func(e *store.Enrolment) error {
		out = append(out, e.Gallery+"/"+e.Subject)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(out)
}

func testEnrolments(t *testing.T, open Open) {
	ctx := context.Background()
	s, reopen := open(t)
	puts := []*store.Enrolment{
		enrolment(store.SpaceEmbedded, "criminal", "b", "T1", 2),
		enrolment(store.SpaceEmbedded, "criminal", "a", "T1", 1),
		enrolment(store.SpaceEmbedded, "crim", "z", "T2", 1),
		enrolment(store.SpaceEmbedded, "missing", "a", "", 3),
		enrolment(store.SpaceExchange, "criminal", "a", "T1", 0),
		// Byte order, not collation: "B" < "a" < "é".
		enrolment(store.SpaceEmbedded, "order", "é", "", 0),
		enrolment(store.SpaceEmbedded, "order", "a", "", 0),
		enrolment(store.SpaceEmbedded, "order", "B", "", 0),
	}
	for _, e := range puts {
		if err := s.PutEnrolment(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct{ space, gallery, want string }{
		{store.SpaceEmbedded, "", "[crim/z criminal/a criminal/b missing/a order/B order/a order/é]"},
		{store.SpaceEmbedded, "criminal", "[criminal/a criminal/b]"},
		{store.SpaceEmbedded, "crim", "[crim/z]"}, // not the galleries whose names it begins
		{store.SpaceExchange, "", "[criminal/a]"},
		{store.SpaceEmbedded, "nobody", "[]"},
		{"other", "", "[]"},
	} {
		if got := names(t, s, tc.space, tc.gallery); got != tc.want {
			t.Errorf("Enrolments(%s, %q) = %s, want %s", tc.space, tc.gallery, got, tc.want)
		}
	}
	got, err := s.Enrolment(ctx, store.SpaceEmbedded, "criminal", "b")
	if err != nil || !reflect.DeepEqual(got, puts[0]) {
		t.Fatalf("Enrolment = %+v, %v; want %+v", got, err, puts[0])
	}
	of := func(tr string) string {
		es, err := s.EnrolmentsOf(ctx, tr)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range es {
			out = append(out, e.Space+"/"+e.Gallery+"/"+e.Subject)
		}
		return fmt.Sprint(out)
	}
	if got, want := of("T1"), "[embedded/criminal/a embedded/criminal/b exchange/criminal/a]"; got != want {
		t.Errorf("EnrolmentsOf(T1) = %s, want %s", got, want)
	}
	// Re-enrolment from another transaction moves the index entry.
	if err := s.PutEnrolment(ctx, enrolment(store.SpaceEmbedded, "criminal", "b", "T2", 1)); err != nil {
		t.Fatal(err)
	}
	if got, want := of("T1"), "[embedded/criminal/a exchange/criminal/a]"; got != want {
		t.Errorf("after re-enrolment EnrolmentsOf(T1) = %s, want %s", got, want)
	}
	if got, want := of("T2"), "[embedded/crim/z embedded/criminal/b]"; got != want {
		t.Errorf("after re-enrolment EnrolmentsOf(T2) = %s, want %s", got, want)
	}
	if err := s.DeleteEnrolment(ctx, store.SpaceEmbedded, "criminal", "a"); err != nil {
		t.Fatal(err)
	}
	if got, want := of("T1"), "[exchange/criminal/a]"; got != want {
		t.Errorf("after delete EnrolmentsOf(T1) = %s, want %s", got, want)
	}
	// Durable: what was acknowledged is there after reopening.
	s2 := reopen()
	if got := names(t, s2, store.SpaceEmbedded, ""); got != "[crim/z criminal/b missing/a order/B order/a order/é]" {
		t.Errorf("after reopen: %s", got)
	}
	e, err := s2.Enrolment(ctx, store.SpaceEmbedded, "missing", "a")
	if err != nil || !reflect.DeepEqual(e, puts[3]) {
		t.Errorf("after reopen: %+v, %v", e, err)
	}
}

func testEnrolmentErrors(t *testing.T, open Open) {
	ctx := context.Background()
	s, _ := open(t)
	if err := s.PutEnrolment(ctx, enrolment(store.SpaceEmbedded, "g", "a", "T", 1)); err != nil {
		t.Fatal(err)
	}
	stop := errors.New("stop")
	for _, tc := range []struct {
		name string
		err  error
		want error
	}{
		{"Enrolment of an unknown subject", func() error { _, err := s.Enrolment(ctx, store.SpaceEmbedded, "g", "b"); return err }(), store.ErrNotFound},
		{"Enrolment in another space", func() error { _, err := s.Enrolment(ctx, store.SpaceExchange, "g", "a"); return err }(), store.ErrNotFound},
		{"Delete of an unknown subject", s.DeleteEnrolment(ctx, store.SpaceEmbedded, "g", "b"), store.ErrNotFound},
		{"Delete in an unknown gallery", s.DeleteEnrolment(ctx, store.SpaceEmbedded, "h", "a"), store.ErrNotFound},
		{"Put of an empty subject", s.PutEnrolment(ctx, enrolment(store.SpaceEmbedded, "g", "", "", 0)), store.ErrBadName},
		{"Put of a NUL gallery", s.PutEnrolment(ctx, enrolment(store.SpaceEmbedded, "g\x00h", "a", "", 0)), store.ErrBadName},
		{"Put of a NUL transaction", s.PutEnrolment(ctx, enrolment(store.SpaceEmbedded, "g", "a", "T\x00", 0)), store.ErrBadName},
		{"Enrolment of an empty space", func() error { _, err := s.Enrolment(ctx, "", "g", "a"); return err }(), store.ErrBadName},
		{"Enrolments of an empty space", s.Enrolments(ctx, "", "", func(*store.Enrolment) error { return nil }), store.ErrBadName},
		{"Enrolments stops at fn's error", s.Enrolments(ctx, store.SpaceEmbedded, "", func(*store.Enrolment) error { return stop }), stop},
		{"EnrolmentsOf no transaction", func() error { _, err := s.EnrolmentsOf(ctx, ""); return err }(), store.ErrBadName},
	} {
		if !errors.Is(tc.err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, tc.err, tc.want)
		}
	}
	if es, err := s.EnrolmentsOf(ctx, "unknown"); err != nil || len(es) != 0 {
		t.Errorf("EnrolmentsOf(unknown) = %d, %v", len(es), err)
	}
}

// testConcurrentEnrolments: concurrent PutEnrolments all land and are
// there after reopening.
func testConcurrentEnrolments(t *testing.T, open Open) {
	ctx := context.Background()
	s, reopen := open(t)
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			if err := s.PutEnrolment(ctx, enrolment(store.SpaceEmbedded, "g", fmt.Sprintf("s%03d", i), "T", 1)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	s2 := reopen()
	n := 0
	if err := s2.Enrolments(ctx, store.SpaceEmbedded, "g", func(*store.Enrolment) error { n++; return nil }); err != nil || n != 50 {
		t.Errorf("%d enrolments after reopen (%v), want 50", n, err)
	}
	if es, err := s2.EnrolmentsOf(ctx, "T"); err != nil || len(es) != 50 {
		t.Errorf("EnrolmentsOf after reopen: %d, %v; want 50", len(es), err)
	}
}
