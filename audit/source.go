package audit

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"
)

// Source reads audit entries back, in Seq order, for a period: since
// inclusive, until exclusive, a zero bound being no bound. fn is called
// once per entry; an error from fn stops the reading and is returned.
// *Log implements it over its file; a database-backed log (the
// PostgreSQL store) implements it over its table.
type Source interface {
	Entries(ctx context.Context, since, until time.Time, fn func(Entry) error) error
}

// inPeriod reports whether t is in [since, until), a zero bound being no
// bound.
func inPeriod(t, since, until time.Time) bool {
	return (since.IsZero() || !t.Before(since)) && (until.IsZero() || t.Before(until))
}

// errEnough stops a scan once the entries wanted are read.
var errEnough = errors.New("audit: enough entries read")

// ctxEvery is how many entries pass between two checks of the context.
const ctxEvery = 1024

// Entries reads back the entries of the log appended before the call,
// checking the hash chain as it reads (a broken chain is an *Error), and
// calls fn with those of the period. Appends may go on meanwhile: they
// are not read.
func (l *Log) Entries(ctx context.Context, since, until time.Time, fn func(Entry) error) error {
	l.mu.Lock()
	n, path, open := l.seq, l.path, l.f != nil
	l.mu.Unlock()
	if !open {
		return fmt.Errorf("audit: the log is closed")
	}
	return readEntries(ctx, path, n, since, until, fn)
}

// readEntries reads the first n entries of the log at path (every entry
// when n < 0) and calls fn with those in the period.
func readEntries(ctx context.Context, path string, n int64, since, until time.Time, fn func(Entry) error) error {
	if n == 0 {
		return ctx.Err()
	}
	var read int64
	err := scan(path, func(e Entry, _ []byte) error {
		read++
		if read%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if inPeriod(e.Time, since, until) {
			if err := fn(e); err != nil {
				return err
			}
		}
		if read == n {
			return errEnough
		}
		return nil
	}, func(int, string) {})
	switch {
	case errors.Is(err, errEnough):
		return ctx.Err()
	case err != nil:
		return err
	case n > 0 && read < n:
		return &Error{Path: path, Line: int(read) + 1, Msg: fmt.Sprintf("the log holds %d entries where %d were appended (truncated)", read, n)}
	}
	return ctx.Err()
}

// fileSource is the log at a path, read whole (Report).
type fileSource string

func (p fileSource) Entries(ctx context.Context, since, until time.Time, fn func(Entry) error) error {
	if _, err := os.Stat(string(p)); err != nil {
		return err
	}
	return readEntries(ctx, string(p), -1, since, until, fn)
}
