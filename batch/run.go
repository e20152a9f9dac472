package batch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/biogate/biogate/internal/atomicfile"
)

// The files Run writes in the output folder besides the outputs.
const (
	ReportName      = "report.jsonl"
	SummaryName     = "summary.json"
	SummaryHTMLName = "summary.html"
)

// Run applies j to every file of its sources with j.Jobs workers and
// returns the summary. Every file gets one line in report.jsonl. An
// error says the batch could not run (a bad Job, a source or the output
// folder that cannot be used); a file that fails is only its outcome.
// When ctx is cancelled the files in progress are abandoned (they are
// redone by the next run), the journal is synced, the report and the
// summary of what was done are written, and the summary is returned with
// ctx's error.
func Run(ctx context.Context, j Job) (*Summary, error) {
	j, err := j.withDefaults()
	if err != nil {
		return nil, err
	}
	sources, err := sourcesOf(j)
	if err != nil {
		return nil, err
	}
	if err := checkSources(sources); err != nil {
		return nil, err
	}
	proc := newProcessor(j)
	if err := proc.check(ctx); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(j.Out, 0o777); err != nil {
		return nil, jobErrorf("output folder: %v", err)
	}
	out, err := filepath.Abs(j.Out)
	if err != nil {
		return nil, jobErrorf("output folder: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, JournalName)); err == nil {
		// A run before this one: what it left half written goes.
		if err := removeStaleTemps(out); err != nil {
			return nil, jobErrorf("output folder: %v", err)
		}
	}
	jn, err := openJournal(filepath.Join(out, JournalName), j.key())
	if err != nil {
		return nil, jobErrorf("journal: %v", err)
	}
	report, err := atomicfile.Create(filepath.Join(out, ReportName), 0o666)
	if err != nil {
		jn.close()
		return nil, jobErrorf("report: %v", err)
	}
	defer report.Abort()

	start := time.Now()
	r := &runner{job: j, out: out, journal: jn, proc: proc, summary: newSummary(j.Op),
		report: json.NewEncoder(report), progress: newProgress(j.Progress, j.Terminal, j.ProgressEvery)}
	go func() { r.progress.totalBytes.Store(totalSize(ctx, sources, out)) }()
	r.progress.show()

	items := make(chan item, j.Jobs)
	var enumErr error
	go func() {
		defer close(items)
		e := &enumerator{job: j, out: out, items: items}
		enumErr = e.run(ctx, sources)
	}()
	var wg sync.WaitGroup
	for range j.Jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range items {
				r.handle(ctx, it)
			}
		}()
	}
	wg.Wait()
	r.progress.end()

	err = errors.Join(r.err, jn.close())
	r.summary.Interrupted = ctx.Err() != nil
	r.summary.finish(start)
	if err == nil {
		err = report.Commit()
	}
	if err == nil {
		err = writeSummary(out, r.summary)
	}
	if err != nil {
		return r.summary, jobErrorf("%v", err)
	}
	if ctx.Err() != nil {
		return r.summary, ctx.Err()
	}
	if enumErr != nil {
		return r.summary, jobErrorf("%v", enumErr)
	}
	return r.summary, nil
}

// runner is the state a Run's workers share.
type runner struct {
	job      Job
	out      string
	journal  *journal
	proc     *processor
	progress *progress

	mu      sync.Mutex // guards what follows
	summary *Summary
	report  *json.Encoder
	err     error // the first error writing the report or the journal
}

// handle processes one item and records it. A file abandoned because
// ctx is done is not recorded: the next run does it.
func (r *runner) handle(ctx context.Context, it item) {
	if ctx.Err() != nil {
		return
	}
	t0 := time.Now()
	res := &result{rel: it.rel, rec: Record{Source: it.source, Size: it.size, Format: "unknown"}}
	journaled := true
	switch {
	case it.skip != "":
		res.skip(it.skip)
	case it.err != "":
		res.rec.Outcome, res.rec.Reason = Failed, it.err
		journaled = false // it may read next time
	default:
		b := it.data
		if it.path != "" {
			var reason string
			b, reason = r.read(it.path)
			if reason != "" {
				res.rec.Outcome, res.rec.Reason = Failed, reason
				journaled = false
				break
			}
		}
		res.rec.Size = int64(len(b))
		sum := sha256.Sum256(b)
		res.rec.SHA256 = hex.EncodeToString(sum[:])
		if done, ok := r.journal.lookup(it.source, sum); ok && r.outputExists(done) {
			done.Resumed = true
			r.record(&done, false)
			return
		}
		r.proc.process(ctx, b, res)
		if ctx.Err() != nil {
			return
		}
		if res.body != nil {
			name := outputName(it.rel, res.ext)
			if err := r.taken(it, name); err != nil {
				res.rec.Outcome, res.rec.Reason = Failed, err.Error()
			} else if err := r.write(name, res.body); err != nil {
				res.rec.Outcome, res.rec.Reason = Failed, "writing the output: "+err.Error()
				journaled = false
			} else {
				res.rec.Output = filepath.ToSlash(name)
			}
		}
	}
	res.rec.Millis = time.Since(t0).Milliseconds()
	r.record(&res.rec, journaled)
}

// taken refuses an output name that a file beside the source would also
// write: outputName keeps "X.xml" for the source X.xml and gives X the
// name "X.xml" too. The check is made where the sibling can be seen (a
// folder); what decides is the source's own name, so reruns agree.
func (r *runner) taken(it item, name string) error {
	if it.path == "" || filepath.Base(name) == filepath.Base(it.rel) {
		return nil
	}
	sibling := filepath.Join(filepath.Dir(it.path), filepath.Base(name))
	if fi, err := os.Stat(sibling); err == nil && fi.Mode().IsRegular() {
		return fmt.Errorf("its output %s would be that of %s beside it; rename one of them", filepath.ToSlash(name), sibling)
	}
	return nil
}

// read reads a file whole, or refuses it past the size cap.
func (r *runner) read(p string) ([]byte, string) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err.Error()
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > r.job.MaxFileSize {
		return nil, tooLarge(fi.Size(), r.job.MaxFileSize)
	}
	return readCapped(f, r.job.MaxFileSize)
}

// outputExists tells whether a journaled file's output is still there.
func (r *runner) outputExists(rec Record) bool {
	if rec.Output == "" {
		return true
	}
	_, err := os.Stat(filepath.Join(r.out, filepath.FromSlash(rec.Output)))
	return err == nil
}

// write puts an output in place atomically, with ordinary permissions.
func (r *runner) write(name string, body []byte) error {
	p := filepath.Join(r.out, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
		return err
	}
	return atomicfile.WriteFile(p, body, 0o666)
}

// record writes a file's report line (and journal entry) and counts it.
func (r *runner) record(rec *Record, journaled bool) {
	var err error
	if journaled {
		err = r.journal.add(r.job.key(), *rec)
	}
	r.progress.count(rec)
	r.mu.Lock()
	defer r.mu.Unlock()
	if err == nil {
		err = r.report.Encode(rec)
	}
	if err != nil && r.err == nil {
		r.err = err
	}
	r.summary.add(rec)
	if r.job.observe != nil {
		r.job.observe(*rec)
	}
}

// writeSummary writes summary.json and summary.html.
func writeSummary(out string, s *Summary) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFile(filepath.Join(out, SummaryName), append(b, '\n'), 0o666); err != nil {
		return err
	}
	f, err := atomicfile.Create(filepath.Join(out, SummaryHTMLName), 0o666)
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := writeHTML(f, s); err != nil {
		return fmt.Errorf("summary.html: %w", err)
	}
	return f.Commit()
}

// totalSize is the bytes of every source on disk (folders walked), for
// the progress display's ETA; 0 when ctx ends first.
func totalSize(ctx context.Context, sources []source, out string) int64 {
	var total int64
	for _, s := range sources {
		filepath.WalkDir(s.path, func(q string, d fs.DirEntry, err error) error {
			if err != nil || ctx.Err() != nil {
				return ctx.Err()
			}
			if d.IsDir() {
				if abs, _ := filepath.Abs(q); abs == out {
					return filepath.SkipDir
				}
				return nil
			}
			if fi, err := d.Info(); err == nil && fi.Mode().IsRegular() {
				total += fi.Size()
			}
			return nil
		})
	}
	return total
}
