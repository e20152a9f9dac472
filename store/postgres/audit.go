package postgres

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/biogate/biogate/audit"
	"github.com/jackc/pgx/v5"
)

// Audit is the audit log kept in the store's database (tables
// biogate_audit and biogate_audit_head), for several nodes appending to
// one chain: each append locks the head row (SELECT ... FOR UPDATE) in
// the transaction that inserts its entries, so appends are serialised by
// the database, Seq is dense and every entry's Prev is the hash of the
// one before, whichever node wrote it. Entries are sealed by
// audit.Seal, as in the file log: the same entry gives the same JSON and
// the same hash, and `biogate audit verify` means the same on either.
//
// Within a node, the entries appended while a group is being committed
// wait and are committed together in the next transaction (at most
// maxGroup), each Append returning once its own entry is committed: the
// head row is locked once per group, not once per entry, which is what
// bounds the rate of audited calls across nodes.
type Audit struct {
	s   *Store
	now func() time.Time

	mu       sync.Mutex
	queue    []*pendingEntry
	flushing bool // a goroutine is committing the queue
}

// pendingEntry is an entry waiting for its group's commit.
type pendingEntry struct {
	e    audit.Entry
	done chan error
}

// maxGroup bounds the entries of one append transaction.
const maxGroup = 256

// AuditName names the log in messages and in audit.Error's Path.
const AuditName = "postgresql:biogate_audit"

// appendTimeout bounds one group's append (Append has no context: the
// service's Auditor interface): a database that does not answer fails
// the call rather than holding it.
const appendTimeout = 30 * time.Second

// Audit returns the audit log of the store's database. It shares the
// store's connections: close the store, not the log.
func (s *Store) Audit() *Audit { return s.audit }

// Append adds e to the log (setting Seq, Prev and, when zero, Time) and
// returns once it is committed.
func (a *Audit) Append(e audit.Entry) error {
	p := &pendingEntry{e: e, done: make(chan error, 1)}
	a.mu.Lock()
	a.queue = append(a.queue, p)
	if !a.flushing {
		a.flushing = true
		go a.flush()
	}
	a.mu.Unlock()
	return <-p.done
}

// flush commits the queue, a group at a time, until it is empty.
func (a *Audit) flush() {
	for {
		a.mu.Lock()
		n := min(len(a.queue), maxGroup)
		if n == 0 {
			a.queue, a.flushing = nil, false
			a.mu.Unlock()
			return
		}
		group := a.queue[:n:n]
		a.queue = a.queue[n:]
		a.mu.Unlock()
		a.appendGroup(group)
	}
}

// appendGroup appends a group's entries in one transaction and answers
// each: an entry that cannot be sealed gets its own error, and the
// others are appended without it.
func (a *Audit) appendGroup(group []*pendingEntry) {
	ctx, cancel := context.WithTimeout(context.Background(), appendTimeout)
	defer cancel()
	errs := make([]error, len(group))
	err := a.s.write(ctx, func(tx pgx.Tx) error {
		clear(errs)
		var seq int64
		var prev string
		if err := tx.QueryRow(ctx, `SELECT seq, hash FROM biogate_audit_head FOR UPDATE`).Scan(&seq, &prev); err != nil {
			return fmt.Errorf("the head: %w", err)
		}
		b := &pgx.Batch{}
		for i, p := range group {
			e, entry, h, err := audit.Seal(p.e, seq+1, prev, a.now)
			if err != nil {
				errs[i] = err
				continue
			}
			b.Queue(`INSERT INTO biogate_audit (seq, time, hash, entry) VALUES ($1, $2, $3, $4)`, e.Seq, e.Time, h, entry)
			seq, prev = e.Seq, h
		}
		if b.Len() == 0 {
			return nil
		}
		b.Queue(`UPDATE biogate_audit_head SET seq = $1, hash = $2`, seq, prev)
		return tx.SendBatch(ctx, b).Close()
	})
	for i, p := range group {
		e := errs[i]
		if e == nil {
			e = err
		}
		if e != nil {
			e = fmt.Errorf("audit: %s: %w", AuditName, e)
		}
		p.done <- e
	}
}

var _ audit.Source = (*Audit)(nil)

// Close does nothing: the log shares the store's connections.
func (a *Audit) Close() error { return nil }

// Entries calls fn with the entries whose time is in [since, until) (a
// zero bound is none), in Seq order, on one snapshot, streaming; it
// stops at fn's first error, which it returns. Each entry is checked
// against its hash, and against its predecessor when that is in the
// period too: a damaged entry is an *audit.Error, never reported as
// read.
func (a *Audit) Entries(ctx context.Context, since, until time.Time, fn func(audit.Entry) error) error {
	var from, to *time.Time
	if !since.IsZero() {
		from = &since
	}
	if !until.IsZero() {
		to = &until
	}
	return a.s.read(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT seq, hash, entry FROM biogate_audit
			WHERE ($1::timestamptz IS NULL OR time >= $1) AND ($2::timestamptz IS NULL OR time < $2) ORDER BY seq`, from, to)
		if err != nil {
			return err
		}
		return chain(rows, false, fn, func(string) {})
	})
}

// Verify checks the whole chain on one snapshot and returns its number
// of entries. The error, an *audit.Error for a broken chain (Path
// AuditName, Line the Seq of the first bad entry), says what is wrong as
// audit.Verify does for a file: an edited entry, a removed or reordered
// one, or a log shorter or longer than its head records.
func (a *Audit) Verify(ctx context.Context) (int, error) {
	n := 0
	err := a.s.read(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT seq, hash, entry FROM biogate_audit ORDER BY seq`)
		if err != nil {
			return err
		}
		last := audit.Genesis
		err = chain(rows, true, func(audit.Entry) error { n++; return nil }, func(h string) { last = h })
		if err != nil {
			return err
		}
		var seq int64
		var hash string
		if err := tx.QueryRow(ctx, `SELECT seq, hash FROM biogate_audit_head`).Scan(&seq, &hash); err != nil {
			return fmt.Errorf("audit: %s: the head: %w", AuditName, err)
		}
		switch {
		case seq > int64(n):
			return &audit.Error{Path: AuditName, Line: n + 1, Msg: fmt.Sprintf("the log ends after %d entries but its head records %d: entries were deleted", n, seq)}
		case seq < int64(n):
			return &audit.Error{Path: AuditName, Line: int(seq) + 1, Msg: fmt.Sprintf("the head records %d entries, the log has %d: entries were added without the head", seq, n)}
		case hash != last:
			return &audit.Error{Path: AuditName, Line: n, Msg: "the entry's hash is not the one the head records (the log was rewritten)"}
		}
		return nil
	})
	return n, err
}

// chain reads rows of (seq, hash, entry) in Seq order and checks each
// entry: its hash, its seq (the row's; with whole, also 1, 2, 3... with
// no gap) and its prev (the hash before, when the entry before was
// read: always with whole). It calls fn with each entry and progress
// with each hash.
func chain(rows pgx.Rows, whole bool, fn func(audit.Entry) error, progress func(string)) error {
	defer rows.Close()
	prevSeq, prev := int64(0), audit.Genesis
	for rows.Next() {
		var seq int64
		var hash string
		var entry []byte
		if err := rows.Scan(&seq, &hash, &entry); err != nil {
			return err
		}
		want, expect := prev, seq
		switch {
		case whole:
			expect = prevSeq + 1
		case seq != prevSeq+1:
			want = "" // the period begins after a gap: the predecessor was not read
		}
		e, msg := audit.CheckEntry(entry, hash, expect, want)
		if msg == "" && e.Seq != seq {
			msg = fmt.Sprintf("entry seq %d stored as row %d", e.Seq, seq)
		}
		if msg != "" {
			return &audit.Error{Path: AuditName, Line: int(expect), Msg: msg}
		}
		if err := fn(e); err != nil {
			return err
		}
		prevSeq, prev = seq, hash
		progress(hash)
	}
	return rows.Err()
}
