package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"
)

func job(kind, id, state string) *Job {
	return &Job{
		Kind: kind, ID: id, Partner: "a", State: state,
		Created: time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC),
		Data:    json.RawMessage(`{"gallery":"criminal"}`),
	}
}

func TestJobs(t *testing.T) {
	ctx := context.Background()
	s, dir := openTemp(t)
	id := NewID(time.Now())
	r := record(id, "a", "b")
	r.Jobs = []*Job{job(JobSearch, id, JobPending)}
	if err := s.Put(ctx, r); err != nil {
		t.Fatal(err)
	}
	for _, j := range []*Job{job(JobBatch, "b2", JobPending), job(JobBatch, "b1", JobDone), job(JobBatch, id, JobPending)} {
		if err := s.PutJob(ctx, j); err != nil {
			t.Fatal(err)
		}
	}
	ids := func(kind string) string {
		var out []string
		if err := s.Jobs(ctx, kind, func(j *Job) error { out = append(out, j.ID+":"+j.State); return nil }); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(out)
	}
	for _, tc := range []struct{ kind, want string }{
		{JobSearch, "[" + id + ":pending]"},
		{JobBatch, "[" + id + ":pending b1:done b2:pending]"},
		{"other", "[]"},
	} {
		if got := ids(tc.kind); got != tc.want {
			t.Errorf("Jobs(%s) = %s, want %s", tc.kind, got, tc.want)
		}
	}
	// PutJob replaces.
	done := job(JobSearch, id, JobDone)
	done.Attempts, done.Result = 2, json.RawMessage(`{"candidates":3}`)
	if err := s.PutJob(ctx, done); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s, dir)
	got, err := s.Job(ctx, JobSearch, id)
	if err != nil || !reflect.DeepEqual(got, done) {
		t.Fatalf("after reopen Job = %+v, %v; want %+v", got, err, done)
	}
	// Deleting the transaction takes its jobs (of every kind) with it.
	if err := s.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{JobSearch, JobBatch} {
		if _, err := s.Job(ctx, kind, id); !errors.Is(err, ErrNotFound) {
			t.Errorf("%s job after Delete: %v", kind, err)
		}
	}
	if got := ids(JobBatch); got != "[b1:done b2:pending]" {
		t.Errorf("after Delete Jobs(batch) = %s", got)
	}
	stop := errors.New("stop")
	for _, tc := range []struct {
		name      string
		err, want error
	}{
		{"DeleteJob", s.DeleteJob(ctx, JobBatch, "b1"), nil},
		{"DeleteJob again", s.DeleteJob(ctx, JobBatch, "b1"), ErrNotFound},
		{"Job unknown", func() error { _, err := s.Job(ctx, JobBatch, "b1"); return err }(), ErrNotFound},
		{"PutJob without id", s.PutJob(ctx, job(JobBatch, "", JobPending)), errBadName},
		{"Put with a bad job", s.Put(ctx, &Record{Transaction: &Transaction{ID: "x"}, Jobs: []*Job{job("", "x", "")}}), errBadName},
		{"Jobs stops at fn's error", s.Jobs(ctx, JobBatch, func(*Job) error { return stop }), stop},
	} {
		if !errors.Is(tc.err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, tc.err, tc.want)
		}
	}
	if _, err := s.Get(ctx, "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("a Put whose job was refused wrote its transaction: %v", err)
	}
}
