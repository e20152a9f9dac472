// Package storetest is the test suite every store.Store implementation
// passes: the embedded bbolt store (package store) and the PostgreSQL
// store (store/postgres) run the same cases, so that the service behaves
// the same on either.
package storetest

import (
	"testing"

	"github.com/biogate/biogate/store"
)

// Open returns a new, empty store, closed at the test's end, and a
// function that closes it and opens the same storage again (for the
// durability cases: what was acknowledged is there after reopening).
type Open func(t testing.TB) (s store.Store, reopen func() store.Store)

// Run runs the suite on the stores open gives, each case on a new one.
func Run(t *testing.T, open Open) {
	for _, c := range []struct {
		name string
		fn   func(*testing.T, Open)
	}{
		{"PutGetDelete", testPutGetDelete},
		{"Errors", testErrors},
		{"Paging", testPaging},
		{"PageSize", testPageSize},
		{"Aged", testAged},
		{"Reopen", testReopen},
		{"ConcurrentPutSameID", testConcurrentPutSameID},
		{"ConcurrentAck", testConcurrentAck},
		{"Enrolments", testEnrolments},
		{"EnrolmentErrors", testEnrolmentErrors},
		{"ConcurrentEnrolments", testConcurrentEnrolments},
		{"Jobs", testJobs},
	} {
		t.Run(c.name, func(t *testing.T) { c.fn(t, open) })
	}
}
