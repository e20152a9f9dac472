package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"
)

func enrolment(space, gallery, subject, transaction string, samples int) *Enrolment {
	e := &Enrolment{
		Space: space, Gallery: gallery, Subject: subject,
		Created: time.Date(2026, 12, 3, 10, 0, 0, 123456789, time.UTC),
		Partner: "a", Transaction: transaction, Purpose: "criminal-records", Backend: "embedded",
	}
	for i := range samples {
		e.Samples = append(e.Samples, EnrolledSample{
			Format: "iso19794-2:2011", Position: i + 1,
			Data: []byte(fmt.Sprintf("record %s %d", subject, i)), Index: make([]byte, 12000+i),
		})
	}
	return e
}

func TestEnrolments(t *testing.T) {
	ctx := context.Background()
	s, dir := openTemp(t)
	puts := []*Enrolment{
		enrolment(SpaceEmbedded, "criminal", "b", "T1", 2),
		enrolment(SpaceEmbedded, "criminal", "a", "T1", 1),
		enrolment(SpaceEmbedded, "crim", "z", "T2", 1),
		enrolment(SpaceEmbedded, "missing", "a", "", 3),
		enrolment(SpaceExchange, "criminal", "a", "T1", 0),
	}
	for _, e := range puts {
		if err := s.PutEnrolment(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	names := func(space, gallery string) string {
		var out []string
		err := s.Enrolments(ctx, space, gallery, func(e *Enrolment) error {
			out = append(out, e.Gallery+"/"+e.Subject)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(out)
	}
	for _, tc := range []struct{ space, gallery, want string }{
		{SpaceEmbedded, "", "[crim/z criminal/a criminal/b missing/a]"},
		{SpaceEmbedded, "criminal", "[criminal/a criminal/b]"},
		{SpaceEmbedded, "crim", "[crim/z]"}, // not the galleries whose names it begins
		{SpaceExchange, "", "[criminal/a]"},
		{SpaceEmbedded, "nobody", "[]"},
		{"other", "", "[]"},
	} {
		if got := names(tc.space, tc.gallery); got != tc.want {
			t.Errorf("Enrolments(%s, %q) = %s, want %s", tc.space, tc.gallery, got, tc.want)
		}
	}
	got, err := s.Enrolment(ctx, SpaceEmbedded, "criminal", "b")
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
	if err := s.PutEnrolment(ctx, enrolment(SpaceEmbedded, "criminal", "b", "T2", 1)); err != nil {
		t.Fatal(err)
	}
	if got, want := of("T1"), "[embedded/criminal/a exchange/criminal/a]"; got != want {
		t.Errorf("after re-enrolment EnrolmentsOf(T1) = %s, want %s", got, want)
	}
	if got, want := of("T2"), "[embedded/crim/z embedded/criminal/b]"; got != want {
		t.Errorf("after re-enrolment EnrolmentsOf(T2) = %s, want %s", got, want)
	}
	if err := s.DeleteEnrolment(ctx, SpaceEmbedded, "criminal", "a"); err != nil {
		t.Fatal(err)
	}
	if got, want := of("T1"), "[exchange/criminal/a]"; got != want {
		t.Errorf("after delete EnrolmentsOf(T1) = %s, want %s", got, want)
	}
	// Durable: what was acknowledged is there after reopening.
	s2 := reopen(t, s, dir)
	if got := fmt.Sprint(mustNames(t, s2, SpaceEmbedded)); got != "[crim/z criminal/b missing/a]" {
		t.Errorf("after reopen: %s", got)
	}
	e, err := s2.Enrolment(ctx, SpaceEmbedded, "missing", "a")
	if err != nil || !reflect.DeepEqual(e, puts[3]) {
		t.Errorf("after reopen: %+v, %v", e, err)
	}
}

// reopen closes s and opens the store of dir again (closed at the test's
// end).
func reopen(t *testing.T, s *Bolt, dir string) *Bolt {
	t.Helper()
	s.Close()
	s2, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s2.Close() })
	return s2
}

func mustNames(t *testing.T, s *Bolt, space string) []string {
	var out []string
	if err := s.Enrolments(context.Background(), space, "", func(e *Enrolment) error {
		out = append(out, e.Gallery+"/"+e.Subject)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestEnrolmentErrors(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	if err := s.PutEnrolment(ctx, enrolment(SpaceEmbedded, "g", "a", "T", 1)); err != nil {
		t.Fatal(err)
	}
	stop := errors.New("stop")
	for _, tc := range []struct {
		name string
		err  error
		want error
	}{
		{"Enrolment of an unknown subject", func() error { _, err := s.Enrolment(ctx, SpaceEmbedded, "g", "b"); return err }(), ErrNotFound},
		{"Enrolment in another space", func() error { _, err := s.Enrolment(ctx, SpaceExchange, "g", "a"); return err }(), ErrNotFound},
		{"Delete of an unknown subject", s.DeleteEnrolment(ctx, SpaceEmbedded, "g", "b"), ErrNotFound},
		{"Delete in an unknown gallery", s.DeleteEnrolment(ctx, SpaceEmbedded, "h", "a"), ErrNotFound},
		{"Put of an empty subject", s.PutEnrolment(ctx, enrolment(SpaceEmbedded, "g", "", "", 0)), errBadName},
		{"Put of a NUL gallery", s.PutEnrolment(ctx, enrolment(SpaceEmbedded, "g\x00h", "a", "", 0)), errBadName},
		{"Put of a NUL transaction", s.PutEnrolment(ctx, enrolment(SpaceEmbedded, "g", "a", "T\x00", 0)), errBadName},
		{"Enrolments stops at fn's error", s.Enrolments(ctx, SpaceEmbedded, "", func(*Enrolment) error { return stop }), stop},
		{"EnrolmentsOf no transaction", func() error { _, err := s.EnrolmentsOf(ctx, ""); return err }(), errBadName},
	} {
		if !errors.Is(tc.err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, tc.err, tc.want)
		}
	}
	if es, err := s.EnrolmentsOf(ctx, "unknown"); err != nil || len(es) != 0 {
		t.Errorf("EnrolmentsOf(unknown) = %d, %v", len(es), err)
	}
}

// TestConcurrentEnrolments: concurrent PutEnrolments share commits and
// every one is there after reopening.
func TestConcurrentEnrolments(t *testing.T) {
	ctx := context.Background()
	s, dir := openTemp(t)
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			if err := s.PutEnrolment(ctx, enrolment(SpaceEmbedded, "g", fmt.Sprintf("s%03d", i), "", 1)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	s2 := reopen(t, s, dir)
	if n := len(mustNames(t, s2, SpaceEmbedded)); n != 50 {
		t.Errorf("%d enrolments after reopen, want 50", n)
	}
}
