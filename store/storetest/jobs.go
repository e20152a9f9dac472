package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/biogate/biogate/store"
)

// jobIDs lists id:state of every job of a kind.
func jobIDs(t testing.TB, s store.Store, kind string) string {
	t.Helper()
	var out []string
	if err := s.Jobs(context.Background(), kind, func(j *store.Job) error { out = append(out, j.ID+":"+j.State); return nil }); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(out)
}

func testJobs(t *testing.T, open Open) {
	ctx := context.Background()
	s, reopen := open(t)
	id := store.NewID(time.Now())
	r := record(id, "a", "b")
	r.Jobs = []*store.Job{job(store.JobSearch, id, store.JobPending)}
	if err := s.Put(ctx, r); err != nil {
		t.Fatal(err)
	}
	for _, j := range []*store.Job{job(store.JobBatch, "b2", store.JobPending), job(store.JobBatch, "b1", store.JobDone), job(store.JobBatch, id, store.JobPending)} {
		if err := s.PutJob(ctx, j); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct{ kind, want string }{
		{store.JobSearch, "[" + id + ":pending]"},
		{store.JobBatch, "[" + id + ":pending b1:done b2:pending]"},
		{"other", "[]"},
	} {
		if got := jobIDs(t, s, tc.kind); got != tc.want {
			t.Errorf("Jobs(%s) = %s, want %s", tc.kind, got, tc.want)
		}
	}
	// PutJob replaces.
	done := job(store.JobSearch, id, store.JobDone)
	done.Attempts, done.Result = 2, json.RawMessage(`{"candidates":3}`)
	done.NotBefore = time.Date(2026, 12, 3, 11, 0, 0, 5, time.UTC)
	if err := s.PutJob(ctx, done); err != nil {
		t.Fatal(err)
	}
	s = reopen()
	got, err := s.Job(ctx, store.JobSearch, id)
	if err != nil || !reflect.DeepEqual(got, done) {
		t.Fatalf("after reopen Job = %+v, %v; want %+v", got, err, done)
	}
	// Deleting the transaction takes its jobs (of every kind) with it.
	if err := s.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{store.JobSearch, store.JobBatch} {
		if _, err := s.Job(ctx, kind, id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s job after Delete: %v", kind, err)
		}
	}
	if got := jobIDs(t, s, store.JobBatch); got != "[b1:done b2:pending]" {
		t.Errorf("after Delete Jobs(batch) = %s", got)
	}
	stop := errors.New("stop")
	for _, tc := range []struct {
		name      string
		err, want error
	}{
		{"DeleteJob", s.DeleteJob(ctx, store.JobBatch, "b1"), nil},
		{"DeleteJob again", s.DeleteJob(ctx, store.JobBatch, "b1"), store.ErrNotFound},
		{"Job unknown", func() error { _, err := s.Job(ctx, store.JobBatch, "b1"); return err }(), store.ErrNotFound},
		{"PutJob without id", s.PutJob(ctx, job(store.JobBatch, "", store.JobPending)), store.ErrBadName},
		{"Put with a bad job", s.Put(ctx, &store.Record{Transaction: &store.Transaction{ID: "x"}, Jobs: []*store.Job{job("", "x", "")}}), store.ErrBadName},
		{"Jobs stops at fn's error", s.Jobs(ctx, store.JobBatch, func(*store.Job) error { return stop }), stop},
	} {
		if !errors.Is(tc.err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, tc.err, tc.want)
		}
	}
	if _, err := s.Get(ctx, "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a Put whose job was refused wrote its transaction: %v", err)
	}
}
