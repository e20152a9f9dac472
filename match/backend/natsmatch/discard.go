package natsmatch

import (
	"context"

	"github.com/biogate/biogate/store"
)

// discard is the store of a shard's embedded backend: none, the gallery
// stream being the durable copy a shard rebuilds from (so a shard holds
// each template once, in its index). Deleting what it never had is fine:
// the stream says which subjects exist.
type discard struct{}

var _ store.Galleries = discard{}

func (discard) PutEnrolment(context.Context, *store.Enrolment) error { return nil }

func (discard) Enrolment(context.Context, string, string, string) (*store.Enrolment, error) {
	return nil, store.ErrNotFound
}

func (discard) DeleteEnrolment(context.Context, string, string, string) error { return nil }

func (discard) Enrolments(context.Context, string, string, func(*store.Enrolment) error) error {
	return nil
}

func (discard) EnrolmentsOf(context.Context, string) ([]*store.Enrolment, error) { return nil, nil }
