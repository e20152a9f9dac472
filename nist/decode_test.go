package nist

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
)

func readSample(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(samplePath)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// replaceOnce returns b with the first old replaced by new, failing the
// test when old is absent.
func replaceOnce(t testing.TB, b []byte, old, new string) []byte {
	t.Helper()
	i := bytes.Index(b, []byte(old))
	if i < 0 {
		t.Fatalf("%q not in input", old)
	}
	out := append([]byte{}, b[:i]...)
	out = append(out, new...)
	return append(out, b[i+len(old):]...)
}

// TestDecodeErrors feeds broken transactions, each a mutation of the
// sample, and checks the strict error (kind, location, message) and what a
// lenient decode returns.
func TestDecodeErrors(t *testing.T) {
	s := readSample(t)
	t4 := bytes.Index(s, []byte("\x1c\x00\x00")) + 1 // the binary Type-4 record
	tests := []struct {
		name     string
		in       []byte
		err      error  // sentinel the strict error wraps
		where    string // location the strict error names
		msg      string // part of the message
		lenient  bool   // lenient decode returns a transaction
		problems int    // problems a lenient decode reports (when lenient)
	}{
		{"empty", nil, ErrTruncated, "byte 0", "empty input", false, 0},
		{"not a transaction", []byte("hello world"), ErrTag, "record 1 (Type-1), byte 0", "expected the digits of a record type", false, 0},
		{"truncated in Type-1", s[:40], ErrTruncated, "record 1 (Type-1), field 1.003, byte 40", "input ends before the GS or FS", false, 0},
		{"truncated in tag", s[:198+3], ErrTruncated, "record 2 (Type-2), byte 201", "inside a field tag", true, 1},
		{"truncated in binary header", s[:t4+2], ErrTruncated, "record 3 (Type-4), field 4.001, byte 299", "needs a 4-byte LEN", true, 1},
		{"truncated in binary data", s[:t4+500], ErrTruncated, "record 3 (Type-4), field 4.001", "LEN says the record is 1042 bytes but only 500 remain", true, 1},
		{"truncated in image field", s[:len(s)-10], ErrTruncated, "record 4 (Type-14), field 14.999", "LEN says the record is 2073 bytes", true, 1},
		{"records missing", s[:t4], ErrTruncated, "record 3 (Type-4), byte 299", "lists 3 records after Type-1 but the input ends after 1", true, 1},
		{"trailing bytes", append(append([]byte{}, s...), "2.001:17\x1d2.002:9\x1c"...), ErrTrailingData, "byte 3414", "Type-2 record that 1.003 does not list", true, 1},
		{"LEN too small", replaceOnce(t, s, "2.001:101", "2.001:100"), ErrLength, "record 2 (Type-2), field 2.001, byte 198", "LEN is 100 but the record is 101 bytes long (up to and including its FS at byte 298; LEN is 1 byte short)", true, 1},
		{"LEN not a number", replaceOnce(t, s, "2.001:101", "2.001:1x1"), ErrLength, "field 2.001", `LEN "1x1" is not a decimal number`, true, 1},
		{"image LEN beyond the file", replaceOnce(t, s, "14.001:2073", "14.001:9999"), ErrTruncated, "record 4 (Type-14), field 14.999", "LEN says the record is 9999 bytes but only 2073 remain", true, 1},
		{"image LEN short of the FS", replaceOnce(t, s, "14.001:2073", "14.001:2072"), ErrSeparator, "record 4 (Type-14), field 14.999, byte 3412", "not FS; the record's FS is at byte 3413 (LEN is 1 byte short)", true, 1},
		{"image LEN before the image", replaceOnce(t, s, "14.001:2073", "14.001:0010"), ErrLength, "field 14.999", "ends the record before its image field", true, 1},
		{"huge LEN", replaceOnce(t, s, "14.001:2073", "14.001:999999999999999"), ErrTruncated, "field 14.999", "LEN says the record is 999999999999999 bytes", true, 1},
		{"binary LEN huge", replaceOnce(t, s, "\x00\x00\x04\x12\x01", "\xff\xff\xff\xf0\x01"), ErrTruncated, "record 3 (Type-4), field 4.001", "LEN says the record is 4294967280 bytes", true, 1},
		{"binary LEN inside header", replaceOnce(t, s, "\x00\x00\x04\x12\x01", "\x00\x00\x00\x0b\x01"), ErrBinaryHeader, "record 3 (Type-4), field 4.001", "LEN 11 ends the record inside its 18-byte Type-4 header", true, 1},
		{"binary LEN below 4", replaceOnce(t, s, "\x00\x00\x04\x12\x01", "\x00\x00\x00\x02\x01"), ErrBinaryHeader, "field 4.001", "smaller than the LEN field itself", true, 1},
		{"CRC disagrees", replaceOnce(t, s, "1\x1f3\x1e", "1\x1f4\x1e"), ErrCount, "record 1 (Type-1), field 1.003 subfield 1 item 2", `CRC is "4" but 3 records are listed`, true, 1},
		{"CNT lists a record type that is not", replaceOnce(t, s, "\x1e14\x1f02", "\x1ex4\x1f02"), ErrCount, "field 1.003 subfield 4 item 1", `REC "x4" is not a record type`, false, 0},
		{"CNT missing", replaceOnce(t, s, "1.003:", "1.033:"), ErrCount, "field 1.003", "1.003 CNT is missing", false, 0},
		{"IDC disagrees with CNT", replaceOnce(t, s, "14.002:02", "14.002:07"), ErrIDC, "record 4 (Type-14), field 14.002", "IDC is 7 but 1.003 CNT lists IDC 2", true, 1},
		{"record type differs from CNT", replaceOnce(t, s, "\x1e2\x1f00", "\x1e9\x1f00"), ErrCount, "record 2 (Type-9), byte 198", "should be Type-9 (1.003 CNT) but its first tag names Type-2", true, 1},
		{"transaction not led by Type-1", replaceOnce(t, s, "1.001:198\x1d1.002", "2.001:198\x1d2.002"), ErrTag, "record 1 (Type-1), byte 0", "must begin with a Type-1 record", false, 0},
		{"non-digit tag", replaceOnce(t, s, "1.004:", "1.0a4:"), ErrTag, "record 1 (Type-1), byte", `expected a digit or ':' after the field number, found 'a'`, false, 0},
		{"tag names no record type", replaceOnce(t, s, "1.004:", "0.004:"), ErrTag, "record 1 (Type-1), field 1.004", "names record type 0, which does not exist", false, 0},
		{"tag names another type", replaceOnce(t, s, "2.022:", "9.022:"), ErrTag, "record 2 (Type-2), field 2.022", "names record type 9 inside a Type-2 record", true, 1},
		{"separator where a tag should be", replaceOnce(t, s, "\x1d1.004:", "\x1d\x1d1.004:"), ErrTag, "record 1 (Type-1), byte", "found GS (0x1D)", false, 0},
		{"first field not LEN", replaceOnce(t, s, "2.001:101\x1d2.002:00", "2.002:00\x1d2.001:101"), ErrTag, "record 2 (Type-2), field 2.002", "must be 2.001 LEN", true, 1},
		{"non-ASCII in Type-1", replaceOnce(t, s, "CAR", "C\xc4R"), ErrEncoding, "record 1 (Type-1), field 1.004 subfield 1 item 1", "Type-1 is always 7-bit ASCII", true, 1},
		{"broken UTF-8", replaceOnce(t, s, "MÜLLER", "M\xdc LLER"), ErrEncoding, "record 2 (Type-2), field 2.018 subfield 1 item 1", "not valid UTF-8", true, 1},
		{"UTF-8 without DCS", replaceOnce(t, s, "1.015:3\x1fUTF-8", "1.015:0\x1fASCII"), ErrEncoding, "record 2 (Type-2), field 2.018", "is not 7-bit ASCII", true, 1},
		{"reserved DCS", replaceOnce(t, s, "1.015:3\x1fUTF-8", "1.015:9\x1fUTF-8"), ErrEncoding, "field 1.015", "Table 4 does not define", true, 1},
		{"unknown version", replaceOnce(t, s, "1.002:0502", "1.002:0503"), ErrVersion, "record 1 (Type-1), field 1.002, byte 16", `VER "0503" is not one of`, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := DecodeBytes(tt.in, nil)
			if err == nil || tr != nil {
				t.Fatalf("strict decode returned (%v, %v), want an error", tr != nil, err)
			}
			var fe *FormatError
			if !errors.As(err, &fe) || !errors.Is(err, tt.err) {
				t.Fatalf("error %v (%T), want a FormatError wrapping %v", err, err, tt.err)
			}
			if !strings.Contains(err.Error(), tt.where) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("error %q, want it to name %q and say %q", err, tt.where, tt.msg)
			}
			tr, err = DecodeBytes(tt.in, &DecodeOptions{Lenient: true})
			if !tt.lenient {
				if tr != nil {
					t.Fatalf("lenient decode returned a transaction, want none")
				}
				return
			}
			var p Problems
			if tr == nil || !errors.As(err, &p) {
				t.Fatalf("lenient decode returned (%v, %v), want a transaction and Problems", tr != nil, err)
			}
			if len(p) != tt.problems {
				t.Errorf("%d problems, want %d: %v", len(p), tt.problems, p)
			}
			if !errors.Is(err, tt.err) {
				t.Errorf("problems %v do not include %v", p, tt.err)
			}
			// Nothing is lost: re-encoding gives back the input, except
			// for a LEN that was wrong, which is corrected.
			out, err := Marshal(tr)
			if err != nil {
				t.Fatalf("encode after lenient decode: %v", err)
			}
			if !bytes.Equal(out, tt.in) && !errors.Is(p, ErrLength) {
				t.Errorf("re-encoded bytes differ from the input at byte %d", firstDiff(out, tt.in))
			}
		})
	}
}

func TestDecodeReaderLimit(t *testing.T) {
	s := readSample(t)
	if _, err := Decode(bytes.NewReader(s), &DecodeOptions{MaxSize: 100}); err == nil || !strings.Contains(err.Error(), "100-byte limit") {
		t.Fatalf("error %v, want the size limit", err)
	}
	tr, err := Decode(bytes.NewReader(s), nil)
	if err != nil || len(tr.Records) != 4 {
		t.Fatalf("Decode: %v", err)
	}
}
