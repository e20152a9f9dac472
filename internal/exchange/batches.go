package exchange

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path"
	"path/filepath"
	"sync"
	"time"

	"github.com/biogate/biogate/audit"
	"github.com/biogate/biogate/store"
)

// Batch jobs (issue 14, item 3): a partner uploads a tar or zip archive,
// the service runs one batch operation over it in the background, and the
// job, kept in store.Jobs (kind store.JobBatch), survives a restart.

// BatchRunner runs one batch over the archive at archive, writing its
// outputs, journal, report.jsonl and summary.json under out. Package
// batch provides it (batch.RunService); exchange cannot import batch,
// which imports exchange.
type BatchRunner func(ctx context.Context, archive, out string, o BatchOptions) error

// BatchOptions is what a batch job does (its store.Job Data).
type BatchOptions struct {
	Op      string `json:"op"` // validate, convert or modernise
	To      string `json:"to,omitempty"`
	Dialect string `json:"dialect,omitempty"`
	Profile string `json:"profile,omitempty"`
}

// BatchJob is what a partner sees of a batch job.
type BatchJob struct {
	ID      string    `json:"id"`
	Op      string    `json:"op"`
	State   string    `json:"state"` // pending, running, done or failed
	Created time.Time `json:"created"`
	// Files counts the files done so far (all of them once done);
	// ByOutcome counts them by outcome once the job is done.
	Files     int            `json:"files"`
	ByOutcome map[string]int `json:"byOutcome,omitempty"`
	Error     string         `json:"error,omitempty"`
}

// BatchRunning is the state of a batch job being run; one found so at
// start was interrupted and is resumed.
const BatchRunning = "running"

// Names inside a job's folder (DATA/batches/ID).
const (
	batchUpload  = "upload" // the archive as uploaded
	batchOut     = "out"    // the batch's output folder
	batchSummary = "summary.json"
	batchReport  = "report.jsonl"
	batchJournal = "journal.jsonl"
	// maxBatchOutput caps an output file read back (batch.DefaultMaxFileSize).
	maxBatchOutput = 256 << 20
)

// batches is the service's batch state.
type batches struct {
	dir  string
	run  BatchRunner
	sem  chan struct{} // one batch at a time: the service stays responsive
	mu   sync.Mutex
	ctx  context.Context // the runs' context (RunBatches'); Background before
	work sync.WaitGroup
	// stopping is set, under mu, once RunBatches' context is done: no
	// launch passes it, so work.Wait sees every launch that did.
	stopping bool
}

// WithBatchDir sets the folder batch jobs keep their uploads and outputs
// in (DATA/batches); without it StartBatch is unavailable.
func WithBatchDir(dir string) Option { return func(s *Service) { s.batch.dir = dir } }

// WithBatchRunner sets what runs a batch (batch.RunService).
func WithBatchRunner(r BatchRunner) Option { return func(s *Service) { s.batch.run = r } }

func (s *Service) batchReady() error {
	if s.batch.dir == "" || s.batch.run == nil {
		return errorf(KindUnavailable, "this service runs no batch jobs (no batch folder or runner configured)")
	}
	return nil
}

func (o BatchOptions) check() error {
	switch o.Op {
	case "validate", "modernise":
	case "convert":
		if o.To == "" {
			return errorf(KindInvalid, "batch convert needs a target format (to)")
		}
	default:
		return errorf(KindInvalid, "batch operation %q is not validate, convert or modernise", o.Op)
	}
	return nil
}

// isArchive tells a tar (POSIX ustar magic at offset 257), gzip (RFC 1952
// ID1 ID2, a tar.gz) or zip (APPNOTE 4.3.7 signatures) body.
func isArchive(b []byte) bool {
	return bytes.HasPrefix(b, []byte{0x1f, 0x8b}) ||
		len(b) >= 262 && string(b[257:262]) == "ustar" ||
		bytes.HasPrefix(b, []byte("PK\x03\x04")) || bytes.HasPrefix(b, []byte("PK\x05\x06"))
}

// StartBatch keeps body (a tar, tar.gz or zip archive) under the batch
// folder, writes the job durably (pending) and runs it in the background.
func (s *Service) StartBatch(ctx context.Context, c Caller, body []byte, o BatchOptions) (*BatchJob, error) {
	if err := s.batchReady(); err != nil {
		return nil, err
	}
	if err := o.check(); err != nil {
		return nil, err
	}
	if !isArchive(body) {
		archive, ok, err := s.storedArchive(ctx, c, body)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errorf(KindUnsupported, `a batch body must be a tar, tar.gz or zip archive, or {"transactions": [stored ids]}`)
		}
		body = archive
	}
	js, err := s.jobs()
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	id := store.NewID(now)
	dir := filepath.Join(s.batch.dir, id)
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, &Error{Kind: KindUnavailable, Msg: "the batch folder cannot be written", Err: err}
	}
	if err := writeSynced(filepath.Join(dir, batchUpload), body); err != nil {
		os.RemoveAll(dir)
		return nil, &Error{Kind: KindUnavailable, Msg: "the upload cannot be kept", Err: err}
	}
	data, _ := json.Marshal(o)
	j := &store.Job{Kind: store.JobBatch, ID: id, Partner: c.Partner, Created: now, State: store.JobPending, Data: data}
	if err := js.PutJob(ctx, j); err != nil {
		os.RemoveAll(dir)
		return nil, storeError(err, "batch job "+id)
	}
	if err := s.Audit(audit.Entry{Actor: c.Partner, Action: "batch-start", Transaction: id, Outcome: audit.OK}); err != nil {
		return nil, err
	}
	if s.queue != nil {
		s.announce(ctx, store.JobBatch, id) // the node with the upload (or any, on a shared folder) runs it
	} else {
		s.launchBatch(id)
	}
	return s.batchJob(j), nil
}

// writeSynced writes name durably (the job is written after it).
func writeSynced(name string, b []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o666)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	return errors.Join(err, f.Close())
}

func (s *Service) batchContext() context.Context {
	s.batch.mu.Lock()
	defer s.batch.mu.Unlock()
	if s.batch.ctx == nil {
		return context.Background()
	}
	return s.batch.ctx
}

// batchSem is the node's batch slot: one batch at a time.
func (s *Service) batchSem() chan struct{} {
	s.batch.mu.Lock()
	defer s.batch.mu.Unlock()
	return s.batchSemLocked()
}

func (s *Service) batchSemLocked() chan struct{} {
	if s.batch.sem == nil {
		s.batch.sem = make(chan struct{}, 1)
	}
	return s.batch.sem
}

func (s *Service) launchBatch(id string) {
	s.batch.mu.Lock()
	if s.batch.stopping || s.batch.ctx != nil && s.batch.ctx.Err() != nil {
		// RunBatches is stopping: the job stays pending, resumed at the
		// next start.
		s.batch.mu.Unlock()
		return
	}
	sem := s.batchSemLocked()
	s.batch.work.Add(1)
	s.batch.mu.Unlock()
	go func() {
		defer s.batch.work.Done()
		ctx := s.batchContext()
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return
		}
		defer func() { <-sem }()
		if err := s.runBatch(ctx, id); err != nil && ctx.Err() == nil {
			s.log.Error("batch job", "id", id, "error", err)
		}
	}()
}

// runBatch runs one job to its end and writes its outcome. A run that
// ctx interrupts leaves the job running, resumed by RunBatches.
func (s *Service) runBatch(ctx context.Context, id string) error {
	if !s.claim(store.JobBatch, id) {
		return nil
	}
	defer s.release(store.JobBatch, id)
	js, err := s.jobs()
	if err != nil {
		return err
	}
	j, err := js.Job(ctx, store.JobBatch, id)
	if err != nil {
		return storeError(err, "batch job "+id)
	}
	if j.State != store.JobPending && j.State != BatchRunning {
		return nil
	}
	var o BatchOptions
	if err := json.Unmarshal(j.Data, &o); err != nil {
		return errorf(KindInvalid, "batch job %s: its options do not read: %v", id, err)
	}
	j.State = BatchRunning
	if err := js.PutJob(ctx, j); err != nil {
		return storeError(err, "batch job "+id)
	}
	dir := filepath.Join(s.batch.dir, id)
	work := s.batch.run(ctx, filepath.Join(dir, batchUpload), filepath.Join(dir, batchOut), o)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	outcome, reason := audit.OK, ""
	j.State = store.JobDone
	if work != nil {
		j.State, j.Error = store.JobFailed, work.Error()
		outcome, reason = audit.Failed, work.Error()
	}
	if err := js.PutJob(context.WithoutCancel(ctx), j); err != nil {
		return storeError(err, "batch job "+id)
	}
	s.Audit(audit.Entry{Actor: ServiceActor, Action: "batch-done", Transaction: id, To: j.Partner, Outcome: outcome, Reason: reason})
	return nil
}

// RunBatches resumes the batch jobs pending or running (a restart
// interrupted them; batch's journal makes the rerun skip finished files),
// runs the jobs StartBatch starts under ctx, and returns once ctx is done
// and the runs have stopped.
func (s *Service) RunBatches(ctx context.Context) error {
	if err := s.batchReady(); err != nil {
		return err
	}
	s.batch.mu.Lock()
	s.batch.ctx = ctx
	s.batch.mu.Unlock()
	if s.queue != nil {
		// The queue's workers run the batches (DoJob); RunSearches'
		// first sweep announces those a stopped node left.
		<-ctx.Done()
		return ctx.Err()
	}
	js, err := s.jobs()
	if err != nil {
		return err
	}
	var ids []string
	err = js.Jobs(ctx, store.JobBatch, func(j *store.Job) error {
		if j.State == store.JobPending || j.State == BatchRunning {
			ids = append(ids, j.ID)
		}
		return nil
	})
	if err != nil {
		return storeError(err, "batch jobs")
	}
	for _, id := range ids {
		s.launchBatch(id)
	}
	<-ctx.Done()
	s.batch.mu.Lock()
	s.batch.stopping = true // no launch after this one
	s.batch.mu.Unlock()
	s.batch.work.Wait()
	return ctx.Err()
}

// batchOf returns the caller's job: another partner's is not found.
func (s *Service) batchOf(ctx context.Context, c Caller, id string) (*store.Job, error) {
	if err := s.batchReady(); err != nil {
		return nil, err
	}
	if !store.ValidID(id) {
		return nil, errorf(KindNotFound, "batch job %s not found", id)
	}
	js, err := s.jobs()
	if err != nil {
		return nil, err
	}
	j, err := js.Job(ctx, store.JobBatch, id)
	if err != nil {
		return nil, storeError(err, "batch job "+id)
	}
	if j.Partner != c.Partner && !c.Admin {
		return nil, errorf(KindNotFound, "batch job %s not found", id)
	}
	return j, nil
}

// Batch reports a job's state and progress.
func (s *Service) Batch(ctx context.Context, c Caller, id string) (*BatchJob, error) {
	j, err := s.batchOf(ctx, c, id)
	if err != nil {
		return nil, err
	}
	return s.batchJob(j), nil
}

// batchJob reads a job's progress: the summary once done, else the
// journal's lines (one a finished file).
func (s *Service) batchJob(j *store.Job) *BatchJob {
	var o BatchOptions
	_ = json.Unmarshal(j.Data, &o)
	b := &BatchJob{ID: j.ID, Op: o.Op, State: j.State, Created: j.Created, Error: string(s.batchPublic(j.ID, []byte(j.Error)))}
	out := filepath.Join(s.batch.dir, j.ID, batchOut)
	if j.State == store.JobDone || j.State == store.JobFailed {
		var sum struct {
			Files     int            `json:"files"`
			ByOutcome map[string]int `json:"by_outcome"`
		}
		if raw, err := os.ReadFile(filepath.Join(out, batchSummary)); err == nil && json.Unmarshal(raw, &sum) == nil {
			b.Files, b.ByOutcome = sum.Files, sum.ByOutcome
			return b
		}
	}
	b.Files = countLines(filepath.Join(out, batchJournal))
	return b
}

// countLines counts the complete lines of a file (0 when absent).
func countLines(name string) int {
	f, err := os.Open(name)
	if err != nil {
		return 0
	}
	defer f.Close()
	n, buf := 0, make([]byte, 64<<10)
	for {
		k, err := f.Read(buf)
		n += bytes.Count(buf[:k], []byte{'\n'})
		if err != nil {
			return n
		}
	}
}

// BatchReport returns a job's report.jsonl (one JSON line a file), once
// the job has written it.
func (s *Service) BatchReport(ctx context.Context, c Caller, id string) ([]byte, error) {
	j, err := s.batchOf(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if j.State != store.JobDone && j.State != store.JobFailed {
		return nil, errorf(KindNotFound, "batch job %s has no report yet (it is %s)", id, j.State)
	}
	b, err := s.readBatchFile(id, batchReport)
	if err != nil {
		return nil, err
	}
	return s.batchPublic(id, b), nil
}

// batchPublic names the upload "upload" where b (report lines, an error)
// names it by its path on the server: the partner learns nothing of the
// service's folders.
func (s *Service) batchPublic(id string, b []byte) []byte {
	abs, err := filepath.Abs(filepath.Join(s.batch.dir, id, batchUpload))
	if err != nil {
		return b
	}
	quoted, _ := json.Marshal(abs)
	b = bytes.ReplaceAll(b, quoted[1:len(quoted)-1], []byte(batchUpload))
	return bytes.ReplaceAll(b, []byte(abs), []byte(batchUpload))
}

// BatchOutput returns one file of a job's output folder; p is cleaned
// and must stay inside the folder (os.Root refuses any escape, symbolic
// links included).
func (s *Service) BatchOutput(ctx context.Context, c Caller, id, p string) ([]byte, error) {
	if _, err := s.batchOf(ctx, c, id); err != nil {
		return nil, err
	}
	clean := path.Clean("/" + p)[1:]
	if clean == "" || clean != path.Clean(p) {
		return nil, errorf(KindInvalid, "output path %q is not a path inside the job's output folder", p)
	}
	return s.readBatchFile(id, clean)
}

func (s *Service) readBatchFile(id, name string) ([]byte, error) {
	root, err := os.OpenRoot(filepath.Join(s.batch.dir, id, batchOut))
	if err != nil {
		return nil, errorf(KindNotFound, "batch job %s has no outputs yet", id)
	}
	defer root.Close()
	f, err := root.Open(filepath.FromSlash(name))
	if err != nil {
		return nil, errorf(KindNotFound, "batch job %s has no output %q", id, name)
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return nil, errorf(KindNotFound, "batch job %s has no output file %q", id, name)
	}
	b, err := io.ReadAll(io.LimitReader(f, maxBatchOutput+1))
	if err != nil {
		return nil, &Error{Kind: KindUnavailable, Msg: "the output cannot be read", Err: err}
	}
	if len(b) > maxBatchOutput {
		return nil, errorf(KindUnsupported, "batch output %q is larger than %d bytes", name, maxBatchOutput)
	}
	return b, nil
}
