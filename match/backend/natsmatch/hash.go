package natsmatch

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// hashLen is the length of a subject hash token: the first 16 bytes of
// SHA-256 (FIPS 180-4), hex. Collisions need 2^64 subjects; the message
// names its gallery and subject anyway, and a shard checks them.
const hashLen = 32

// subjectHash is the hash token of a subject of a gallery.
func subjectHash(gallery, subject string) string {
	h := sha256.New()
	h.Write([]byte(gallery))
	h.Write([]byte{0})
	h.Write([]byte(subject))
	return hex.EncodeToString(h.Sum(nil)[:hashLen/2])
}

// shardOfHash returns the shard (0 to n-1) that holds the subject of a
// hash token: its first 8 bytes, big-endian, modulo n.
func shardOfHash(hash string, n int) (int, error) {
	if len(hash) != hashLen {
		return 0, fmt.Errorf("subject hash %q: %d characters, want %d", hash, len(hash), hashLen)
	}
	b, err := hex.DecodeString(hash[:16])
	if err != nil {
		return 0, fmt.Errorf("subject hash %q: %v", hash, err)
	}
	return int(binary.BigEndian.Uint64(b) % uint64(n)), nil
}

// ShardOf returns the shard (0 to n-1) of n that holds a subject of a
// gallery.
func ShardOf(gallery, subject string, n int) int {
	i, _ := shardOfHash(subjectHash(gallery, subject), n)
	return i
}

// plainToken is a gallery name used as it is in a subject.
var plainToken = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// galleryToken is a gallery name as one NATS subject token (NATS client
// protocol: tokens are separated by '.', and '*', '>' and white space are
// reserved): the name itself when it is plain letters, digits, '-' and
// '_', else '~' and its base64url form ('~' is in no plain name).
func galleryToken(gallery string) string {
	if plainToken.MatchString(gallery) {
		return gallery
	}
	return "~" + base64.RawURLEncoding.EncodeToString([]byte(gallery))
}

// prefixPattern is a subject prefix: tokens of letters, digits, '-' and
// '_', separated by dots.
var prefixPattern = regexp.MustCompile(`^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$`)

// Subjects of a prefix.
func enrolSubject(prefix, gallery, subject string) string {
	return prefix + ".enrol." + galleryToken(gallery) + "." + subjectHash(gallery, subject)
}

func enrolFilter(prefix string) string { return prefix + ".enrol.>" }

// requestSubject is the subject shard i of n answers op (search, verify,
// health) on, for gallery ("_" for a health request).
func requestSubject(prefix, op, gallery string, n, i int) string {
	return fmt.Sprintf("%s.match.%s.%s.%d.%d", prefix, op, galleryToken(gallery), n, i)
}

// parseEnrolSubject returns the gallery token and hash of an enrolment
// message's subject.
func parseEnrolSubject(prefix, subj string) (gallery, hash string, err error) {
	rest, ok := strings.CutPrefix(subj, prefix+".enrol.")
	if ok {
		gallery, hash, ok = strings.Cut(rest, ".")
	}
	if !ok || gallery == "" || strings.Contains(hash, ".") {
		return "", "", fmt.Errorf("subject %q is not %s.enrol.GALLERY.HASH", subj, prefix)
	}
	return gallery, hash, nil
}

// ParseShard reads a shard given as "I/N" (0 <= I < N, N at most
// MaxShards).
func ParseShard(s string) (i, n int, err error) {
	a, b, ok := strings.Cut(s, "/")
	if ok {
		i, err = strconv.Atoi(a)
		if err == nil {
			n, err = strconv.Atoi(b)
		}
	}
	if !ok || err != nil || n < 1 || n > MaxShards || i < 0 || i >= n {
		return 0, 0, fmt.Errorf("shard %q is not I/N with 0 <= I < N <= %d (shard 0/2 and 1/2 split a gallery in two)", s, MaxShards)
	}
	return i, n, nil
}
