package audit

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"
)

// Options configure OpenWith.
type Options struct {
	// MustExist says the log is expected to exist (the service's store
	// does): a missing log is then refused rather than started afresh,
	// since a fresh chain would hide the deletion of the old one.
	MustExist bool
	// Logger notes a recovery (slog.Default() when nil).
	Logger *slog.Logger
	// Actor is the audit actor of the recovery entry ("biogate" when "").
	Actor string
}

// RecoverAction is the action of the entry that records a repaired log.
const RecoverAction = "audit-recover"

// ErrMissing reports a log that was deleted: it is absent although its
// head file, or the service data it audits, exists.
var ErrMissing = errors.New("audit: the log is missing")

// Open opens the log at path for appending; see OpenWith.
func Open(path string) (*Log, error) { return OpenWith(path, Options{}) }

// OpenWith opens the log at path for appending, creating it (mode 0600)
// when absent and nothing says it existed. An existing log is verified
// first: Open refuses to extend a broken chain and returns Verify's
// error, with one exception. A last line without its newline, beyond
// the entries the head records, is what a crash in the middle of an
// append leaves (the head is written only after the line is on disk):
// that line was never acknowledged, so Open cuts the log back to the
// last complete entry, logs it, and records the recovery as the next
// entry (action RecoverAction). A log that is absent while its head file
// exists, or while o.MustExist, is refused with ErrMissing.
func OpenWith(path string, o Options) (*Log, error) {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Actor == "" {
		o.Actor = "biogate"
	}
	if err := checkPresent(path, o.MustExist); err != nil {
		return nil, err
	}
	n, last, err := verify(path, true)
	var torn *Error
	recovered := ""
	if errors.As(err, &torn) && torn.Torn {
		if recovered, err = cutTorn(path, torn); err == nil {
			n, last, err = verify(path, true)
		}
	}
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	head, err := os.OpenFile(path+".head", os.O_WRONLY|os.O_CREATE, 0o600)
	if err != nil {
		f.Close()
		return nil, err
	}
	l := &Log{path: path, f: f, head: head, seq: int64(n), last: last, now: time.Now}
	if n > 0 {
		// Bring a head left behind by a crash up to date.
		if err := l.writeHead(); err != nil {
			l.Close()
			return nil, err
		}
	}
	if recovered != "" {
		o.Logger.Warn("the audit log was repaired", "path", path, "detail", recovered)
		if err := l.Append(Entry{Actor: o.Actor, Action: RecoverAction, Outcome: OK, Reason: recovered}); err != nil {
			l.Close()
			return nil, err
		}
	}
	return l, nil
}

// checkPresent refuses a missing log that should be there: its head file
// exists (the log was deleted after at least one Open), or mustExist.
func checkPresent(path string, mustExist bool) error {
	_, err := os.Stat(path)
	if !errors.Is(err, os.ErrNotExist) {
		return nil // present (or unreadable: verify says so)
	}
	if _, herr := os.Stat(path + ".head"); herr == nil {
		return fmt.Errorf("%w: %s is absent but its head file %s.head exists (the log was deleted or moved); restore it from a backup", ErrMissing, path, path)
	}
	if mustExist {
		return fmt.Errorf("%w: %s is absent but the service's data it audits exists (the log was deleted or moved); restore it from a backup", ErrMissing, path)
	}
	return nil
}

// cutTorn truncates the log to the end of its last complete line when
// the only break is an incomplete last line that the head does not
// cover. It returns what it did, or the original error.
func cutTorn(path string, torn *Error) (string, error) {
	complete := torn.Line - 1
	n, last, before, err := prefix(path, torn.Offset)
	if err != nil || n != complete {
		return "", torn
	}
	if checkHead(path, n, last, before) != nil {
		return "", torn // the head covers the torn line: it was acknowledged
	}
	fi, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if err := f.Truncate(torn.Offset); err != nil {
		return "", fmt.Errorf("audit: repairing %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return "", fmt.Errorf("audit: repairing %s: %w", path, err)
	}
	return fmt.Sprintf("an incomplete line %d (%d bytes at offset %d, left by an append interrupted before its head was written) was removed; the chain of %d entries before it verifies",
		torn.Line, fi.Size()-torn.Offset, torn.Offset, n), nil
}
