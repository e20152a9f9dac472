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
	ss, es, err := prepareEnrolment(subject, samples)
	if err != nil {
		return b.fail("enrol", err)
	}
	return b.put(ctx, gallery, subject, ss, es)
}

// Prepare reads samples as Enrol does and returns them in the form the
// backend keeps them: each finger as a one-view 19794-2:2011 minutiae
// record with its prepared form (EnrolledSample.Index). Put enrols them
// without reading or preparing them again, so that a node can prepare an
// enrolment once and hand it to the nodes that index it (package
// match/backend/natsmatch). Errors wrap backend.ErrInvalidSample or
// backend.ErrUnsupported.
func Prepare(samples []backend.Sample) ([]store.EnrolledSample, error) {
	ss, _, err := prepareEnrolment("", samples)
	return ss, err
}

// Put enrols a subject with samples in the form Prepare gives, as Enrol
// does: durable in the store, then in the index. A sample whose prepared
// form cannot be read is prepared again from its minutiae record; one
// with neither readable is an error wrapping backend.ErrInvalidSample.
func (b *Backend) Put(ctx context.Context, gallery, subject string, samples []store.EnrolledSample) error {
	if err := b.usable(ctx); err != nil {
		return b.fail("enrol", err)
	}
	if err := checkNames(gallery, subject); err != nil {
		return b.fail("enrol", err)
	}
	if len(samples) == 0 {
		return b.fail("enrol", fmt.Errorf("%w: no sample", backend.ErrInvalidSample))
	}
	for i, s := range samples {
		if s.Format != backend.FingerMinutiae {
			return b.fail("enrol", fmt.Errorf("%w: prepared sample %d is %q, not %s", backend.ErrInvalidSample, i+1, s.Format, backend.FingerMinutiae))
		}
	}
	es, _, err := entriesOf(&store.Enrolment{Gallery: gallery, Subject: subject, Samples: samples})
	if err != nil {
		return b.fail("enrol", fmt.Errorf("%w: %v", backend.ErrInvalidSample, err))
	}
	return b.put(ctx, gallery, subject, samples, es)
}

// prepareEnrolment prepares samples (see Prepare), with the index entries
// of subject.
func prepareEnrolment(subject string, samples []backend.Sample) ([]store.EnrolledSample, []entry, error) {
	ps, err := prepare(samples)
	if err != nil {
		return nil, nil, err
	}
	ss := make([]store.EnrolledSample, len(ps))
	es := make([]entry, len(ps))
	for i, p := range ps {
		data, err := minutiaeRecord(p.template)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: finger %d: %v", backend.ErrInvalidSample, i+1, err)
		}
		ix, _ := p.prepared.MarshalBinary()
		ss[i] = store.EnrolledSample{Format: backend.FingerMinutiae, Position: p.position, Data: data, Index: ix}
		es[i] = entry{key: match.Key{Subject: subject, Finger: i}, position: p.position, prepared: p.prepared}
	}
	return ss, es, nil
}

// put writes an enrolment to the store, then to the index.
func (b *Backend) put(ctx context.Context, gallery, subject string, ss []store.EnrolledSample, es []entry) error {
	e := &store.Enrolment{
		Space: store.SpaceEmbedded, Gallery: gallery, Subject: subject,
		Created: time.Now().UTC(), Backend: Name, Samples: ss,
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
