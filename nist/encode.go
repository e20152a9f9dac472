package nist

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
)

// Encode writes t in the traditional encoding. Every record's LEN is
// recomputed (the text of a LEN that is already right is kept, so a decoded
// transaction re-encodes to the same bytes); everything else is written as
// it is in the model, followed by t.Trailing. Encode does not modify t.
func Encode(w io.Writer, t *Transaction) error {
	bw := bufio.NewWriterSize(w, 32<<10)
	if err := encodeTo(bw, t); err != nil {
		return err
	}
	return bw.Flush()
}

// Marshal returns the traditional encoding of t.
func Marshal(t *Transaction) ([]byte, error) {
	b, err := Append(nil, t)
	if err != nil {
		return nil, err
	}
	return b, nil
}

// Append appends the traditional encoding of t to dst and returns the
// extended slice, so a caller that encodes many transactions can reuse one
// buffer.
func Append(dst []byte, t *Transaction) ([]byte, error) {
	if need := len(dst) + t.sizeHint(); cap(dst) < need {
		grown := make([]byte, len(dst), need)
		copy(grown, dst)
		dst = grown
	}
	w := appendWriter{dst}
	if err := encodeTo(&w, t); err != nil {
		return dst, err
	}
	return w.b, nil
}

// appendWriter is an io.Writer and io.ByteWriter that appends to a slice.
type appendWriter struct{ b []byte }

func (w *appendWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}

func (w *appendWriter) WriteByte(c byte) error {
	w.b = append(w.b, c)
	return nil
}

// EncodeRecord writes one record in the traditional encoding, with its LEN
// recomputed. It is the byte range a signature over a record covers.
func EncodeRecord(w io.Writer, r *Record) error {
	bw := bufio.NewWriterSize(w, 4<<10)
	if err := encodeRecord(bw, r, 0); err != nil {
		return err
	}
	return bw.Flush()
}

type byteWriter interface {
	io.Writer
	io.ByteWriter
}

func (t *Transaction) sizeHint() int {
	n := len(t.Trailing)
	for _, r := range t.Records {
		for _, f := range r.Fields {
			n += len(f.Value) + 16
		}
	}
	return n
}

func encodeTo(w byteWriter, t *Transaction) error {
	if len(t.Records) == 0 {
		return &FormatError{Offset: -1, Err: ErrValue, Msg: "a transaction needs a Type-1 record"}
	}
	if t.Records[0].Type != 1 {
		return &FormatError{Offset: -1, Record: 1, RecordType: t.Records[0].Type, Err: ErrValue, Msg: "the first record must be Type-1"}
	}
	for i, r := range t.Records {
		if err := encodeRecord(w, r, i+1); err != nil {
			return err
		}
	}
	_, err := w.Write(t.Trailing)
	return err
}

func encodeRecord(w byteWriter, r *Record, idx int) error {
	if r.Type < 1 || r.Type > 99 {
		return &FormatError{Offset: -1, Record: idx, RecordType: r.Type, Err: ErrValue, Msg: fmt.Sprintf("record type %d is outside 1-99", r.Type)}
	}
	if IsBinaryType(r.Type) {
		return encodeBinary(w, r, idx)
	}
	return encodeTagged(w, r, idx)
}

// encodeTagged writes a tagged record (§7.1-7.2): "T.F:value" fields
// separated by GS, the last one ended by FS.
func encodeTagged(w byteWriter, r *Record, idx int) error {
	fail := func(f *Field, msg string) error {
		return &FormatError{Offset: -1, Record: idx, RecordType: r.Type, Field: f.Number, Err: ErrValue, Msg: msg}
	}
	if len(r.Fields) == 0 {
		return &FormatError{Offset: -1, Record: idx, RecordType: r.Type, Err: ErrValue, Msg: "a tagged record needs at least one field"}
	}
	// LEN is the first field numbered 1, normally the record's first
	// field. A record read without one (reported by the decoder) is
	// written without one.
	lenAt := -1
	for i, f := range r.Fields {
		if f.Number == 1 {
			lenAt = i
			break
		}
	}
	rest := 0
	for i, f := range r.Fields {
		if f.Number < 0 || f.Number > 999999999 {
			return fail(f, fmt.Sprintf("field number %d is outside 0-999999999", f.Number))
		}
		if f.Tag != "" {
			if typ, num, _, _, err := parseTag([]byte(f.Tag+":"), 0); err != nil || typ < 1 || typ > 99 || num != f.Number {
				return fail(f, fmt.Sprintf("tag %q does not spell %s", f.Tag, FieldTag(r.Type, f.Number)))
			}
		}
		image := f.Binary && f.Number == 999 && hasImageField(r.Type)
		if image && i != len(r.Fields)-1 {
			return fail(f, "the image field must be the last field of its record")
		}
		if !image {
			if k := indexFieldEnd(f.Value, 0); k >= 0 {
				return fail(f, fmt.Sprintf("value holds %s at byte %d, which would end the field", describeByte(f.Value[k]), k))
			}
		}
		if i != lenAt {
			rest += tagLen(f, r.Type) + 1 + len(f.Value) + 1
		}
	}
	var lenText []byte
	if lenAt >= 0 {
		lenField := r.Fields[lenAt]
		fixed := tagLen(lenField, r.Type) + 2 // tag, ':' and the separator after the value
		lenText = lenField.Value
		if n, ok := atoi(lenText); !ok || n != rest+fixed+len(lenText) {
			lenText = strconv.AppendInt(nil, int64(recordLength(rest+fixed)), 10)
		}
	}
	var scratch [32]byte
	for i, f := range r.Fields {
		tag := scratch[:0]
		if f.Tag != "" {
			tag = append(tag, f.Tag...)
		} else {
			tag = appendTag(tag, r.Type, f.Number)
		}
		tag = append(tag, ':')
		if _, err := w.Write(tag); err != nil {
			return err
		}
		v := f.Value
		if i == lenAt {
			v = lenText
		}
		if _, err := w.Write(v); err != nil {
			return err
		}
		sep := byte(GS)
		if i == len(r.Fields)-1 {
			sep = FS
		}
		if err := w.WriteByte(sep); err != nil {
			return err
		}
	}
	return nil
}

// recordLength solves LEN = base + digits(LEN), the self-referential length
// of a tagged record whose other bytes number base (§7.2.1, field xx.001).
func recordLength(base int) int {
	for d := 1; ; d++ {
		n := base + d
		if len(strconv.Itoa(n)) == d {
			return n
		}
	}
}

// encodeBinary writes a binary record (§8): the header elements of the
// type's layout, big-endian, then the data; LEN counts the whole record.
func encodeBinary(w byteWriter, r *Record, idx int) error {
	layout := BinaryLayout(r.Type)
	fail := func(field int, msg string) error {
		return &FormatError{Offset: -1, Record: idx, RecordType: r.Type, Field: field, Err: ErrValue, Msg: msg}
	}
	for _, f := range r.Fields {
		if f.Number < 1 || f.Number > len(layout) {
			return fail(f.Number, fmt.Sprintf("a binary Type-%d record has no field %s", r.Type, FieldTag(r.Type, f.Number)))
		}
	}
	var hdr [32]byte
	h := hdr[:0]
	var data []byte
	missing := 0 // the first layout element absent from the record
	for _, e := range layout {
		f := r.Field(e.Number)
		if e.Number == 1 {
			h = append(h, 0, 0, 0, 0) // LEN, filled in below
			continue
		}
		if f == nil {
			// A record may stop short of its full header (as decoded
			// from a short record) but may not skip an element.
			if missing == 0 {
				missing = e.Number
			}
			continue
		}
		if missing != 0 {
			return fail(missing, fmt.Sprintf("%s %s is missing but later fields are present", FieldTag(r.Type, missing), layout[missing-1].Mnemonic))
		}
		if e.Size == 0 {
			data = f.Value
			continue
		}
		items := bytes.Split(f.Value, []byte{US})
		if len(items) != e.Count {
			return fail(e.Number, fmt.Sprintf("%s %s needs %d values, has %d", FieldTag(r.Type, e.Number), e.Mnemonic, e.Count, len(items)))
		}
		for _, it := range items {
			v, ok := atoi(it)
			if !ok || v >= 1<<(8*e.Size) {
				return fail(e.Number, fmt.Sprintf("%s %s value %q is not a number that fits %d byte(s)", FieldTag(r.Type, e.Number), e.Mnemonic, it, e.Size))
			}
			for k := e.Size - 1; k >= 0; k-- {
				h = append(h, byte(v>>(8*k)))
			}
		}
	}
	total := uint64(len(h)) + uint64(len(data))
	if total > 0xFFFFFFFF {
		return fail(1, fmt.Sprintf("the record is %d bytes, more than a 4-byte LEN can state", total))
	}
	h[0], h[1], h[2], h[3] = byte(total>>24), byte(total>>16), byte(total>>8), byte(total)
	if _, err := w.Write(h); err != nil {
		return err
	}
	_, err := w.Write(data)
	return err
}
