package mosip_test

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/biogate/biogate/store"
)

// memGalleries is an in-memory store.Galleries for these tests (the
// bbolt one lives in package store).
type memGalleries struct {
	mu sync.Mutex
	m  map[string]*store.Enrolment // space \x00 gallery \x00 subject
}

func newMemGalleries() *memGalleries { return &memGalleries{m: map[string]*store.Enrolment{}} }

func key(space, gallery, subject string) string { return space + "\x00" + gallery + "\x00" + subject }

func (g *memGalleries) PutEnrolment(_ context.Context, e *store.Enrolment) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	c := *e
	g.m[key(e.Space, e.Gallery, e.Subject)] = &c
	return nil
}

func (g *memGalleries) Enrolment(_ context.Context, space, gallery, subject string) (*store.Enrolment, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	e, ok := g.m[key(space, gallery, subject)]
	if !ok {
		return nil, store.ErrNotFound
	}
	c := *e
	return &c, nil
}

func (g *memGalleries) DeleteEnrolment(_ context.Context, space, gallery, subject string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	k := key(space, gallery, subject)
	if _, ok := g.m[k]; !ok {
		return store.ErrNotFound
	}
	delete(g.m, k)
	return nil
}

func (g *memGalleries) Enrolments(_ context.Context, space, gallery string, fn func(*store.Enrolment) error) error {
	g.mu.Lock()
	var keys []string
	prefix := space + "\x00"
	if gallery != "" {
		prefix += gallery + "\x00"
	}
	for k := range g.m {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	list := make([]*store.Enrolment, len(keys))
	for i, k := range keys {
		c := *g.m[k]
		list[i] = &c
	}
	g.mu.Unlock()
	for _, e := range list {
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

func (g *memGalleries) EnrolmentsOf(_ context.Context, transaction string) ([]*store.Enrolment, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []*store.Enrolment
	for _, e := range g.m {
		if e.Transaction == transaction {
			c := *e
			out = append(out, &c)
		}
	}
	return out, nil
}
