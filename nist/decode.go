package nist

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
)

// DefaultMaxSize is the largest input Decode reads from an io.Reader when
// DecodeOptions.MaxSize is zero. It is an implementation limit, not one of
// the standard (which sets none).
const DefaultMaxSize = 1 << 30

// DecodeOptions adjusts decoding. The zero value decodes strictly.
type DecodeOptions struct {
	// Lenient makes the decoder go on past every problem it can recover
	// from and return the transaction together with the Problems found.
	Lenient bool

	// MaxSize bounds the bytes Decode reads from its reader; 0 means
	// DefaultMaxSize.
	MaxSize int64
}

// Decode reads a whole transaction in the traditional encoding from r.
// See DecodeBytes for what it returns.
func Decode(r io.Reader, opts *DecodeOptions) (*Transaction, error) {
	limit := int64(DefaultMaxSize)
	if opts != nil && opts.MaxSize > 0 {
		limit = opts.MaxSize
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, &FormatError{Offset: limit, Msg: fmt.Sprintf("input is larger than the %d-byte limit", limit)}
	}
	return DecodeBytes(b, opts)
}

// DecodeBytes decodes the transaction held in b. The transaction refers to
// b (image data is not copied), so b must not be modified afterwards.
//
// In strict mode (opts nil or not Lenient) the first problem is returned as
// a *FormatError and the transaction is nil. In lenient mode the transaction
// is returned with a Problems error listing every recoverable problem, or
// with a nil error when there were none; only an unreadable Type-1 record
// makes it return a nil transaction.
func DecodeBytes(b []byte, opts *DecodeOptions) (*Transaction, error) {
	d := &decoder{b: b, lenient: opts != nil && opts.Lenient}
	t, err := d.decode()
	if err != nil {
		return nil, err
	}
	if len(d.problems) > 0 {
		return t, d.problems
	}
	return t, nil
}

type decoder struct {
	b        []byte
	lenient  bool
	problems Problems
}

// report records a recoverable problem. In strict mode it returns the
// problem, which the caller returns as the decode error.
func (d *decoder) report(e *FormatError) error {
	if !d.lenient {
		return e
	}
	d.problems = append(d.problems, e)
	return nil
}

// cntEntry is one record listed in 1.003 CNT (§7.2.3 Table 9, CNT: REC and IDC).
type cntEntry struct {
	typ, idc int // idc is -1 when unreadable
}

func (d *decoder) decode() (*Transaction, error) {
	if len(d.b) == 0 {
		return nil, &FormatError{Offset: 0, Err: ErrTruncated, Msg: "empty input"}
	}
	t := &Transaction{}
	r1, off, err := d.readTagged(0, 1, 1)
	if err != nil {
		return nil, err
	}
	t.Records = append(t.Records, r1)
	if err := d.checkVersion(r1); err != nil {
		return nil, err
	}
	entries, err := d.readCNT(r1)
	if err != nil {
		return nil, err
	}
	for i, e := range entries {
		idx := i + 2
		if off >= len(d.b) {
			err := d.report(&FormatError{Offset: int64(off), Record: idx, RecordType: e.typ, Err: ErrTruncated,
				Msg: fmt.Sprintf("1.003 CNT lists %d records after Type-1 but the input ends after %d", len(entries), i)})
			if err != nil {
				return nil, err
			}
			break
		}
		var rec *Record
		var next int
		if IsBinaryType(e.typ) {
			rec, next, err = d.readBinary(off, e.typ, idx)
		} else {
			rec, next, err = d.readTagged(off, e.typ, idx)
		}
		if err != nil {
			if !d.lenient {
				return nil, err
			}
			// Keep what cannot be read, so that nothing is lost.
			d.problems = append(d.problems, toFormatError(err))
			t.Trailing = d.b[off:]
			off = len(d.b)
			break
		}
		if err := d.checkIDC(rec, e, idx); err != nil {
			return nil, err
		}
		t.Records = append(t.Records, rec)
		off = next
	}
	if off < len(d.b) {
		t.Trailing = d.b[off:]
		err := d.report(&FormatError{Offset: int64(off), Err: ErrTrailingData, Msg: d.describeTrailing(off)})
		if err != nil {
			return nil, err
		}
	}
	if err := d.checkEncoding(t); err != nil {
		return nil, err
	}
	return t, nil
}

func toFormatError(err error) *FormatError {
	if fe, ok := err.(*FormatError); ok {
		return fe
	}
	return &FormatError{Offset: -1, Msg: err.Error()}
}

// describeTrailing says what the bytes after the last listed record look like.
func (d *decoder) describeTrailing(off int) string {
	n := len(d.b) - off
	msg := fmt.Sprintf("%d bytes follow the last record listed in 1.003 CNT; they are kept as trailing data", n)
	if typ, _, _, _, err := parseTag(d.b, off); err == nil {
		msg += fmt.Sprintf(" (they begin like a Type-%d record that 1.003 does not list)", typ)
	}
	return msg
}

// parseTag reads a field tag "T.F:" at off (§7.1: the record type, a period,
// the field number, a colon). Leading zeros and short field numbers are
// accepted, as NBIS does; raw is the tag text when it is not canonical.
func parseTag(b []byte, off int) (typ, num, next int, raw string, err error) {
	p := off
	typ, p, err = parseTagNumber(b, p, '.', "record type")
	if err != nil {
		return
	}
	typeDigits := b[off : p-1]
	fieldStart := p
	num, p, err = parseTagNumber(b, p, ':', "field number")
	if err != nil {
		return
	}
	fieldDigits := b[fieldStart : p-1]
	canonical := (len(typeDigits) == 1 || typeDigits[0] != '0') &&
		(len(fieldDigits) == 3 || len(fieldDigits) > 3 && fieldDigits[0] != '0')
	if !canonical {
		raw = string(b[off : p-1])
	}
	return typ, num, p, raw, nil
}

func parseTagNumber(b []byte, p int, end byte, what string) (int, int, error) {
	start, n := p, 0
	for ; p < len(b) && p-start < 10; p++ {
		c := b[p]
		if c >= '0' && c <= '9' {
			n = n*10 + int(c-'0')
			continue
		}
		if c == end && p > start {
			return n, p + 1, nil
		}
		if p == start {
			return 0, p, &FormatError{Offset: int64(p), Err: ErrTag,
				Msg: fmt.Sprintf("field tag: expected the digits of a %s, found %s", what, describeByte(c))}
		}
		return 0, p, &FormatError{Offset: int64(p), Err: ErrTag,
			Msg: fmt.Sprintf("field tag: expected a digit or %q after the %s, found %s", end, what, describeByte(c))}
	}
	if p >= len(b) {
		return 0, p, &FormatError{Offset: int64(p), Err: ErrTruncated, Msg: "input ends inside a field tag"}
	}
	return 0, p, &FormatError{Offset: int64(start), Err: ErrTag, Msg: fmt.Sprintf("field tag: %s has more than 9 digits", what)}
}

func describeByte(c byte) string {
	switch c {
	case FS:
		return "FS (0x1C)"
	case GS:
		return "GS (0x1D)"
	case RS:
		return "RS (0x1E)"
	case US:
		return "US (0x1F)"
	}
	if c >= 0x20 && c < 0x7f {
		return strconv.QuoteRune(rune(c))
	}
	return fmt.Sprintf("byte 0x%02X", c)
}

// readTagged reads the tagged record that starts at off and is expected to
// be of type want (§7.1-7.2). It returns the record and the offset after it.
func (d *decoder) readTagged(off, want, idx int) (*Record, int, error) {
	start := off
	rec := &Record{Type: want, Offset: int64(start), Fields: make([]*Field, 0, 16)}
	loc := func(e error, field int) error {
		fe := toFormatError(e)
		fe.Record, fe.RecordType, fe.Field = idx, rec.Type, field
		return fe
	}
	declared := -1
	for {
		fieldStart := off
		typ, num, p, raw, err := parseTag(d.b, off)
		if err != nil {
			return nil, 0, loc(err, 0)
		}
		if len(rec.Fields) == 0 {
			if typ != want {
				if want == 1 {
					return nil, 0, loc(&FormatError{Offset: int64(off), Err: ErrTag,
						Msg: fmt.Sprintf("a transaction must begin with a Type-1 record but its first tag names Type-%d", typ)}, 0)
				}
				if !d.lenient || typ < 1 || typ > 99 || IsBinaryType(typ) {
					return nil, 0, loc(&FormatError{Offset: int64(off), Err: ErrCount,
						Msg: fmt.Sprintf("the record should be Type-%d (1.003 CNT) but its first tag names Type-%d", want, typ)}, 0)
				}
				rec.Type = typ
				d.problems = append(d.problems, &FormatError{Offset: int64(off), Record: idx, RecordType: typ, Err: ErrCount,
					Msg: fmt.Sprintf("1.003 CNT lists Type-%d here but the record is Type-%d", want, typ)})
			}
			if num != 1 {
				if err := d.report(&FormatError{Offset: int64(off), Record: idx, RecordType: typ, Field: num, Err: ErrTag,
					Msg: fmt.Sprintf("the first field of a record must be %s LEN", FieldTag(typ, 1))}); err != nil {
					return nil, 0, err
				}
			}
		} else if typ != rec.Type {
			// A tag naming another existing record type is kept as written
			// (NBIS reads it by its field number); one naming no record
			// type at all leaves the field unplaceable.
			if typ < 1 || typ > 99 {
				return nil, 0, loc(&FormatError{Offset: int64(off), Err: ErrTag,
					Msg: fmt.Sprintf("field tag %s names record type %d, which does not exist, inside a Type-%d record", d.b[off:p-1], typ, rec.Type)}, num)
			}
			if err := d.report(&FormatError{Offset: int64(off), Record: idx, RecordType: rec.Type, Field: num, Err: ErrTag,
				Msg: fmt.Sprintf("field tag %s names record type %d inside a Type-%d record; read as field %s", d.b[off:p-1], typ, rec.Type, FieldTag(rec.Type, num))}); err != nil {
				return nil, 0, err
			}
			raw = string(d.b[off : p-1])
		}
		if num == 0 {
			if err := d.report(&FormatError{Offset: int64(off), Record: idx, RecordType: rec.Type, Err: ErrTag,
				Msg: fmt.Sprintf("field tag %s has field number 0, which no record defines", d.b[off:p-1])}); err != nil {
				return nil, 0, err
			}
		}
		f := &Field{Number: num, Tag: raw, Offset: int64(fieldStart)}
		if num == 999 && hasImageField(rec.Type) {
			// §7.2.3: the image field's length is implied by LEN; its
			// bytes are not scanned for separators.
			end, err := d.imageEnd(start, p, declared, rec.Type)
			if err != nil {
				return nil, 0, loc(err, num)
			}
			f.Value, f.Binary = d.b[p:end], true
			rec.Fields = append(rec.Fields, f)
			return rec, end + 1, nil
		}
		j := indexFieldEnd(d.b, p)
		if j < 0 {
			return nil, 0, loc(&FormatError{Offset: int64(len(d.b)), Err: ErrTruncated,
				Msg: "input ends before the GS or FS that ends the field"}, num)
		}
		f.Value = d.b[p:j]
		rec.Fields = append(rec.Fields, f)
		if num == 1 && declared < 0 {
			if n, ok := atoi(f.Value); ok {
				declared = n
			} else if err := d.report(&FormatError{Offset: int64(p), Record: idx, RecordType: rec.Type, Field: 1, Err: ErrLength,
				Msg: fmt.Sprintf("LEN %q is not a decimal number", f.Value)}); err != nil {
				return nil, 0, err
			}
		}
		off = j + 1
		if d.b[j] == FS {
			break
		}
	}
	if declared >= 0 && declared != off-start {
		if err := d.report(&FormatError{Offset: int64(start), Record: idx, RecordType: rec.Type, Field: 1, Err: ErrLength,
			Msg: fmt.Sprintf("LEN is %d but the record is %d bytes long (up to and including its FS at byte %d; LEN is %s)",
				declared, off-start, off-1, lenMiss(declared, off-start))}); err != nil {
			return nil, 0, err
		}
	}
	return rec, off, nil
}

// indexFieldEnd returns the index of the first GS or FS at or after p, or -1.
func indexFieldEnd(b []byte, p int) int {
	for j := p; j < len(b); j++ {
		if c := b[j]; c == GS || c == FS {
			return j
		}
	}
	return -1
}

// imageEnd returns the index of the FS that ends a tagged image record whose
// .999 value begins at p.
func (d *decoder) imageEnd(start, p, declared, typ int) (int, error) {
	if declared < 0 {
		return 0, &FormatError{Offset: int64(p), Err: ErrLength,
			Msg: fmt.Sprintf("no valid LEN before the image field, so its length is unknown (%s must come first)", FieldTag(typ, 1))}
	}
	remain := len(d.b) - start
	if declared > remain {
		return 0, &FormatError{Offset: int64(start), Err: ErrTruncated,
			Msg: fmt.Sprintf("LEN says the record is %d bytes but only %d remain", declared, remain)}
	}
	end := start + declared - 1
	if end < p {
		return 0, &FormatError{Offset: int64(start), Err: ErrLength,
			Msg: fmt.Sprintf("LEN %d ends the record before its image field begins at byte %d", declared, p)}
	}
	if d.b[end] != FS {
		msg := fmt.Sprintf("the byte where LEN %d ends the record is %s, not FS", declared, describeByte(d.b[end]))
		if q := d.nearbyRecordEnd(p, end); q >= 0 {
			msg += fmt.Sprintf("; the record's FS is at byte %d (LEN is %s)", q, lenMiss(declared, q-start+1))
		}
		return 0, &FormatError{Offset: int64(end), Err: ErrSeparator, Msg: msg}
	}
	return end, nil
}

// recordEndWindow is how far from where LEN ends an image record
// nearbyRecordEnd looks for the FS that really ends it.
const recordEndWindow = 16

// nearbyRecordEnd returns the FS nearest to end (within recordEndWindow
// bytes, not before the image field at p) that can end a record: the last
// byte of the input, or one followed by the digits of the next record's
// tag. It returns -1 when there is none: image data may hold any byte, so
// the FS is only named where the bytes around it say so.
func (d *decoder) nearbyRecordEnd(p, end int) int {
	endsRecord := func(q int) bool {
		if q < p || q >= len(d.b) || d.b[q] != FS {
			return false
		}
		return q == len(d.b)-1 || isDigit(d.b[q+1])
	}
	for k := 1; k <= recordEndWindow; k++ {
		if endsRecord(end + k) {
			return end + k
		}
		if endsRecord(end - k) {
			return end - k
		}
	}
	return -1
}

// lenMiss says how LEN differs from the record's length n: "1 byte short".
func lenMiss(declared, n int) string {
	diff, how := n-declared, "short"
	if diff < 0 {
		diff, how = -diff, "too long"
	}
	unit := "bytes"
	if diff == 1 {
		unit = "byte"
	}
	return fmt.Sprintf("%d %s %s", diff, unit, how)
}

// readBinary reads a binary record of type typ at off (§8.3-8.8): a 4-byte
// big-endian LEN that counts itself, then the header of the type's layout,
// then data up to LEN. There is no FS.
func (d *decoder) readBinary(off, typ, idx int) (*Record, int, error) {
	layout := BinaryLayout(typ)
	hdr := binaryHeaderSize(layout)
	remain := len(d.b) - off
	fail := func(e error, field int, at int, msg string) error {
		return &FormatError{Offset: int64(at), Record: idx, RecordType: typ, Field: field, Err: e, Msg: msg}
	}
	if remain < 4 {
		return nil, 0, fail(ErrTruncated, 1, off, fmt.Sprintf("a binary Type-%d record needs a 4-byte LEN but %d bytes remain", typ, remain))
	}
	n64 := readUint(d.b[off : off+4])
	if n64 < 4 {
		return nil, 0, fail(ErrBinaryHeader, 1, off, fmt.Sprintf("LEN %d is smaller than the LEN field itself", n64))
	}
	if n64 > uint64(remain) {
		return nil, 0, fail(ErrTruncated, 1, off, fmt.Sprintf("LEN says the record is %d bytes but only %d remain", n64, remain))
	}
	n := int(n64)
	// A record shorter than its header keeps the elements that fit whole
	// (a "deprecated record" of only LEN and IDC, say), reported.
	if n < hdr {
		whole, size := 0, 0
		for _, e := range layout {
			if e.Size == 0 || size+e.Size*e.Count > n {
				break
			}
			size += e.Size * e.Count
			whole++
		}
		if size != n {
			return nil, 0, fail(ErrBinaryHeader, 1, off, fmt.Sprintf("LEN %d ends the record inside its %d-byte Type-%d header", n, hdr, typ))
		}
		if err := d.report(&FormatError{Offset: int64(off), Record: idx, RecordType: typ, Field: 1, Err: ErrBinaryHeader,
			Msg: fmt.Sprintf("LEN %d is shorter than the %d-byte Type-%d header; only its first %d elements are present", n, hdr, typ, whole)}); err != nil {
			return nil, 0, err
		}
		layout = layout[:whole]
	}
	rec := &Record{Type: typ, Offset: int64(off), Fields: make([]*Field, len(layout))}
	fields := make([]Field, len(layout))
	text := make([]byte, 0, 64)
	p := off
	for i, e := range layout {
		f := &fields[i]
		f.Number, f.Offset = e.Number, int64(p)
		if e.Size == 0 {
			f.Value, f.Binary = d.b[p:off+n], true
		} else {
			s := len(text)
			for k := 0; k < e.Count; k++ {
				if k > 0 {
					text = append(text, US)
				}
				text = strconv.AppendUint(text, readUint(d.b[p:p+e.Size]), 10)
				p += e.Size
			}
			f.Value = text[s:len(text):len(text)]
		}
		rec.Fields[i] = f
	}
	return rec, off + n, nil
}

// readCNT reads 1.003 CNT (§7.2.3 Table 9): a first subfield FRC␟CRC, then
// one REC␟IDC subfield per record after Type-1, in file order.
func (d *decoder) readCNT(r1 *Record) ([]cntEntry, error) {
	f := r1.Field(3)
	if f == nil {
		return nil, &FormatError{Offset: -1, Record: 1, RecordType: 1, Field: 3, Err: ErrCount,
			Msg: "1.003 CNT is missing, so the records after Type-1 cannot be read"}
	}
	base := f.Offset + int64(tagLen(f, 1)) + 1
	if n := bytes.Count(f.Value, []byte{RS}); n > MaxRecords-1 {
		return nil, &FormatError{Offset: base, Record: 1, RecordType: 1, Field: 3, Err: ErrCount,
			Msg: fmt.Sprintf("1.003 CNT lists %d records after Type-1; at most %d are allowed (§7.2.3 Table 9, CRC)", n, MaxRecords-1)}
	}
	subs := bytes.Split(f.Value, []byte{RS})
	var entries []cntEntry
	pos := base
	for i, s := range subs {
		at := pos
		pos += int64(len(s)) + 1
		items := bytes.Split(s, []byte{US})
		problem := func(item int, msg string) error {
			return d.report(&FormatError{Offset: at, Record: 1, RecordType: 1, Field: 3, Subfield: i + 1, Item: item, Err: ErrCount, Msg: msg})
		}
		if len(items) != 2 {
			if err := problem(0, fmt.Sprintf("subfield has %d information items, want 2", len(items))); err != nil {
				return nil, err
			}
		}
		if i == 0 {
			if string(items[0]) != "1" {
				if err := problem(1, fmt.Sprintf("FRC is %q, want 1 (the Type-1 record itself)", items[0])); err != nil {
					return nil, err
				}
			}
			if len(items) > 1 {
				crc, ok := atoi(items[1])
				if !ok || crc != len(subs)-1 {
					if err := problem(2, fmt.Sprintf("CRC is %q but %d records are listed after the first subfield", items[1], len(subs)-1)); err != nil {
						return nil, err
					}
				}
			}
			continue
		}
		typ, ok := atoi(items[0])
		if !ok || typ < 1 || typ > 99 {
			return nil, &FormatError{Offset: at, Record: 1, RecordType: 1, Field: 3, Subfield: i + 1, Item: 1, Err: ErrCount,
				Msg: fmt.Sprintf("REC %q is not a record type (1-99), so record %d cannot be read", items[0], i+1)}
		}
		e := cntEntry{typ: typ, idc: -1}
		if len(items) > 1 {
			if idc, ok := atoi(items[1]); ok {
				e.idc = idc
			} else if err := problem(2, fmt.Sprintf("IDC %q is not a number", items[1])); err != nil {
				return nil, err
			}
		}
		entries = append(entries, e)
	}
	return entries, nil
}

// tagLen returns the length of the field's tag as written (without the colon).
func tagLen(f *Field, recordType int) int {
	if f.Tag != "" {
		return len(f.Tag)
	}
	return len(appendTag(make([]byte, 0, 16), recordType, f.Number))
}

func (d *decoder) checkIDC(rec *Record, e cntEntry, idx int) error {
	if e.idc < 0 {
		return nil
	}
	idc, ok := rec.IDC()
	if ok && idc == e.idc {
		return nil
	}
	at := rec.Offset
	msg := fmt.Sprintf("the record has no numeric IDC but 1.003 CNT lists IDC %d for it", e.idc)
	if ok {
		msg = fmt.Sprintf("IDC is %d but 1.003 CNT lists IDC %d for this record", idc, e.idc)
	}
	if f := rec.Field(2); f != nil {
		at = f.Offset
	}
	return d.report(&FormatError{Offset: at, Record: idx, RecordType: rec.Type, Field: 2, Err: ErrIDC, Msg: msg})
}

func (d *decoder) checkVersion(r1 *Record) error {
	f := r1.Field(2)
	if f == nil {
		return d.report(&FormatError{Offset: -1, Record: 1, RecordType: 1, Field: 2, Err: ErrVersion, Msg: "1.002 VER is missing"})
	}
	v, ok := ParseVersion(string(f.Value))
	if ok && v.Known() {
		return nil
	}
	msg := fmt.Sprintf("VER %q is not one of 0200, 0201, 0300, 0400, 0500, 0501, 0502; read as the 2011 family", f.Value)
	if !ok {
		msg = fmt.Sprintf("VER %q is not four digits; read as the 2011 family", f.Value)
	}
	return d.report(&FormatError{Offset: f.Offset + int64(tagLen(f, 1)) + 1, Record: 1, RecordType: 1, Field: 2, Err: ErrVersion, Msg: msg})
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
