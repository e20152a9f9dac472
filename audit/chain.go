package audit

import (
	"encoding/json"
	"fmt"
	"time"
)

// Genesis is the Prev of the first entry of a chain.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// Hash returns the hash an entry's JSON is chained by: the lower-case hex
// SHA-256 of its exact bytes.
func Hash(entry []byte) string { return hashOf(entry) }

// Seal makes e the entry numbered seq after the entry whose hash is prev
// (Genesis, or "", for the first): it bounds e's fields, sets Time to
// now when zero and to UTC, sets Seq and Prev, and returns the entry,
// its JSON and that JSON's hash. The file log and the logs kept
// elsewhere (store/postgres) seal alike, so their entries read and
// verify the same.
func Seal(e Entry, seq int64, prev string, now func() time.Time) (Entry, []byte, string, error) {
	if e.Time.IsZero() {
		e.Time = now()
	}
	e = e.bounded()
	e.Time = e.Time.UTC()
	e.Seq = seq
	e.Prev = prev
	if e.Prev == "" {
		e.Prev = Genesis
	}
	entry, err := json.Marshal(e)
	if err != nil {
		return e, nil, "", err
	}
	return e, entry, hashOf(entry), nil
}

// CheckEntry checks one entry of a chain as read back: its JSON hashes
// to hash, its seq is seq and its prev is prev ("" when the predecessor
// is not known: not checked). It returns the entry, or why it is not the
// one expected (the messages of Verify).
func CheckEntry(entry []byte, hash string, seq int64, prev string) (Entry, string) {
	var e Entry
	if got := hashOf(entry); got != hash {
		return e, "the hash does not match the entry's content (the entry was edited)"
	}
	if err := json.Unmarshal(entry, &e); err != nil {
		return e, "the entry does not read: " + err.Error()
	}
	if e.Seq != seq {
		return e, fmt.Sprintf("entry seq %d where %d was expected (an entry was removed, or entries were reordered)", e.Seq, seq)
	}
	if prev != "" && e.Prev != prev {
		return e, fmt.Sprintf("prev does not match the hash of entry %d (an entry was removed, reordered or rewritten)", seq-1)
	}
	return e, ""
}
