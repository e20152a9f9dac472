package nist

import (
	"bytes"
	"strconv"
)

// The separator characters of the traditional encoding (ANSI/NIST-ITL 1-2011
// §7.1, Table 2).
const (
	FS = 0x1C // ends a logical record
	GS = 0x1D // separates fields
	RS = 0x1E // separates repeated subfields
	US = 0x1F // separates information items
)

// Transaction is one ANSI/NIST-ITL transaction: a Type-1 record followed by
// the records that its field 1.003 CNT lists, in file order.
type Transaction struct {
	Records []*Record

	// Trailing holds input bytes the decoder could not place in a record:
	// bytes after the last record listed in 1.003, or what remains of a
	// record it could not read. Encode writes them back unchanged.
	Trailing []byte
}

// Record is one logical record. For tagged records the fields are in the
// order they were read; for binary records (types 3-8) they follow the
// record type's [BinaryLayout].
type Record struct {
	Type   int
	Fields []*Field

	// Offset is where the record began in the decoded input, -1 for a
	// record built in memory.
	Offset int64
}

// Field is one field of a record. Value holds the exact bytes between the
// tag's colon and the separator that ends the field, so subfields and items
// are views computed on demand (see [Field.Subfields]).
type Field struct {
	Number int
	Value  []byte

	// Binary marks opaque data that is never split at separators: the .999
	// image field of tagged image records and the data of binary records.
	Binary bool

	// Tag keeps the tag as written ("01.001") when it is not the canonical
	// form that [FieldTag] produces; "" otherwise.
	Tag string

	// Offset is where the field's tag began in the decoded input, -1 for a
	// field set in memory.
	Offset int64
}

// IsBinaryType reports whether records of type t use the binary layout of
// the traditional encoding (ANSI/NIST-ITL 1-2011 §8.3-8.8).
func IsBinaryType(t int) bool { return t >= 3 && t <= 8 }

// hasImageField reports whether field 999 of a tagged record of type t holds
// binary data whose length follows from LEN (ANSI/NIST-ITL 1-2011 §7.2.3:
// the .999 field is the last field and is not scanned for separators).
func hasImageField(t int) bool {
	switch t {
	case 10, 11, 12, 13, 14, 15, 16, 17, 19, 20, 21, 22, 99:
		return true
	}
	return false
}

// Text returns the value as a string.
func (f *Field) Text() string { return string(f.Value) }

// Int returns the value read as a decimal integer (leading zeros allowed).
func (f *Field) Int() (int, bool) { return atoi(f.Value) }

// Subfields splits the value into subfields and each subfield into items.
// A binary field is one subfield of one item.
func (f *Field) Subfields() [][]string {
	if f.Binary {
		return [][]string{{string(f.Value)}}
	}
	subs := bytes.Split(f.Value, []byte{RS})
	out := make([][]string, len(subs))
	for i, s := range subs {
		items := bytes.Split(s, []byte{US})
		out[i] = make([]string, len(items))
		for j, it := range items {
			out[i][j] = string(it)
		}
	}
	return out
}

// Item returns item j of subfield i, counting from 0, and whether it exists.
func (f *Field) Item(i, j int) (string, bool) {
	b, ok := f.itemBytes(i, j)
	return string(b), ok
}

func (f *Field) itemBytes(i, j int) ([]byte, bool) {
	if f.Binary {
		if i == 0 && j == 0 {
			return f.Value, true
		}
		return nil, false
	}
	sub, ok := nth(f.Value, RS, i)
	if !ok {
		return nil, false
	}
	return nth(sub, US, j)
}

// nth returns the n-th (from 0) part of b split at sep.
func nth(b []byte, sep byte, n int) ([]byte, bool) {
	for ; n > 0; n-- {
		k := bytes.IndexByte(b, sep)
		if k < 0 {
			return nil, false
		}
		b = b[k+1:]
	}
	if k := bytes.IndexByte(b, sep); k >= 0 {
		b = b[:k]
	}
	return b, true
}

// SubfieldCount returns the number of subfields.
func (f *Field) SubfieldCount() int {
	if f.Binary {
		return 1
	}
	return bytes.Count(f.Value, []byte{RS}) + 1
}

// SetText replaces the value with s.
func (f *Field) SetText(s string) {
	f.Value, f.Binary = []byte(s), false
}

// SetSubfields replaces the value with the given subfields, each a list of
// items, joined with RS and US.
func (f *Field) SetSubfields(subfields ...[]string) {
	f.Value, f.Binary = joinSubfields(subfields), false
}

func joinSubfields(subfields [][]string) []byte {
	var b []byte
	for i, s := range subfields {
		if i > 0 {
			b = append(b, RS)
		}
		for j, it := range s {
			if j > 0 {
				b = append(b, US)
			}
			b = append(b, it...)
		}
	}
	return b
}

// NewRecord returns an empty record of type t holding only its header
// fields: LEN and, except for Type-1, IDC (left empty until
// [Transaction.AddRecord] or the caller sets it). Binary types get every
// field of their [BinaryLayout]: numbers zero (FGP unused, 255), data empty.
func NewRecord(t int) *Record {
	r := &Record{Type: t, Offset: -1}
	if l := BinaryLayout(t); l != nil {
		for _, e := range l {
			f := &Field{Number: e.Number, Offset: -1, Binary: e.Size == 0}
			if !f.Binary && e.Number != 2 { // IDC stays empty until set
				v := "0"
				if e.Size == 1 && e.Count > 1 {
					v = "255"
					for k := 1; k < e.Count; k++ {
						v += "\x1f255"
					}
				}
				f.Value = []byte(v)
			}
			r.Fields = append(r.Fields, f)
		}
		return r
	}
	r.Fields = append(r.Fields, &Field{Number: 1, Value: []byte("0"), Offset: -1})
	if t != 1 {
		r.Fields = append(r.Fields, &Field{Number: 2, Offset: -1})
	}
	return r
}

// Field returns the first field with the given number, or nil.
func (r *Record) Field(number int) *Field {
	for _, f := range r.Fields {
		if f.Number == number {
			return f
		}
	}
	return nil
}

// Text returns the value of field number as a string, "" when absent.
func (r *Record) Text(number int) string {
	if f := r.Field(number); f != nil {
		return string(f.Value)
	}
	return ""
}

// Set sets field number to the text s, adding the field in field-number
// order (before a trailing .999 image field) when it is absent. It returns
// the field.
func (r *Record) Set(number int, s string) *Field {
	f := r.ensure(number)
	f.SetText(s)
	return f
}

// SetSubfields sets field number to the given subfields of items.
func (r *Record) SetSubfields(number int, subfields ...[]string) *Field {
	f := r.ensure(number)
	f.SetSubfields(subfields...)
	return f
}

// SetBinary sets field number to the opaque bytes data (not copied).
func (r *Record) SetBinary(number int, data []byte) *Field {
	f := r.ensure(number)
	f.Value, f.Binary = data, true
	return f
}

func (r *Record) ensure(number int) *Field {
	if f := r.Field(number); f != nil {
		return f
	}
	f := &Field{Number: number, Offset: -1}
	i := len(r.Fields)
	for i > 0 && r.Fields[i-1].Number > number {
		i--
	}
	r.Fields = append(r.Fields, nil)
	copy(r.Fields[i+1:], r.Fields[i:])
	r.Fields[i] = f
	return f
}

// Remove deletes every field with the given number and reports whether any
// was there.
func (r *Record) Remove(number int) bool {
	kept := r.Fields[:0]
	for _, f := range r.Fields {
		if f.Number != number {
			kept = append(kept, f)
		}
	}
	removed := len(kept) != len(r.Fields)
	clear(r.Fields[len(kept):])
	r.Fields = kept
	return removed
}

// IDC returns the record's information designation character (xx.002),
// and whether it is present and numeric. Type-1 has none.
func (r *Record) IDC() (int, bool) {
	if r.Type == 1 {
		return 0, false
	}
	f := r.Field(2)
	if f == nil {
		return 0, false
	}
	return f.Int()
}

// SetIDC sets the record's IDC, written on two digits as NBIS and most
// senders do ("%02d"). It does not touch 1.003; use [Transaction.SetIDC] on
// a record that belongs to a transaction.
func (r *Record) SetIDC(idc int) {
	s := strconv.Itoa(idc)
	if idc >= 0 && idc < 10 && !IsBinaryType(r.Type) {
		s = "0" + s
	}
	r.Set(2, s)
}

// atoi reads an unsigned decimal integer; false when b is empty, holds
// anything but digits, or overflows.
func atoi(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// ValueOffset returns where the value of field f (a field of r) began in
// the decoded input: just after the tag's colon, or at the first byte of a
// binary record's element. It returns -1 for a field set in memory.
func (r *Record) ValueOffset(f *Field) int64 {
	if f.Offset < 0 {
		return -1
	}
	if IsBinaryType(r.Type) {
		return f.Offset
	}
	return f.Offset + int64(tagLen(f, r.Type)) + 1
}

// ItemOffset returns where item j of subfield i (counting from 0) of field
// f began in the decoded input, or -1 when the field was set in memory or
// has no such item. Conformance findings use it to point at an item.
func (r *Record) ItemOffset(f *Field, i, j int) int64 {
	base := r.ValueOffset(f)
	if base < 0 {
		return -1
	}
	if f.Binary || IsBinaryType(r.Type) {
		if i != 0 || j < 0 {
			return -1
		}
		if IsBinaryType(r.Type) && !f.Binary {
			// A multi-value element such as FGP: one value per byte.
			for _, e := range BinaryLayout(r.Type) {
				if e.Number == f.Number && j < e.Count {
					return base + int64(j*e.Size)
				}
			}
			return -1
		}
		if j != 0 {
			return -1
		}
		return base
	}
	pos := 0
	for k := 0; k < i; k++ {
		n := bytes.IndexByte(f.Value[pos:], RS)
		if n < 0 {
			return -1
		}
		pos += n + 1
	}
	for k := 0; k < j; k++ {
		n := bytes.IndexAny(f.Value[pos:], "\x1e\x1f")
		if n < 0 || f.Value[pos+n] == RS {
			return -1
		}
		pos += n + 1
	}
	return base + int64(pos)
}
