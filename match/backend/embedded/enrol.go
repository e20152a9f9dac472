package embedded

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/biogate/biogate/match"
	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/store"
)

// Enrol implements backend.Backend: the samples replace what the subject
// had in the gallery once the store has them on disk.
func (b *Backend) Enrol(ctx context.Context, gallery, subject string, samples []backend.Sample) error {
	if err := b.usable(ctx); err != nil {
		return b.fail("enrol", err)
	}
	if err := checkNames(gallery, subject); err != nil {
		return b.fail("enrol", err)
	}
	ps, err := prepare(samples)
	if err != nil {
		return b.fail("enrol", err)
	}
	e := &store.Enrolment{
		Space: store.SpaceEmbedded, Gallery: gallery, Subject: subject,
		Created: time.Now().UTC(), Backend: Name,
		Samples: make([]store.EnrolledSample, len(ps)),
	}
	es := make([]entry, len(ps))
	for i, p := range ps {
		data, err := minutiaeRecord(p.template)
		if err != nil {
			return b.fail("enrol", fmt.Errorf("%w: finger %d: %v", backend.ErrInvalidSample, i+1, err))
		}
		ix, _ := p.prepared.MarshalBinary()
		e.Samples[i] = store.EnrolledSample{Format: backend.FingerMinutiae, Position: p.position, Data: data, Index: ix}
		es[i] = entry{key: match.Key{Subject: subject, Finger: i}, position: p.position, prepared: p.prepared}
	}
	unlock := b.lock(gallery, subject)
	defer unlock()
	if err := b.st.PutEnrolment(ctx, e); err != nil {
		return b.fail("enrol", storeError(err))
	}
	b.gallery(gallery, true).set(subject, es)
	return nil
}

// Remove implements backend.Backend.
func (b *Backend) Remove(ctx context.Context, gallery, subject string) error {
	if err := b.usable(ctx); err != nil {
		return b.fail("remove", err)
	}
	if err := checkNames(gallery, subject); err != nil {
		return b.fail("remove", err)
	}
	unlock := b.lock(gallery, subject)
	defer unlock()
	if err := b.st.DeleteEnrolment(ctx, store.SpaceEmbedded, gallery, subject); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return b.fail("remove", fmt.Errorf("%w: subject %q in gallery %q", backend.ErrNotFound, subject, gallery))
		}
		return b.fail("remove", storeError(err))
	}
	if ix := b.gallery(gallery, false); ix != nil {
		ix.remove(subject)
	}
	return nil
}

// usable reports why the backend cannot serve a request: closed, or the
// request's context done.
func (b *Backend) usable(ctx context.Context) error {
	if b.closed.Load() {
		return fmt.Errorf("%w: closed", backend.ErrUnavailable)
	}
	return ctx.Err()
}

// storeError marks a store failure as unavailable (retryable) unless it
// is the caller's context ending.
func storeError(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("%w: store: %w", backend.ErrUnavailable, err)
}
