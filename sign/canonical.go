package sign

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/biogate/biogate/nist"
)

// The Type-98 fields this package writes (ANSI/NIST-ITL 1-2011 Table 49).
const (
	fieldDFO = 3   // 98.003 IA data format owner
	fieldSRC = 4   // 98.004 source agency
	fieldDFT = 5   // 98.005 IA data format type
	fieldDCD = 6   // 98.006 IA data creation date (GMT)
	fieldSig = 200 // first user-defined field (98.200-98.899): the JWS
	fieldALF = 900 // 98.900 audit log
)

// FormatOwner and FormatType are the 98.003 DFO and 98.005 DFT values that
// mark a Type-98 record as carrying a Biogate signature.
const (
	FormatOwner = "BIOGATE"
	FormatType  = "JWS1"
)

// Field numbers of the per-record hash: HAS (xx.996) is the SHA-256 of the
// data field xx.999 (STANDARDS.md §5.3).
const (
	fieldHAS  = 996
	fieldData = 999
)

// hasTypes are the record types that define xx.996 HAS (STANDARDS.md §5.3).
var hasTypes = map[int]bool{10: true, 11: true, 12: true, 13: true, 14: true, 15: true,
	16: true, 17: true, 19: true, 20: true, 21: true, 22: true, 99: true}

// isSignatureRecord reports whether r is a Type-98 record in this package's
// format.
func isSignatureRecord(r *nist.Record) bool {
	return r.Type == 98 && r.Text(fieldDFO) == FormatOwner && r.Text(fieldDFT) == FormatType
}

// signatureRecords returns the indices of the Biogate signature records.
func signatureRecords(t *nist.Transaction) []int {
	var idx []int
	for i, r := range t.Records {
		if isSignatureRecord(r) {
			idx = append(idx, i)
		}
	}
	return idx
}

// CanonicalForm returns the bytes a signature carried in record sig (an
// index into t.Records) covers: the traditional encoding of every other
// record, in order, LEN recomputed (see the package documentation).
func CanonicalForm(t *nist.Transaction, sig int) ([]byte, error) {
	return signingInput(t, sig, "")
}

// signingInput returns the JWS signing input of the signature in record
// sig: the encoded protected header, ".", and the canonical form (RFC 7797
// §3). With protected "" it returns the canonical form alone.
func signingInput(t *nist.Transaction, sig int, protected string) ([]byte, error) {
	if sig < 0 || sig >= len(t.Records) {
		return nil, fmt.Errorf("sign: record %d does not exist", sig)
	}
	var buf bytes.Buffer
	buf.Grow(len(protected) + 1 + sizeHint(t))
	if protected != "" {
		buf.WriteString(protected)
		buf.WriteByte('.')
	}
	for i, r := range t.Records {
		if i == sig {
			continue
		}
		if err := nist.EncodeRecord(&buf, r); err != nil {
			return nil, fmt.Errorf("sign: record %d (Type-%d): %w", i+1, r.Type, err)
		}
	}
	return buf.Bytes(), nil
}

// sizeHint estimates the encoded size of t, so the canonical form is built
// without regrowing its buffer.
func sizeHint(t *nist.Transaction) int {
	n := 0
	for _, r := range t.Records {
		for _, f := range r.Fields {
			n += len(f.Value) + 8
		}
	}
	return n
}

// ImageHash returns the HAS value of data: its SHA-256 as 64 upper-case
// hexadecimal characters (STANDARDS.md §5.3).
func ImageHash(data []byte) string {
	sum := sha256.Sum256(data)
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// SetHashes sets xx.996 HAS on every record of t of a type that defines it
// and has a .999 data field, and returns how many it set.
func SetHashes(t *nist.Transaction) int {
	n := 0
	for _, r := range t.Records {
		if !hasTypes[r.Type] {
			continue
		}
		data := r.Field(fieldData)
		if data == nil {
			continue
		}
		h := ImageHash(data.Value)
		if f := r.Field(fieldHAS); f == nil || f.Text() != h {
			r.Set(fieldHAS, h)
		}
		n++
	}
	return n
}

// CheckHashes compares every xx.996 HAS present in t with the SHA-256 of
// its record's .999 field, ignoring case, and returns how many it checked.
// The error names the first record whose hash differs.
func CheckHashes(t *nist.Transaction) (int, error) {
	n := 0
	for i, r := range t.Records {
		has := r.Field(fieldHAS)
		if has == nil || !hasTypes[r.Type] {
			continue
		}
		var data []byte
		if f := r.Field(fieldData); f != nil {
			data = f.Value
		}
		if !strings.EqualFold(has.Text(), ImageHash(data)) {
			return n, fmt.Errorf("%w: record %d (Type-%d): %d.996 HAS is not the SHA-256 of %d.999",
				ErrHash, i+1, r.Type, r.Type, r.Type)
		}
		n++
	}
	return n, nil
}
