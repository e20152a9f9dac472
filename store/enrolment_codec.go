package store

import (
	"encoding/binary"
	"fmt"
	"math"
	"time"
)

// Stored form of an Enrolment (the value of bucket "enrolment"), compact
// because an embedded gallery holds one per subject and is read whole at
// every start (an EnrolledSample.Index is some 12 KB; JSON's base64 would
// add a third and its parsing dominate the rebuild):
//
//	byte     version 1
//	string   space, gallery, subject, partner, transaction, purpose, backend
//	varint   created: seconds since 1970 (UTC)
//	uvarint  created: nanoseconds within the second
//	uvarint  number of samples, then each sample:
//	  string  format
//	  varint  position
//	  bytes   data
//	  bytes   index
//
// where a string or bytes is a uvarint length and that many bytes.
// Decoding checks every length against the bytes left, so a damaged value
// gives an error, never a panic or an allocation larger than the value.
const enrolmentVersion = 1

// minSampleSize is the fewest bytes a sample takes (four empty fields),
// which bounds the sample count a value can claim.
const minSampleSize = 4

// EnrolmentFormatError reports a stored enrolment that cannot be decoded,
// with the byte offset of the fault.
type EnrolmentFormatError struct {
	Offset int
	Msg    string
}

func (e *EnrolmentFormatError) Error() string {
	return fmt.Sprintf("store: enrolment: %s at byte %d", e.Msg, e.Offset)
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendBytes(b, s []byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// encodeEnrolment writes e in the stored form.
func encodeEnrolment(e *Enrolment) []byte {
	size := 64 + len(e.Space) + len(e.Gallery) + len(e.Subject) + len(e.Partner) + len(e.Transaction) + len(e.Purpose) + len(e.Backend)
	for i := range e.Samples {
		s := &e.Samples[i]
		size += 32 + len(s.Format) + len(s.Data) + len(s.Index)
	}
	b := make([]byte, 0, size)
	b = append(b, enrolmentVersion)
	for _, s := range []string{e.Space, e.Gallery, e.Subject, e.Partner, e.Transaction, e.Purpose, e.Backend} {
		b = appendString(b, s)
	}
	created := e.Created.UTC()
	b = binary.AppendVarint(b, created.Unix())
	b = binary.AppendUvarint(b, uint64(created.Nanosecond()))
	b = binary.AppendUvarint(b, uint64(len(e.Samples)))
	for i := range e.Samples {
		s := &e.Samples[i]
		b = appendString(b, s.Format)
		b = binary.AppendVarint(b, int64(s.Position))
		b = appendBytes(b, s.Data)
		b = appendBytes(b, s.Index)
	}
	return b
}

// enrolmentReader reads the stored form; the first fault sticks.
type enrolmentReader struct {
	b   []byte
	off int
	err error
}

func (r *enrolmentReader) fail(msg string) {
	if r.err == nil {
		r.err = &EnrolmentFormatError{Offset: r.off, Msg: msg}
	}
}

// number reads the next varint (binary.Varint) or uvarint
// (binary.Uvarint).
func number[T int64 | uint64](r *enrolmentReader, what string, decode func([]byte) (T, int)) T {
	if r.err != nil {
		return 0
	}
	v, n := decode(r.b[r.off:])
	if n <= 0 {
		r.fail("bad " + what)
		return 0
	}
	r.off += n
	return v
}

func (r *enrolmentReader) uvarint(what string) uint64 { return number(r, what, binary.Uvarint) }

func (r *enrolmentReader) varint(what string) int64 { return number(r, what, binary.Varint) }

// bytes returns the next length-prefixed field as a slice of r.b (nil
// when empty).
func (r *enrolmentReader) bytes(what string) []byte {
	n := r.uvarint(what + " length")
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)-r.off) {
		r.fail(fmt.Sprintf("%s of %d bytes, %d left", what, n, len(r.b)-r.off))
		return nil
	}
	if n == 0 {
		return nil
	}
	s := r.b[r.off : r.off+int(n) : r.off+int(n)]
	r.off += int(n)
	return s
}

func (r *enrolmentReader) string(what string) string { return string(r.bytes(what)) }

// decodeEnrolment reads the stored form. The samples' Data and Index are
// slices of v, which the caller must own (bbolt's values are valid only
// inside their transaction: pass a copy).
func decodeEnrolment(v []byte) (*Enrolment, error) {
	if len(v) == 0 {
		return nil, &EnrolmentFormatError{0, "empty value"}
	}
	if v[0] != enrolmentVersion {
		return nil, &EnrolmentFormatError{0, fmt.Sprintf("version %d, want %d", v[0], enrolmentVersion)}
	}
	r := &enrolmentReader{b: v, off: 1}
	e := &Enrolment{}
	for _, f := range []struct {
		p    *string
		what string
	}{
		{&e.Space, "space"}, {&e.Gallery, "gallery"}, {&e.Subject, "subject"}, {&e.Partner, "partner"},
		{&e.Transaction, "transaction"}, {&e.Purpose, "purpose"}, {&e.Backend, "backend"},
	} {
		*f.p = r.string(f.what)
	}
	sec := r.varint("created seconds")
	nsec := r.uvarint("created nanoseconds")
	if r.err == nil && nsec >= uint64(time.Second) {
		r.fail(fmt.Sprintf("created nanoseconds %d", nsec))
	}
	e.Created = time.Unix(sec, int64(nsec)).UTC()
	n := r.uvarint("sample count")
	if r.err == nil && n > uint64((len(v)-r.off)/minSampleSize) {
		r.fail(fmt.Sprintf("%d samples in %d bytes", n, len(v)-r.off))
	}
	if r.err != nil {
		return nil, r.err
	}
	if n > 0 {
		e.Samples = make([]EnrolledSample, n)
	}
	for i := range e.Samples {
		s := &e.Samples[i]
		s.Format = r.string("sample format")
		pos := r.varint("sample position")
		if pos < math.MinInt32 || pos > math.MaxInt32 {
			r.fail(fmt.Sprintf("sample position %d", pos))
		}
		s.Position = int(pos)
		s.Data = r.bytes("sample data")
		s.Index = r.bytes("sample index")
	}
	if r.err == nil && r.off != len(v) {
		r.fail(fmt.Sprintf("%d bytes after the last sample", len(v)-r.off))
	}
	if r.err != nil {
		return nil, r.err
	}
	return e, nil
}

// EncodeEnrolment returns e in the compact stored form above, for other
// stores to keep as well (store/postgres does), so that every store reads
// and bounds an enrolment alike.
func EncodeEnrolment(e *Enrolment) []byte { return encodeEnrolment(e) }

// DecodeEnrolment reads an enrolment in the stored form; the samples'
// Data and Index share b's memory. A damaged value gives an
// *EnrolmentFormatError.
func DecodeEnrolment(b []byte) (*Enrolment, error) { return decodeEnrolment(b) }
