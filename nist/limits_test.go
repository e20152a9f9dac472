package nist

import (
	"errors"
	"strings"
	"testing"
)

// TestDecodeRecordBound: 1.003 CNT listing more records than the standard
// allows is refused before any is read, in lenient mode too.
func TestDecodeRecordBound(t *testing.T) {
	tr := NewTransaction(V0502)
	for i := 0; i < MaxRecords; i++ {
		r := NewRecord(2)
		r.SetIDC(i % 100)
		tr.Records = append(tr.Records, r)
	}
	tr.SyncCNT()
	b, err := Marshal(tr)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeBytes(b, &DecodeOptions{Lenient: true})
	var fe *FormatError
	if got != nil || !errors.As(err, &fe) || !errors.Is(err, ErrCount) || fe.Field != 3 || !strings.Contains(fe.Msg, "at most 999") {
		t.Errorf("%d records: %v", MaxRecords, err)
	}
}
