package store

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"time"
)

// NewID returns a new transaction id: 16 hex digits of the time in
// nanoseconds followed by 12 random hex digits, so ids sort in arrival
// order and never collide in practice.
func NewID(now time.Time) string {
	var r [6]byte
	rand.Read(r[:])
	ts := strconv.FormatUint(uint64(now.UnixNano()), 16)
	for len(ts) < 16 {
		ts = "0" + ts
	}
	return ts + hex.EncodeToString(r[:])
}

// ValidID reports whether s has the shape of an id NewID makes, so that
// callers can refuse anything else before it reaches a key.
func ValidID(s string) bool {
	if len(s) != 28 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
