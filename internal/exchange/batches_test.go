package exchange_test

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/biogate/biogate/batch"
	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/store"
)

const batchCorpusFile = "../../../shared/corpus/jnbis/ansi/references/type-10-sap10.an2"

func batchTar(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(batchCorpusFile)
	if err != nil {
		t.Skipf("corpus file absent (../shared/corpus is not here): %v", err)
	}
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	tw.WriteHeader(&tar.Header{Name: "a.an2", Mode: 0o644, Size: int64(len(b))})
	tw.Write(b)
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func batchConfig(t *testing.T) *exchange.Config {
	t.Helper()
	c, err := exchange.ParseConfig([]byte(`{"issuers": [{"name": "x", "jwks": {"keys": []}}], "partners": [
	  {"name": "a", "issuer": "x", "scopes": ["submit", "read"], "receive": {"format": "an2"}},
	  {"name": "b", "issuer": "x", "scopes": ["submit", "read"], "receive": {"format": "an2"}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestBatchResumedAfterRestart: jobs a stopped service left pending (or
// running) in the store, with their uploads in the batch folder, are run
// to the end by a fresh service's RunBatches.
func TestBatchResumedAfterRestart(t *testing.T) {
	body := batchTar(t)
	data := t.TempDir()
	st, err := store.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	dir := filepath.Join(data, "batches")
	now := time.Now().UTC()
	var ids []string
	for i, state := range []string{store.JobPending, exchange.BatchRunning} {
		id := store.NewID(now.Add(time.Duration(i)))
		ids = append(ids, id)
		if err := os.MkdirAll(filepath.Join(dir, id), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, id, "upload"), body, 0o666); err != nil {
			t.Fatal(err)
		}
		opts, _ := json.Marshal(exchange.BatchOptions{Op: "validate"})
		if err := st.PutJob(context.Background(), &store.Job{Kind: store.JobBatch, ID: id, Partner: "a", Created: now, State: state, Data: opts}); err != nil {
			t.Fatal(err)
		}
	}
	svc := exchange.New(st, batchConfig(t), exchange.WithBatchDir(dir), exchange.WithBatchRunner(batch.RunService))
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { svc.RunBatches(ctx); close(stopped) }()
	defer func() { cancel(); <-stopped }()

	a := exchange.Caller{Partner: "a"}
	for _, id := range ids {
		deadline := time.Now().Add(60 * time.Second)
		var j *exchange.BatchJob
		for {
			if j, err = svc.Batch(ctx, a, id); err != nil {
				t.Fatal(err)
			}
			if j.State == store.JobDone || j.State == store.JobFailed || time.Now().After(deadline) {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		if j.State != store.JobDone || j.Files != 1 || j.Op != "validate" {
			t.Fatalf("job %s: %+v, want done with 1 file", id, j)
		}
		rep, err := svc.BatchReport(ctx, a, id)
		if err != nil || bytes.Count(rep, []byte("\n")) != 1 {
			t.Fatalf("job %s report: %v %q", id, err, rep)
		}
		if _, err := svc.Batch(ctx, exchange.Caller{Partner: "b"}, id); exchange.KindOf(err) != exchange.KindNotFound {
			t.Errorf("another partner's job: %v, want not found", err)
		}
		if _, err := svc.Batch(ctx, exchange.Caller{Partner: "b", Admin: true}, id); err != nil {
			t.Errorf("an admin: %v", err)
		}
	}
}

// TestBatchStartRefused: what StartBatch refuses, and as what.
func TestBatchStartRefused(t *testing.T) {
	body := batchTar(t)
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	on := exchange.New(st, batchConfig(t), exchange.WithBatchDir(t.TempDir()), exchange.WithBatchRunner(batch.RunService))
	off := exchange.New(st, batchConfig(t))
	a := exchange.Caller{Partner: "a"}
	for _, tc := range []struct {
		name string
		svc  *exchange.Service
		body []byte
		o    exchange.BatchOptions
		want exchange.Kind
	}{
		{"no batch folder", off, body, exchange.BatchOptions{Op: "validate"}, exchange.KindUnavailable},
		{"unknown op", on, body, exchange.BatchOptions{Op: "sign"}, exchange.KindInvalid},
		{"convert without a target", on, body, exchange.BatchOptions{Op: "convert"}, exchange.KindInvalid},
		{"not an archive", on, []byte("1.001:"), exchange.BatchOptions{Op: "validate"}, exchange.KindUnsupported},
	} {
		if _, err := tc.svc.StartBatch(context.Background(), a, tc.body, tc.o); exchange.KindOf(err) != tc.want {
			t.Errorf("%s: %v, want kind %v", tc.name, err, tc.want)
		}
	}
	if _, err := on.BatchOutput(context.Background(), a, "0123456789abcdef0123456789ab", "x"); exchange.KindOf(err) != exchange.KindNotFound {
		t.Errorf("an unknown job's output: %v, want not found", err)
	}
}
