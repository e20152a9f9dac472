package nist

import (
	"bytes"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// CharacterSet is the character encoding index (CSI) of field 1.015 DCS
// (ANSI/NIST-ITL 1-2011 §5.5, Table 4).
type CharacterSet int

// The character sets of Table 4. Latin1 (CSI 1) was defined up to the 2007
// version and is accepted on reading.
const (
	ASCII  CharacterSet = 0
	Latin1 CharacterSet = 1
	UTF16  CharacterSet = 2
	UTF8   CharacterSet = 3
	UTF32  CharacterSet = 4
)

func (c CharacterSet) String() string {
	switch c {
	case ASCII:
		return "ASCII"
	case Latin1:
		return "Latin-1"
	case UTF16:
		return "UTF-16"
	case UTF8:
		return "UTF-8"
	case UTF32:
		return "UTF-32"
	}
	if c >= 128 && c <= 999 {
		return fmt.Sprintf("user-defined %d", int(c))
	}
	return fmt.Sprintf("reserved %d", int(c))
}

// CharacterSet returns the encoding that 1.015 DCS declares for the text of
// records other than Type-1, and whether DCS is present with a numeric CSI.
// Without DCS the text is 7-bit ASCII (§5.5).
func (t *Transaction) CharacterSet() (CharacterSet, bool) {
	if len(t.Records) == 0 {
		return ASCII, false
	}
	f := t.Records[0].Field(15)
	if f == nil {
		return ASCII, false
	}
	csi, ok := f.itemBytes(0, 0)
	if !ok {
		return ASCII, false
	}
	n, ok := atoi(csi)
	if !ok {
		return ASCII, false
	}
	return CharacterSet(n), true
}

// checkEncoding reports text that breaks the declared encoding: Type-1 is
// always 7-bit ASCII (§5.5, §8.1); other records follow 1.015 DCS. Binary
// values are never checked.
func (d *decoder) checkEncoding(t *Transaction) error {
	cs, declared := t.CharacterSet()
	switch {
	case cs == ASCII, cs == Latin1, cs == UTF16, cs == UTF8, cs == UTF32, cs >= 128 && cs <= 999:
	default:
		f := t.Records[0].Field(15)
		if err := d.report(&FormatError{Offset: f.Offset, Record: 1, RecordType: 1, Field: 15, Subfield: 1, Item: 1, Err: ErrEncoding,
			Msg: fmt.Sprintf("1.015 DCS names %s, which Table 4 does not define; text is not checked", cs)}); err != nil {
			return err
		}
	}
	for i, r := range t.Records {
		if IsBinaryType(r.Type) {
			continue
		}
		rcs := cs
		if r.Type == 1 {
			rcs = ASCII
		}
		for _, f := range r.Fields {
			if f.Binary {
				continue
			}
			bad, why := checkText(f.Value, rcs)
			if bad < 0 {
				continue
			}
			sub, item := locateItem(f.Value, bad)
			msg := fmt.Sprintf("byte 0x%02X %s", f.Value[bad], why)
			switch {
			case r.Type == 1:
				msg += "; Type-1 is always 7-bit ASCII"
			case !declared && utf8.Valid(f.Value):
				msg += "; the value is valid UTF-8, which needs 1.015 DCS 3 (UTF-8)"
			case !declared:
				msg += "; 1.015 DCS is absent, so text must be 7-bit ASCII"
			}
			err := d.report(&FormatError{Offset: f.Offset + int64(tagLen(f, r.Type)) + 1 + int64(bad),
				Record: i + 1, RecordType: r.Type, Field: f.Number, Subfield: sub, Item: item, Err: ErrEncoding, Msg: msg})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// checkText returns the index of the first byte of v that breaks cs, with a
// reason, or -1. ASCII and UTF-8 are checked byte by byte. UTF-16 and
// UTF-32 apply only to the fields the standard marks Unicode-capable (the
// rest, LEN and IDC among them, stay ASCII), which is a per-field rule for
// the conformance catalogue, so they are not checked here; neither are
// Latin-1 (any byte is a character) and user-defined sets.
func checkText(v []byte, cs CharacterSet) (int, string) {
	switch cs {
	case ASCII:
		for i, c := range v {
			if c >= 0x80 {
				return i, "is not 7-bit ASCII"
			}
		}
	case UTF8:
		for i := 0; i < len(v); {
			c := v[i]
			if c < utf8.RuneSelf {
				i++
				continue
			}
			r, n := utf8.DecodeRune(v[i:])
			if r == utf8.RuneError && n <= 1 {
				return i, "is not valid UTF-8 as 1.015 DCS declares"
			}
			i += n
		}
	}
	return -1, ""
}

// locateItem returns the subfield and item (from 1) that byte i of v is in.
func locateItem(v []byte, i int) (sub, item int) {
	before := v[:i]
	lastRS := bytes.LastIndexByte(before, RS)
	sub = bytes.Count(before, []byte{RS}) + 1
	item = bytes.Count(before[lastRS+1:], []byte{US}) + 1
	return sub, item
}

// DecodeText converts a text value held in character set c to a Go
// (UTF-8) string: ASCII and UTF-8 are checked and kept, Latin-1 is mapped
// byte for byte, UTF-16 and UTF-32 are read big-endian unless a byte-order
// mark says otherwise (Unicode §3.10, the default for unmarked text).
// User-defined and reserved sets cannot be converted.
func (c CharacterSet) DecodeText(b []byte) (string, error) {
	switch c {
	case ASCII:
		if i, why := checkText(b, ASCII); i >= 0 {
			return "", fmt.Errorf("nist: byte %d (0x%02X) %s", i, b[i], why)
		}
		return string(b), nil
	case UTF8:
		if i, why := checkText(b, UTF8); i >= 0 {
			return "", fmt.Errorf("nist: byte %d (0x%02X) %s", i, b[i], why)
		}
		return string(b), nil
	case Latin1:
		r := make([]rune, len(b))
		for i, x := range b {
			r[i] = rune(x)
		}
		return string(r), nil
	case UTF16:
		if len(b)%2 != 0 {
			return "", fmt.Errorf("nist: %d bytes are not a whole number of UTF-16 code units", len(b))
		}
		big := true
		if len(b) >= 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF) {
			big = b[0] == 0xFE
			b = b[2:]
		}
		u := make([]uint16, len(b)/2)
		for i := range u {
			if big {
				u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
			} else {
				u[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
			}
		}
		return string(utf16.Decode(u)), nil
	case UTF32:
		if len(b)%4 != 0 {
			return "", fmt.Errorf("nist: %d bytes are not a whole number of UTF-32 code units", len(b))
		}
		r := make([]rune, 0, len(b)/4)
		for i := 0; i < len(b); i += 4 {
			v := rune(b[i])<<24 | rune(b[i+1])<<16 | rune(b[i+2])<<8 | rune(b[i+3])
			if !utf8.ValidRune(v) {
				return "", fmt.Errorf("nist: UTF-32 code unit at byte %d is not a Unicode scalar value", i)
			}
			r = append(r, v)
		}
		return string(r), nil
	}
	return "", fmt.Errorf("nist: text in %s cannot be converted", c)
}
