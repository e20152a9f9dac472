// Package bin holds the big-endian byte reader and writer the iso codecs
// share. The reader never reads or allocates past the bytes it was given,
// records where each problem is, and separates fatal problems (the
// structure cannot be followed) from recoverable ones (a value out of
// range, a length that disagrees with the content).
package bin

import (
	"fmt"
	"strconv"

	"github.com/biogate/biogate/iso"
)

// Reader reads big-endian integers from B starting at Off.
type Reader struct {
	B       []byte
	Off     int
	Format  iso.Format
	Lenient bool

	// Err is the first fatal problem; once set, reads return zeros.
	Err *iso.FormatError
	// Problems are the recoverable problems found in lenient mode.
	Problems iso.Problems

	// Scope names the current part of the record ("view 2"); Item and
	// Index name an element inside it ("minutia", 14). They are joined into
	// a FormatError's Field only when a problem is reported.
	Scope string
	Item  string
	Index int
}

// NewReader returns a reader over b for format f.
func NewReader(b []byte, f iso.Format, opts *iso.DecodeOptions) *Reader {
	return &Reader{B: b, Format: f, Lenient: opts != nil && opts.Lenient}
}

// Failed reports whether a fatal problem has been found, which includes
// any problem in strict mode.
func (r *Reader) Failed() bool { return r.Err != nil }

// Remaining is the number of bytes left.
func (r *Reader) Remaining() int {
	if r.Off >= len(r.B) {
		return 0
	}
	return len(r.B) - r.Off
}

func (r *Reader) where(field string) string {
	s := r.Scope
	if r.Item != "" {
		if s != "" {
			s += " "
		}
		s += r.Item + " " + strconv.Itoa(r.Index)
	}
	if field != "" {
		if s != "" {
			s += ": "
		}
		s += field
	}
	return s
}

// Fail records a fatal problem at off.
func (r *Reader) Fail(off int, field string, err error, format string, args ...any) {
	if r.Err != nil {
		return
	}
	r.Err = &iso.FormatError{Format: r.Format, Offset: int64(off), Field: r.where(field), Msg: fmt.Sprintf(format, args...), Err: err}
}

// Problem records a recoverable problem at off: in lenient mode it is
// collected, in strict mode it becomes the fatal error.
func (r *Reader) Problem(off int, field string, err error, format string, args ...any) {
	if !r.Lenient {
		r.Fail(off, field, err, format, args...)
		return
	}
	r.Problems = append(r.Problems, &iso.FormatError{Format: r.Format, Offset: int64(off), Field: r.where(field), Msg: fmt.Sprintf(format, args...), Err: err})
}

func (r *Reader) need(n int, field string) bool {
	if r.Err != nil {
		return false
	}
	if n < 0 || r.Off+n > len(r.B) || r.Off+n < r.Off {
		r.Fail(r.Off, field, iso.ErrTruncated, "truncated: needs %d bytes, %d left", n, r.Remaining())
		return false
	}
	return true
}

// U8 reads one byte.
func (r *Reader) U8(field string) uint8 {
	if !r.need(1, field) {
		return 0
	}
	v := r.B[r.Off]
	r.Off++
	return v
}

// U16 reads a big-endian 16-bit integer.
func (r *Reader) U16(field string) uint16 {
	if !r.need(2, field) {
		return 0
	}
	v := uint16(r.B[r.Off])<<8 | uint16(r.B[r.Off+1])
	r.Off += 2
	return v
}

// U24 reads a big-endian 24-bit integer.
func (r *Reader) U24(field string) uint32 {
	if !r.need(3, field) {
		return 0
	}
	v := uint32(r.B[r.Off])<<16 | uint32(r.B[r.Off+1])<<8 | uint32(r.B[r.Off+2])
	r.Off += 3
	return v
}

// U32 reads a big-endian 32-bit integer.
func (r *Reader) U32(field string) uint32 {
	if !r.need(4, field) {
		return 0
	}
	b := r.B[r.Off:]
	v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	r.Off += 4
	return v
}

// U48 reads a big-endian 48-bit integer.
func (r *Reader) U48(field string) uint64 {
	if !r.need(6, field) {
		return 0
	}
	var v uint64
	for _, c := range r.B[r.Off : r.Off+6] {
		v = v<<8 | uint64(c)
	}
	r.Off += 6
	return v
}

// Bytes returns a copy of the next n bytes. It fails, allocating nothing,
// when fewer than n are left: a length read from the input is never
// trusted further than the input goes.
func (r *Reader) Bytes(n int, field string) []byte {
	if !r.need(n, field) {
		return nil
	}
	out := make([]byte, n)
	copy(out, r.B[r.Off:])
	r.Off += n
	return out
}

// Rest returns a copy of the bytes from Off to end (nil when none).
func (r *Reader) Rest(end int) []byte {
	if end > len(r.B) {
		end = len(r.B)
	}
	if r.Off >= end {
		return nil
	}
	out := append([]byte(nil), r.B[r.Off:end]...)
	r.Off = end
	return out
}

// Magic checks the 8-byte format identifier and version.
func (r *Reader) Magic(want string) {
	if !r.need(8, "format identifier") {
		return
	}
	if got := string(r.B[r.Off : r.Off+8]); got != want {
		r.Fail(r.Off, "format identifier", iso.ErrMagic, "%q, want %q", got, want)
		return
	}
	r.Off += 8
}

// MagicFMR20 checks the format identifier and version of a 378-2004 or
// 19794-2:2005 record, accepting the version "020" some producers write
// for " 20". It returns the version read when it is that variant, else "".
func (r *Reader) MagicFMR20() string {
	const own, variant = "FMR\x00 20\x00", "FMR\x00" + iso.Version20Variant + "\x00"
	if r.Off+8 <= len(r.B) && string(r.B[r.Off:r.Off+8]) == variant {
		r.Off += 8
		return iso.Version20Variant
	}
	r.Magic(own)
	return ""
}

// Finish is the end of a record read: it keeps the bytes after the last
// part (a "view", "image" or "representation") and the declared length
// where it disagrees with the content, reporting both.
func Finish(r *Reader, length uint64, part string) (trailing []byte, declared uint64) {
	end := uint64(r.Off)
	trailing = r.Rest(len(r.B))
	total := uint64(len(r.B))
	if length != total {
		declared = length
	}
	switch {
	case length < end:
		r.Problem(8, "record length", iso.ErrLength, "%d is shorter than the %d bytes of header and %ss", length, end, part)
	case length > total:
		r.Problem(8, "record length", iso.ErrLength, "%d is longer than the %d bytes present", length, total)
	case length > end:
		r.Problem(int(end), "", iso.ErrLength, "%d bytes after the last %s inside the record length (kept)", length-end, part)
	}
	if length < total && length >= end {
		r.Problem(int(length), "", iso.ErrTrailing, "%d bytes after the record's declared length %d (kept)", total-length, length)
	}
	return trailing, declared
}

// Outcome returns the record or the error, by mode: the zero record and
// the fatal error if any; else rec, beside the problems found in lenient
// mode if any.
func Outcome[T any](r *Reader, rec T) (T, error) {
	if r.Err != nil {
		var zero T
		return zero, r.Err
	}
	if len(r.Problems) > 0 {
		return rec, r.Problems
	}
	return rec, nil
}
