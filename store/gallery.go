package store

import (
	"context"
	"time"
)

// Galleries keeps the enrolments of matching galleries: for each gallery
// and subject, the samples enrolled and who enrolled them, from which
// transaction and for which purpose. The embedded matching backend keeps
// its templates here (and rebuilds its index from them at start); the
// exchange keeps here which partner enrolled what, for policy and
// retention, whatever the backend.
//
// Durability is the contract of Store: when PutEnrolment or
// DeleteEnrolment returns nil, the change is on stable storage.
type Galleries interface {
	// PutEnrolment writes a subject's enrolment in a gallery, replacing
	// the one it had.
	PutEnrolment(ctx context.Context, e *Enrolment) error
	// Enrolment returns one subject's enrolment; ErrNotFound if none.
	Enrolment(ctx context.Context, space, gallery, subject string) (*Enrolment, error)
	// DeleteEnrolment removes a subject from a gallery; ErrNotFound if it
	// was not enrolled.
	DeleteEnrolment(ctx context.Context, space, gallery, subject string) error
	// Enrolments calls fn for every enrolment of a space, gallery by
	// gallery and subject by subject in byte order of their names (gallery
	// "" is every gallery), stopping at fn's first error, which it
	// returns. fn must not call the store.
	Enrolments(ctx context.Context, space, gallery string, fn func(*Enrolment) error) error
	// EnrolmentsOf returns the enrolments made from a transaction (its
	// store id), in any space, for retention.
	EnrolmentsOf(ctx context.Context, transaction string) ([]*Enrolment, error)
}

// Enrolment spaces: the same store holds the exchange's record of who
// enrolled what (SpaceExchange) and the embedded backend's templates
// (SpaceEmbedded), under the same gallery and subject names.
const (
	SpaceExchange = "exchange"
	SpaceEmbedded = "embedded"
)

// Enrolment is one subject in one gallery.
type Enrolment struct {
	Space   string    `json:"space"`
	Gallery string    `json:"gallery"`
	Subject string    `json:"subject"`
	Created time.Time `json:"created"`
	// Partner who enrolled it, Transaction the store id of the
	// transaction it came from ("" when enrolled from a record or image),
	// Purpose the purpose it was enrolled for.
	Partner     string `json:"partner,omitempty"`
	Transaction string `json:"transaction,omitempty"`
	Purpose     string `json:"purpose,omitempty"`
	// Backend is the name of the backend configuration the subject was
	// enrolled into.
	Backend string `json:"backend,omitempty"`
	// Samples enrolled.
	Samples []EnrolledSample `json:"samples,omitempty"`
}

// EnrolledSample is one sample of an enrolment (a backend.Sample, kept
// here without importing the matcher).
type EnrolledSample struct {
	Format   string `json:"format"`
	Position int    `json:"position,omitempty"`
	Data     []byte `json:"data,omitempty"`
	// Index is what a backend keeps to rebuild its index quickly (the
	// embedded backend: match.Prepared.MarshalBinary); nil otherwise.
	Index []byte `json:"index,omitempty"`
}
