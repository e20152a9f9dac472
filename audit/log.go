// Package audit keeps Biogate's audit trail: an append-only log of every
// call made to the service (who, what, which transaction, with whom,
// outcome, when), in which each entry is chained to the one before it by a
// SHA-256 hash, so that an edit, a deletion, a reordering or a truncation
// is detected ([Verify]), and a summary for the regular review an exchange
// agreement calls for ([Report]).
//
// # File format
//
// The log is a file of JSON lines, by convention DIR/audit.log in the
// service's data folder ([FileName]). Line n (from 1) is
//
//	{"hash":"<64 hex>","entry":{"seq":n,"time":...,"actor":...,...,"prev":"<64 hex>"}}
//
// where "entry" is an [Entry] as written and "hash" is the lower-case hex
// SHA-256 of the exact bytes of the "entry" value. "prev" is the hash of
// line n-1 (64 zeros for line 1) and "seq" is n, so the hash of an entry
// covers its content and, through prev, every entry before it.
//
// Beside the log, FILE.head holds the number of entries and the hash of
// the last one (one line, "%020d %s\n"), rewritten after every append.
// Without it, removing the last lines would leave a valid shorter chain;
// with it, a log shorter than its head is reported as truncated. A head
// one append behind the log (a crash between the two writes) is accepted.
// Someone able to rewrite both files, recomputing every hash, is not
// detected by the chain alone: anchor the head elsewhere (sign it, send
// it to a partner) where that matters.
//
// Each append writes one line with one write call and fsyncs the log,
// then the head. One process appends at a time (the service); Open checks
// the whole chain before it appends to it, refuses a missing log whose
// head (or, with [Options.MustExist], whose service data) says it
// existed, and repairs the one break a crash leaves: an incomplete last
// line beyond the head (see [OpenWith]).
package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// FileName is the log's name in the service's data folder.
const FileName = "audit.log"

// Path returns the log of the data folder dir.
func Path(dir string) string { return filepath.Join(dir, FileName) }

// Outcomes of a call.
const (
	OK       = "ok"       // done
	Rejected = "rejected" // refused: policy, authorisation, conformance
	Failed   = "failed"   // could not be done (unreadable input, internal error)
)

// Entry is one audited call.
type Entry struct {
	Seq         int64     `json:"seq"`                   // set by Append: the line number
	Time        time.Time `json:"time"`                  // when (UTC); Append sets it when zero
	Actor       string    `json:"actor"`                 // who: the calling partner, or the service itself
	Action      string    `json:"action"`                // what: submit, read, convert, sign, verify, deliver, purge...
	Transaction string    `json:"transaction,omitempty"` // which transaction (store id)
	Type        string    `json:"type,omitempty"`        // its 1.004 TOT
	To          string    `json:"to,omitempty"`          // the partner it was shared with
	Outcome     string    `json:"outcome"`               // OK, Rejected or Failed
	Reason      string    `json:"reason,omitempty"`      // why it was rejected or failed
	Prev        string    `json:"prev"`                  // set by Append: the previous entry's hash
}

// line is the JSON form of one line of the log.
type line struct {
	Hash  string          `json:"hash"`
	Entry json.RawMessage `json:"entry"`
}

// genesis is the prev of the first entry.
const genesis = Genesis

func hashOf(entry []byte) string {
	sum := sha256.Sum256(entry)
	return hex.EncodeToString(sum[:])
}

// Log is an open audit log, ready for appending. Its methods may be called
// from several goroutines.
type Log struct {
	mu   sync.Mutex
	path string
	f    *os.File
	head *os.File
	seq  int64
	last string
	now  func() time.Time
}

// Append adds e to the log, setting its Seq, Prev and, when zero, Time,
// and returns once the line and the head are on disk (fsync).
func (l *Log) Append(e Entry) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return fmt.Errorf("audit: the log is closed")
	}
	e, entry, h, err := Seal(e, l.seq+1, l.last, l.now)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.WriteString(`{"hash":"` + h + `","entry":`)
	buf.Write(entry)
	buf.WriteString("}\n")
	if _, err := l.f.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	if err := l.f.Sync(); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	l.seq, l.last = e.Seq, h
	return l.writeHead()
}

// writeHead rewrites the head file in place (it has a fixed length).
func (l *Log) writeHead() error {
	if _, err := l.head.WriteAt([]byte(fmt.Sprintf("%020d %s\n", l.seq, l.last)), 0); err != nil {
		return fmt.Errorf("audit: head: %w", err)
	}
	if err := l.head.Sync(); err != nil {
		return fmt.Errorf("audit: head: %w", err)
	}
	return nil
}

// Len returns the number of entries in the log.
func (l *Log) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return int(l.seq)
}

// Close closes the log.
func (l *Log) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	if herr := l.head.Close(); err == nil {
		err = herr
	}
	l.f, l.head = nil, nil
	return err
}
