package nist

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// NewTransaction returns a transaction of version v holding only a Type-1
// record with LEN, VER and CNT. The caller sets the other mandatory Type-1
// fields (TOT, DAT, DAI, ORI, TCN, NSR, NTR) through [Header] or
// [Record.Set].
func NewTransaction(v Version) *Transaction {
	r := NewRecord(1)
	r.Set(2, v.String())
	t := &Transaction{Records: []*Record{r}}
	t.SyncCNT()
	return t
}

// AddRecord appends r to the transaction. A record without a numeric IDC
// gets the lowest IDC no other record uses (0 for the first). 1.003 CNT is
// updated.
func (t *Transaction) AddRecord(r *Record) {
	if _, ok := r.IDC(); !ok && r.Type != 1 {
		r.SetIDC(t.freeIDC())
	}
	t.Records = append(t.Records, r)
	t.SyncCNT()
}

// RemoveRecord removes the record at index i (counting from 0; the Type-1
// record at index 0 cannot be removed) and updates 1.003 CNT. It reports
// whether a record was removed.
func (t *Transaction) RemoveRecord(i int) bool {
	if i <= 0 || i >= len(t.Records) {
		return false
	}
	t.Records = append(t.Records[:i], t.Records[i+1:]...)
	t.SyncCNT()
	return true
}

// SetIDC changes the IDC of the record at index i and updates 1.003 CNT.
// Other records that refer to the old IDC (a Type-9 for its image, say)
// are not changed.
func (t *Transaction) SetIDC(i, idc int) {
	if i <= 0 || i >= len(t.Records) {
		return
	}
	t.Records[i].SetIDC(idc)
	t.SyncCNT()
}

func (t *Transaction) freeIDC() int {
	used := map[int]bool{}
	for _, r := range t.Records {
		if idc, ok := r.IDC(); ok {
			used[idc] = true
		}
	}
	n := 0
	for used[n] {
		n++
	}
	return n
}

// SyncCNT rewrites field 1.003 CNT so that it lists the records present
// (§7.2.3 Table 9: FRC 1 and CRC, the count of records after Type-1, then
// REC and IDC per record in order). Subfields that already say the right
// thing keep their text, so a consistent CNT is left byte for byte as it is.
func (t *Transaction) SyncCNT() {
	if len(t.Records) == 0 || t.Records[0].Type != 1 {
		return
	}
	r1 := t.Records[0]
	var old [][]byte
	if f := r1.Field(3); f != nil {
		old = bytes.Split(f.Value, []byte{RS})
	}
	same := func(k int, a, b int) bool {
		if k >= len(old) {
			return false
		}
		items := bytes.Split(old[k], []byte{US})
		if len(items) != 2 {
			return false
		}
		x, ok1 := atoi(items[0])
		y, ok2 := atoi(items[1])
		return ok1 && ok2 && x == a && y == b
	}
	var v []byte
	if same(0, 1, len(t.Records)-1) {
		v = append(v, old[0]...)
	} else {
		v = append(v, '1', US)
		v = strconv.AppendInt(v, int64(len(t.Records)-1), 10)
	}
	for k, r := range t.Records[1:] {
		v = append(v, RS)
		idc, ok := r.IDC()
		if ok && same(k+1, r.Type, idc) {
			v = append(v, old[k+1]...)
			continue
		}
		v = strconv.AppendInt(v, int64(r.Type), 10)
		v = append(v, US)
		switch {
		case ok && idc < 10:
			v = append(v, '0', byte('0'+idc))
		case ok:
			v = strconv.AppendInt(v, int64(idc), 10)
		default:
			v = append(v, r.Text(2)...)
		}
	}
	if f := r1.Field(3); f != nil && bytes.Equal(f.Value, v) {
		return
	}
	r1.ensure(3).Value = v
}

// Reread returns t as it reads back from its traditional encoding: every
// LEN computed, the same records and fields otherwise. It serves a
// transaction that came from another form (XML, the JSON form), whose LEN
// values are placeholders. Byte offsets, which would refer to that
// encoding rather than to the input, are -1. On an encoding error t is
// returned as it is, with the error.
func Reread(t *Transaction) (*Transaction, error) {
	t2, _, err := RereadChecked(t)
	return t2, err
}

// RereadChecked is Reread that also returns the problems the traditional
// encoding reads back with (1.003 CNT that does not list the records, a
// record without LEN, ...): what a lenient decode of the same transaction
// sent in the traditional encoding would report, so that a transaction
// from another form gets the same structural verdict. The problems' byte
// offsets are those of that encoding.
func RereadChecked(t *Transaction) (*Transaction, Problems, error) {
	b, err := Marshal(t)
	if err != nil {
		return t, nil, err
	}
	t2, err := DecodeBytes(b, &DecodeOptions{Lenient: true})
	if t2 == nil {
		return t, nil, fmt.Errorf("nist: the encoded transaction does not read back: %w", err)
	}
	var problems Problems
	errors.As(err, &problems)
	for _, r := range t2.Records {
		r.Offset = -1
		for _, f := range r.Fields {
			f.Offset = -1
		}
	}
	return t2, problems, nil
}
