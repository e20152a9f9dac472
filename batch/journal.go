package batch

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"sync"
	"time"
)

// JournalName is the journal's file name in the output folder.
const JournalName = "journal.jsonl"

// The journal is fsync'd after this many entries or this long, whichever
// comes first, and when the run ends. An entry is written only after its
// output is in place (atomicfile syncs it), so an entry always names a
// durable output; what a crash loses is at most the last batch of
// entries, whose files are redone.
const (
	journalSyncEvery = 64
	journalSyncAfter = time.Second
)

// journalEntry is one journal line: a finished file and the job that
// finished it.
type journalEntry struct {
	Job string `json:"job"`
	Record
}

// journal is the append-only record of finished files.
type journal struct {
	mu       sync.Mutex
	f        *os.File
	w        *bufio.Writer
	pending  int
	lastSync time.Time
	// done indexes the entries of earlier runs by Source: the hash of
	// the source and where the line is, read again when the file is
	// skipped, so memory holds no report lines however many files.
	done map[string]doneAt
}

// doneAt is where a journal line is and the source hash it records.
type doneAt struct {
	sha       [sha256.Size]byte
	off, size int64
}

// openJournal reads the entries of earlier runs made by job key and
// opens the journal for appending. A torn last line (a run killed while
// writing it) is cut off before anything is appended.
func openJournal(name, key string) (*journal, error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		return nil, err
	}
	j := &journal{f: f, done: map[string]doneAt{}, lastSync: time.Now()}
	good, err := j.read(key)
	if err == nil {
		err = f.Truncate(good)
	}
	if err == nil {
		_, err = f.Seek(good, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	j.w = bufio.NewWriter(f)
	return j, nil
}

// read loads the complete lines of the journal and returns the offset
// after the last of them.
func (j *journal) read(key string) (int64, error) {
	r := bufio.NewReader(j.f)
	var good int64
	for {
		line, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			return good, nil // a last line without its newline is torn
		}
		if err != nil {
			return 0, err
		}
		var e struct{ Job, Source, SHA256 string }
		if json.Unmarshal(bytes.TrimSpace(line), &e) != nil {
			// Only the last line can be torn; a line that is not JSON
			// before it means the file is not a journal.
			if _, err := r.Peek(1); err == nil {
				return 0, &fs.PathError{Op: "read journal", Path: j.f.Name(), Err: errors.New("a line that is not a journal entry; remove the file to start afresh")}
			}
			return good, nil
		}
		sha, herr := hex.DecodeString(e.SHA256)
		if e.Job == key && herr == nil && len(sha) == sha256.Size {
			j.done[e.Source] = doneAt{sha: [sha256.Size]byte(sha), off: good, size: int64(len(line))}
		} else {
			delete(j.done, e.Source)
		}
		good += int64(len(line))
	}
}

// lookup returns the earlier run's record of source when its hash is
// sha, read back from its journal line.
func (j *journal) lookup(source string, sha [sha256.Size]byte) (Record, bool) {
	j.mu.Lock()
	at, ok := j.done[source]
	j.mu.Unlock()
	if !ok || at.sha != sha {
		return Record{}, false
	}
	line := make([]byte, at.size)
	if _, err := j.f.ReadAt(line, at.off); err != nil {
		return Record{}, false // done again
	}
	var e journalEntry
	if json.Unmarshal(line, &e) != nil {
		return Record{}, false
	}
	return e.Record, true
}

// add appends an entry, syncing the journal in batches.
func (j *journal) add(key string, r Record) error {
	b, err := json.Marshal(journalEntry{Job: key, Record: r})
	if err != nil {
		return err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if _, err := j.w.Write(append(b, '\n')); err != nil {
		return err
	}
	j.pending++
	if j.pending >= journalSyncEvery || time.Since(j.lastSync) >= journalSyncAfter {
		return j.syncLocked()
	}
	return nil
}

func (j *journal) syncLocked() error {
	if err := j.w.Flush(); err != nil {
		return err
	}
	j.pending, j.lastSync = 0, time.Now()
	return j.f.Sync()
}

// close syncs and closes the journal.
func (j *journal) close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	err := j.syncLocked()
	if cerr := j.f.Close(); err == nil {
		err = cerr
	}
	return err
}
