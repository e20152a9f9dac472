// Package store keeps the transactions Biogate has accepted: the bytes as
// received, what was learnt about them (metadata and the validation
// report), and their deliveries to partners' inboxes.
//
// Store is the interface the service uses; Open returns the embedded
// default, a single bbolt file (go.etcd.io/bbolt) in a data folder.
// Package store/postgres implements it on PostgreSQL for deployments that
// outgrow one machine; both pass the suite of package store/storetest.
//
// Durability is the contract: when Put or Ack returns nil, what they wrote
// is on stable storage (the bbolt commit is fsync'd) and survives a crash
// of the process or of the machine. Nothing is acknowledged before that.
package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Sentinel errors callers branch on.
var (
	ErrNotFound = errors.New("store: not found")
	ErrExists   = errors.New("store: already exists")
	ErrClosed   = errors.New("store: closed")
	// ErrBadName is returned for a space, gallery, subject, kind or id
	// that cannot be part of a key: empty, or holding NUL (the embedded
	// store's key separator). Every implementation refuses the same
	// names, so that stores are interchangeable.
	ErrBadName = errors.New("store: empty name, or a name holding NUL")
)

// CheckNames returns ErrBadName, saying which, when a name is empty or
// holds NUL.
func CheckNames(names ...string) error {
	for _, n := range names {
		if n == "" || strings.IndexByte(n, 0) >= 0 {
			return fmt.Errorf("%w: %q", ErrBadName, n)
		}
	}
	return nil
}

// Store persists transactions and their deliveries. Implementations are
// safe for concurrent use.
type Store interface {
	// Put writes a transaction, its original bytes and its deliveries in
	// one durable step. It returns ErrExists if the id is taken.
	Put(ctx context.Context, r *Record) error
	// Get returns a transaction's metadata and deliveries (without their
	// bodies).
	Get(ctx context.Context, id string) (*Transaction, error)
	// Original returns the bytes of a transaction as they were received.
	Original(ctx context.Context, id string) ([]byte, error)
	// List returns transactions in id order (which is arrival order).
	List(ctx context.Context, q Query) ([]*Transaction, string, error)
	// Aged returns, in id (arrival) order, a page of the transactions
	// received before the instant given (q.Partner is ignored), for
	// retention: the oldest first, and the cursor of the next page, ""
	// when no older one is left.
	Aged(ctx context.Context, before time.Time, q Query) ([]*Transaction, string, error)
	// Delete removes a transaction, its deliveries, every index entry and
	// the jobs whose ID is the transaction's id (its enrolments stay:
	// retention removes them from their backends first, through
	// EnrolmentsOf).
	Delete(ctx context.Context, id string) error

	// Inbox lists the deliveries to a partner not yet acknowledged, in id
	// order.
	Inbox(ctx context.Context, partner string, q Query) ([]*Delivery, string, error)
	// Delivery returns one delivery to a partner and its body.
	Delivery(ctx context.Context, partner, id string) (*Delivery, []byte, error)
	// Ack marks a delivery as received by its partner.
	Ack(ctx context.Context, partner, id string, at time.Time) error

	// Galleries: the enrolments of matching galleries.
	Galleries
	// Jobs: durable work (a Record's Jobs are written by Put).
	Jobs

	// Ping reports whether the store can serve requests.
	Ping(ctx context.Context) error
	Close() error
}

// Query selects a page of a listing.
type Query struct {
	// Partner restricts a listing to what the partner may see: what it
	// submitted or what was delivered to it. Empty lists everything.
	Partner string
	// After is the cursor returned by the previous page ("" for the
	// first).
	After string
	// Limit is the page size; 0 or less means 100, and it is capped at
	// 1000.
	Limit int
}

// PageSize is the number of items a page of q holds at most: Limit
// within its bounds.
func (q Query) PageSize() int {
	switch {
	case q.Limit <= 0:
		return 100
	case q.Limit > 1000:
		return 1000
	}
	return q.Limit
}

// Record is what Put writes.
type Record struct {
	Transaction *Transaction
	Original    []byte
	// Bodies holds each delivery's body (the transaction converted to
	// its recipient's form), by partner name.
	Bodies map[string][]byte
	// Jobs are written (replacing those of the same kind and id) in the
	// same durable step.
	Jobs []*Job
}

// Transaction is the metadata of an accepted transaction.
type Transaction struct {
	ID       string    `json:"id"`
	Sender   string    `json:"sender"`
	Received time.Time `json:"received"`
	Format   string    `json:"format"` // sniffed input format: an2, xml, json
	// Size and SHA256 (hex) are the original bytes' figures; the service
	// clears them for a reader who does not see the original whole.
	Size   int    `json:"size,omitempty"`
	SHA256 string `json:"sha256,omitempty"`

	// From the Type-1 record.
	Version string `json:"version,omitempty"`
	TOT     string `json:"tot,omitempty"`
	ORI     string `json:"ori,omitempty"`
	DAI     string `json:"dai,omitempty"`
	TCN     string `json:"tcn,omitempty"`

	Profile    string          `json:"profile,omitempty"`
	Conformant bool            `json:"conformant"`
	Report     json.RawMessage `json:"report,omitempty"` // the validation report as JSON

	Deliveries []*Delivery `json:"deliveries,omitempty"`

	// Search is set for a search transaction: what became of it.
	Search *SearchState `json:"search,omitempty"`
}

// Delivery states.
const (
	Delivered = "delivered" // in the recipient's inbox
	Acked     = "acked"     // the recipient acknowledged it
	Failed    = "failed"    // could not be converted to the recipient's form
)

// Delivery is a transaction's delivery to one partner.
type Delivery struct {
	ID       string          `json:"id"` // the transaction's id
	Partner  string          `json:"partner"`
	Sender   string          `json:"sender"`
	State    string          `json:"state"`
	Format   string          `json:"format"`            // an2 or xml
	Dialect  string          `json:"dialect,omitempty"` // for xml
	Size     int             `json:"size"`
	Created  time.Time       `json:"created"`
	Acked    *time.Time      `json:"acked,omitempty"`
	Error    string          `json:"error,omitempty"`    // why it failed
	Findings json.RawMessage `json:"findings,omitempty"` // conversion notes, receiver's profile findings
	// Signature is a detached compact JWS (package sign, SignDetached) of
	// the body as delivered, for a body whose form cannot carry the
	// Type-98 signature record (a reply in INT-I XML); "" for none.
	Signature string `json:"signature,omitempty"`
}
