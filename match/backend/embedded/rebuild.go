package embedded

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/biogate/biogate/match"
	"github.com/biogate/biogate/match/input"
	"github.com/biogate/biogate/store"
)

// RebuildStats are the figures of a rebuild.
type RebuildStats struct {
	Galleries, Subjects, Templates int
	// Prepared counts the templates prepared again from their minutiae
	// record because their stored prepared form could not be read (an
	// older or damaged form).
	Prepared int
	Elapsed  time.Duration
}

// Rebuild loads every enrolment of the store's embedded space into a new
// index, decoding the prepared forms on Workers goroutines, replaces the
// backend's index with it and logs the figures. New calls it; enrolments
// made while it runs may be missing from the new index.
func (b *Backend) Rebuild(ctx context.Context) (RebuildStats, error) {
	start := time.Now()
	galleries := map[string]*index{}
	var st RebuildStats
	var mu sync.Mutex // guards galleries and st
	work := make(chan *store.Enrolment, 4*b.workers)
	errs := make(chan error, b.workers)
	var wg sync.WaitGroup
	for range b.workers {
		wg.Go(func() {
			for e := range work {
				es, again, err := entriesOf(e)
				if err != nil {
					select {
					case errs <- err:
					default:
					}
					continue
				}
				mu.Lock()
				ix := galleries[e.Gallery]
				if ix == nil {
					ix = newIndex(b.workers)
					galleries[e.Gallery] = ix
					st.Galleries++
				}
				st.Subjects++
				st.Templates += len(es)
				st.Prepared += again
				mu.Unlock()
				ix.set(e.Subject, es)
			}
		})
	}
	err := b.st.Enrolments(ctx, store.SpaceEmbedded, "", func(e *store.Enrolment) error {
		select {
		case work <- e:
			return nil
		case err := <-errs:
			return err
		}
	})
	close(work)
	wg.Wait()
	if err == nil {
		select {
		case err = <-errs:
		default:
		}
	}
	if err != nil {
		return st, fmt.Errorf("embedded backend: rebuilding the index: %w", err)
	}
	b.mu.Lock()
	b.galleries = galleries
	b.mu.Unlock()
	st.Elapsed = time.Since(start)
	b.log.Info("embedded matcher index rebuilt", "galleries", st.Galleries, "subjects", st.Subjects,
		"templates", st.Templates, "prepared_again", st.Prepared, "elapsed", st.Elapsed,
		"templates_per_s", float64(st.Templates)/max(st.Elapsed.Seconds(), 1e-9))
	return st, nil
}

// entriesOf decodes a stored enrolment's samples: the prepared form, or
// when it cannot be read, the minutiae record prepared again (again
// counts those).
func entriesOf(e *store.Enrolment) ([]entry, int, error) {
	es := make([]entry, len(e.Samples))
	again := 0
	for i, s := range e.Samples {
		p := new(match.Prepared)
		if err := p.UnmarshalBinary(s.Index); err != nil {
			items, ierr := input.Templates(s.Data, nil)
			if len(items) != 1 {
				return nil, 0, fmt.Errorf("gallery %q subject %q sample %d: prepared form: %v; minutiae record: %v", e.Gallery, e.Subject, i+1, err, ierr)
			}
			p = match.Prepare(items[0].Template)
			again++
		}
		es[i] = entry{key: match.Key{Subject: e.Subject, Finger: i}, position: s.Position, prepared: p}
	}
	return es, again, nil
}
