package audit

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// Error reports the first bad entry of a log: its line number (from 1; the
// line after the last for a truncation) and why.
type Error struct {
	Path string
	Line int
	Msg  string

	// Torn is set when the bad line is the last one and has no newline
	// (an append interrupted mid-write); Offset is where that line begins.
	Torn   bool
	Offset int64
}

func (e *Error) Error() string {
	return fmt.Sprintf("audit: %s line %d: %s", e.Path, e.Line, e.Msg)
}

// maxLine bounds one line of the log.
const maxLine = 1 << 20

// Verify checks the log at path and returns its number of entries. The
// error, an *Error for a broken chain, names the first bad entry: one that
// is not a complete JSON entry, whose hash does not match its content
// (edited), whose seq is not its line number (an entry before it removed,
// or entries reordered), whose prev is not the hash of the line before
// (removed, reordered or rewritten), or a log shorter than its head file
// records (truncated).
func Verify(path string) (entries int, err error) {
	n, _, err := verify(path, false)
	return n, err
}

// verify checks the log and returns its length and last hash. With
// missingOK a log that does not exist is an empty one.
func verify(path string, missingOK bool) (int, string, error) {
	n, last, before := 0, "", ""
	err := scan(path, func(_ Entry, _ []byte) error { return nil }, func(num int, h string) { n, last, before = num, h, last })
	if errors.Is(err, os.ErrNotExist) && missingOK {
		return 0, "", nil
	}
	if err != nil {
		return n, last, err
	}
	return n, last, checkHead(path, n, last, before)
}

// scan reads the log, checks every line and calls fn with each entry and
// progress with the count and hash so far.
func scan(path string, fn func(Entry, []byte) error, progress func(int, string)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return scanFrom(path, f, fn, progress)
}

// prefix checks the first size bytes of the log and returns their number
// of entries and the last two hashes.
func prefix(path string, size int64) (n int, last, before string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", "", err
	}
	defer f.Close()
	err = scanFrom(path, io.LimitReader(f, size), func(Entry, []byte) error { return nil },
		func(num int, h string) { n, last, before = num, h, last })
	return n, last, before, err
}

// scanFrom is scan over the log's bytes in r.
func scanFrom(path string, src io.Reader, fn func(Entry, []byte) error, progress func(int, string)) error {
	r := bufio.NewReaderSize(src, 64<<10)
	prev := genesis
	var offset int64 // where line num begins
	for num := 1; ; num++ {
		raw, err := r.ReadSlice('\n')
		if err == io.EOF && len(raw) == 0 {
			return nil
		}
		bad := func(format string, a ...any) *Error {
			return &Error{Path: path, Line: num, Msg: fmt.Sprintf(format, a...)}
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull) || len(raw) > maxLine:
			return bad("longer than %d bytes", maxLine)
		case err == io.EOF:
			e := bad("no newline at the end: the entry is incomplete (truncated)")
			e.Torn, e.Offset = true, offset
			return e
		case err != nil:
			return err
		}
		var l line
		if err := json.Unmarshal(raw, &l); err != nil || len(l.Entry) == 0 {
			return bad("not a complete JSON entry (edited or truncated)")
		}
		e, msg := CheckEntry(l.Entry, l.Hash, int64(num), prev)
		if msg != "" {
			return bad("%s", strings.Replace(msg, "hash of entry", "hash of line", 1))
		}
		if err := fn(e, l.Entry); err != nil {
			return err
		}
		prev = l.Hash
		offset += int64(len(raw))
		progress(num, prev)
	}
}

// checkHead compares the head file with the log's length and its last
// two hashes (the head may be one append behind).
func checkHead(path string, n int, last, before string) error {
	b, err := os.ReadFile(path + ".head")
	if errors.Is(err, os.ErrNotExist) {
		if n == 0 {
			return nil
		}
		return &Error{Path: path, Line: n + 1, Msg: "the head file " + path + ".head is missing, so a truncation cannot be ruled out"}
	}
	if err != nil {
		return err
	}
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		b = []byte("0 " + genesis) // created, never written: no entries
	}
	count, hash, ok := strings.Cut(string(b), " ")
	want, err := strconv.Atoi(count)
	if !ok || err != nil || len(hash) != 64 {
		return &Error{Path: path, Line: n + 1, Msg: "the head file " + path + ".head is not readable"}
	}
	switch {
	case want > n:
		return &Error{Path: path, Line: n + 1, Msg: fmt.Sprintf("the log ends after %d entries but its head records %d: the log was truncated", n, want)}
	case want < n-1:
		return &Error{Path: path, Line: want + 1, Msg: fmt.Sprintf("the head records %d entries, the log has %d: entries were added without the head", want, n)}
	case want == n && want > 0 && hash != last, want == n-1 && want > 0 && hash != before:
		return &Error{Path: path, Line: want, Msg: "the entry's hash is not the one the head file records (the log was rewritten)"}
	}
	return nil
}
