// Package embedded is the default matching backend: Biogate's pure-Go
// minutiae extractor and matcher (packages match/extract and match), with
// its templates kept in a store.Galleries (space store.SpaceEmbedded) and
// an in-memory index rebuilt from them at start.
//
// Enrol decodes each sample (a 19794-2:2011 minutiae record is read as it
// is; a 19794-4:2011 finger image record has its minutiae extracted),
// prepares it (match.Prepare) and writes the enrolment, each sample with
// its prepared form (Prepared.MarshalBinary), durably to the store before
// it updates the index and returns: an acknowledged enrolment survives a
// crash, and New rebuilds the index from the prepared forms without
// extracting or preparing again.
//
// Finger positions: a gallery's index holds one match.Gallery per finger
// position (1-10, ANSI/NIST-ITL Table 8; the plain thumbs 11 and 12 count
// as 1 and 6) and one for samples of unknown position (0, and the
// multiple-finger codes 13-15 and up). A probe sample of a known position
// is compared with that position's gallery and the unknown one only; a
// probe of unknown position with every one. A subject's fingers are thus
// never compared with another finger of the probe when both sides say
// which finger they are, and the search of a ten-print probe costs about
// what one search of the whole gallery costs, not ten.
//
// Scores and fusion: a comparison scores in [0, 1] (match.Score). A
// search with several probe samples fuses them per subject by the sum
// rule: each probe sample's best score against the subject's enrolled
// samples, summed over the probe samples. With one probe sample this is
// the subject's best score, and the candidates are those of
// match.Gallery.Search. A 1:1 verification computes the same fused score
// for the one subject and accepts it when it is at least Threshold times
// the number of probe samples that had an enrolled sample to compare with
// (that is, when the mean is at least Threshold), so that the default
// Threshold keeps its meaning for any number of probe samples.
package embedded

import (
	"context"
	"fmt"
	"hash/maphash"
	"log/slog"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/store"
)

// Name is the backend's kind.
const Name = "embedded"

// DefaultThreshold is the verification threshold when Options.Threshold
// is 0: the score at which the seven FVC sets of the corpus, pooled
// (3,920 genuine and 40,320 impostor comparisons of Biogate's own
// templates), give a false match rate of 0.1 % (FNMR 9.6 %), the
// operating point measured in issue 12 and given in README.md, "Threshold
// guidance".
const DefaultThreshold = 0.0293

// Options tune the backend; the zero value gives the defaults.
type Options struct {
	// Threshold is the score at or above which a verification matches
	// (DefaultThreshold when 0).
	Threshold float64
	// Workers is the number of goroutines a search and the rebuild use
	// (runtime.GOMAXPROCS(0) when 0).
	Workers int
	// Log receives the rebuild's figures (slog.Default() when nil).
	Log *slog.Logger
}

// Backend is the embedded matching backend; it is safe for concurrent
// use.
type Backend struct {
	st        store.Galleries
	threshold float64
	workers   int
	log       *slog.Logger

	mu        sync.RWMutex
	galleries map[string]*index

	// locks serialise the store write and the index update of one
	// subject (hashed over the stripes), so that concurrent enrolments of
	// the same subject leave the index as the store has it.
	locks [256]sync.Mutex
	seed  maphash.Seed

	closed atomic.Bool
}

var _ backend.Backend = (*Backend)(nil)

// New opens the embedded backend over st and rebuilds its index from the
// enrolments st holds (see Rebuild), logging the time it took.
func New(st store.Galleries, o Options) (*Backend, error) {
	if o.Threshold < 0 || o.Threshold > 1 {
		return nil, fmt.Errorf("embedded backend: threshold %v is outside [0, 1]", o.Threshold)
	}
	b := &Backend{
		st: st, threshold: o.Threshold, workers: o.Workers, log: o.Log,
		galleries: map[string]*index{}, seed: maphash.MakeSeed(),
	}
	if b.threshold == 0 {
		b.threshold = DefaultThreshold
	}
	if b.workers <= 0 {
		b.workers = runtime.GOMAXPROCS(0)
	}
	if b.log == nil {
		b.log = slog.Default()
	}
	if _, err := b.Rebuild(context.Background()); err != nil {
		return nil, err
	}
	return b, nil
}

// Name implements backend.Backend.
func (b *Backend) Name() string { return Name }

// Capabilities implements backend.Backend: fingers, as minutiae records
// (preferred: no extraction here) or finger image records.
func (b *Backend) Capabilities() backend.Capabilities {
	return backend.Capabilities{
		Modalities: []backend.Modality{backend.Finger},
		Formats:    []string{backend.FingerMinutiae, backend.FingerImage},
		Scores:     true,
	}
}

// Threshold returns the verification threshold in use.
func (b *Backend) Threshold() float64 { return b.threshold }

// Health implements backend.Backend: the subjects of each gallery.
func (b *Backend) Health(ctx context.Context) (*backend.Health, error) {
	if b.closed.Load() {
		return nil, b.fail("health", backend.ErrUnavailable)
	}
	h := &backend.Health{OK: true, Subjects: map[string]int{}}
	b.mu.RLock()
	names := make([]string, 0, len(b.galleries))
	total := 0
	for name, ix := range b.galleries {
		n := ix.subjectCount()
		if n == 0 {
			continue
		}
		h.Subjects[name] = n
		names = append(names, name)
		total += n
	}
	b.mu.RUnlock()
	sort.Strings(names)
	h.Detail = fmt.Sprintf("%d subjects in %d galleries", total, len(names))
	return h, nil
}

// Close implements backend.Backend. It releases the index; the store is
// the caller's to close.
func (b *Backend) Close() error {
	b.closed.Store(true)
	b.mu.Lock()
	b.galleries = map[string]*index{}
	b.mu.Unlock()
	return nil
}

// fail wraps err as the backend's error for op.
func (b *Backend) fail(op string, err error) error {
	return &backend.Error{Backend: Name, Op: op, Err: err}
}

// gallery returns the index of a gallery, creating it when create is
// set (nil when absent otherwise).
func (b *Backend) gallery(name string, create bool) *index {
	b.mu.RLock()
	ix := b.galleries[name]
	b.mu.RUnlock()
	if ix != nil || !create {
		return ix
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if ix = b.galleries[name]; ix == nil {
		ix = newIndex(b.workers)
		b.galleries[name] = ix
	}
	return ix
}

// lock locks the stripe of one subject of a gallery and returns its
// unlock.
func (b *Backend) lock(gallery, subject string) func() {
	var h maphash.Hash
	h.SetSeed(b.seed)
	h.WriteString(gallery)
	h.WriteByte(0)
	h.WriteString(subject)
	m := &b.locks[h.Sum64()%uint64(len(b.locks))]
	m.Lock()
	return m.Unlock
}

// checkNames refuses empty names and names holding NUL (which the store
// uses to separate key parts).
func checkNames(names ...string) error {
	for _, n := range names {
		if n == "" || strings.IndexByte(n, 0) >= 0 {
			return fmt.Errorf("gallery and subject names are not empty and hold no NUL: %q", n)
		}
	}
	return nil
}
