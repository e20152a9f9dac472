package exchange_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/biogate/biogate/audit"
	"github.com/biogate/biogate/convert"
	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/samples"
	"github.com/biogate/biogate/match/source"
	"github.com/biogate/biogate/nist"
	"github.com/biogate/biogate/store"
)

const fvc = "../../../shared/corpus/fingerprints/fvc2002-db1-b"

// fvcImage reads one FVC2002 DB1-B image (finger 101-110, impression
// 1-8), skipping the test when the corpus is absent.
func fvcImage(t testing.TB, finger, impression int) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fvc, fmt.Sprintf("%d_%d.tif", finger, impression)))
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("the FVC2002 DB1-B images are absent (%s)", fvc)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fingerTransaction wraps fingerprint images in a transaction of 1.004
// TOT tot (Type-1, one Type-14 per image), as an agency would send it.
func fingerTransaction(t testing.TB, tot, tcn string, images ...[]byte) []byte {
	t.Helper()
	var loose []convert.LooseImage
	for i, b := range images {
		fs, err := source.Load(b, nil)
		if err != nil || len(fs) != 1 {
			t.Fatalf("image %d: %v", i, err)
		}
		l := fs[0].Loose(fmt.Sprintf("image %d", i))
		l.Position = i + 1
		loose = append(loose, l)
	}
	tr, _, err := convert.WrapImages(loose, &convert.TransactionOptions{TypeOfTransaction: tot,
		Destination: "BIOGATE01", Originating: "AGENCY001", ControlNumber: tcn,
		Image: &convert.ImageOptions{Source: "AGENCY001", Date: "20261201"}})
	if err != nil {
		t.Fatal(err)
	}
	// 1.017 ANM, the agencies' names, as INT-I transactions carry them.
	tr.Records[0].SetSubfields(17, []string{"BIOGATE", "AGENCY ONE"})
	b, err := nist.Marshal(tr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fakeBackend is a matching backend whose "matcher" compares samples'
// bytes: a subject scores 100 per probe sample equal to one of its
// samples. Down makes every call fail as unavailable; it records the
// removals asked of it.
type fakeBackend struct {
	name  string
	caps  backend.Capabilities
	down  atomic.Bool
	calls atomic.Int32

	mu       sync.Mutex
	subjects map[string]map[string][]backend.Sample // gallery, subject
	removed  []string                               // gallery/subject
	probes   []string                               // formats of the samples searched
}

// probed returns the number of samples of format searched.
func (f *fakeBackend) probed(format string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, x := range f.probes {
		if x == format {
			n++
		}
	}
	return n
}

func newFake(name string, m ...backend.Modality) *fakeBackend {
	caps := backend.Capabilities{Modalities: m, Scores: true}
	for _, x := range m {
		switch x {
		case backend.Finger:
			caps.Formats = append(caps.Formats, backend.FingerMinutiae)
		case backend.Face:
			caps.Formats = append(caps.Formats, backend.FaceImage)
		case backend.Iris:
			caps.Formats = append(caps.Formats, backend.IrisImage)
		}
	}
	return &fakeBackend{name: name, caps: caps, subjects: map[string]map[string][]backend.Sample{}}
}

func (f *fakeBackend) Name() string                       { return "fake" }
func (f *fakeBackend) Capabilities() backend.Capabilities { return f.caps }
func (f *fakeBackend) Close() error                       { return nil }

func (f *fakeBackend) fail(op string) error {
	f.calls.Add(1)
	if f.down.Load() {
		return &backend.Error{Backend: "fake", Op: op, Err: backend.ErrUnavailable}
	}
	return nil
}

func (f *fakeBackend) Enrol(ctx context.Context, gallery, subject string, ss []backend.Sample) error {
	if err := f.fail("enrol"); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.subjects[gallery] == nil {
		f.subjects[gallery] = map[string][]backend.Sample{}
	}
	f.subjects[gallery][subject] = ss
	return nil
}

func (f *fakeBackend) Remove(ctx context.Context, gallery, subject string) error {
	if err := f.fail("remove"); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.subjects[gallery][subject]; !ok {
		return &backend.Error{Backend: "fake", Op: "remove", Err: backend.ErrNotFound}
	}
	delete(f.subjects[gallery], subject)
	f.removed = append(f.removed, gallery+"/"+subject)
	return nil
}

func (f *fakeBackend) score(probe, enrolled []backend.Sample) (float64, int) {
	s, pos := 0.0, 0
	for _, p := range probe {
		for _, e := range enrolled {
			if bytes.Equal(p.Data, e.Data) {
				s += 100
				pos = e.Position
			}
		}
	}
	return s, pos
}

func (f *fakeBackend) Identify(ctx context.Context, gallery string, probe []backend.Sample, k int) ([]backend.Candidate, error) {
	if err := f.fail("identify"); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, p := range probe {
		f.probes = append(f.probes, p.Format)
	}
	var out []backend.Candidate
	for subject, ss := range f.subjects[gallery] {
		if s, pos := f.score(probe, ss); s > 0 {
			out = append(out, backend.Candidate{Subject: subject, Score: s, Position: pos})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].Score > out[j].Score || out[i].Score == out[j].Score && out[i].Subject < out[j].Subject
	})
	if len(out) > k {
		out = out[:k]
	}
	return out, nil
}

func (f *fakeBackend) Verify(ctx context.Context, gallery, subject string, probe []backend.Sample) (*backend.Verification, error) {
	if err := f.fail("verify"); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	ss, ok := f.subjects[gallery][subject]
	if !ok {
		return nil, &backend.Error{Backend: "fake", Op: "verify", Err: backend.ErrNotFound}
	}
	s, _ := f.score(probe, ss)
	return &backend.Verification{Score: s, Match: s >= 100, Threshold: 100}, nil
}

func (f *fakeBackend) Health(ctx context.Context) (*backend.Health, error) {
	return &backend.Health{OK: !f.down.Load()}, nil
}

// enrolled reports whether the backend holds subject in gallery.
func (f *fakeBackend) enrolled(gallery, subject string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, ok := f.subjects[gallery][subject]
	return ok
}

// memAudit keeps the audit entries in memory.
type memAudit struct {
	mu      sync.Mutex
	entries []audit.Entry
}

func (a *memAudit) Append(e audit.Entry) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.entries = append(a.entries, e)
	return nil
}

// actions returns the actions audited with outcome ok, in order.
func (a *memAudit) actions() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []string
	for _, e := range a.entries {
		if e.Outcome == audit.OK {
			out = append(out, e.Action)
		}
	}
	return out
}

func (a *memAudit) count(action string) int {
	return len(slices.DeleteFunc(a.actions(), func(s string) bool { return s != action }))
}

// clock is a settable clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// harness is a service over a fresh store with the backends given.
type harness struct {
	svc   *exchange.Service
	st    *store.Bolt
	audit *memAudit
	clock *clock
}

func newHarness(t testing.TB, config string, bs ...exchange.NamedBackend) *harness {
	t.Helper()
	return newHarnessWith(t, config, nil, bs...)
}

// newHarnessWith is newHarness with more service options.
func newHarnessWith(t testing.TB, config string, opts []exchange.Option, bs ...exchange.NamedBackend) *harness {
	t.Helper()
	cfg, err := exchange.ParseConfig([]byte(config))
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	h := &harness{st: st, audit: &memAudit{}, clock: &clock{t: time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)}}
	opts = append([]exchange.Option{exchange.WithBackends(exchange.Backends(bs)), exchange.WithSampleBuilder(samples.FromInput),
		exchange.WithAudit(h.audit), exchange.WithClock(h.clock.now)}, opts...)
	h.svc = exchange.New(st, cfg, opts...)
	return h
}
