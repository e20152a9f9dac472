package convert

import (
	"testing"
	"time"

	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/nist"
)

// TestEntryPoints runs the two calls the CLI makes, in both directions,
// on a corpus record of each kind.
func TestEntryPoints(t *testing.T) {
	opts := &TransactionOptions{TypeOfTransaction: "CONV", Destination: "DEST", Originating: "ORIG", ControlNumber: "1",
		Now: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), Image: &ImageOptions{Source: "ORIG", Date: "20240102"}}
	for _, cf := range manifest(t, "iso19794-2-2005", "incits378-2004", "iso19794-4", "iso19794-5", "iso19794-6") {
		rec := decodeISO(t, cf)
		tr, rep, err := ISOToTransaction(rec, opts)
		if err != nil {
			t.Errorf("%s: %v", cf.path, err)
			continue
		}
		b, err := nist.Marshal(tr)
		if err != nil {
			t.Fatalf("%s: %v", cf.path, err)
		}
		tr2, err := nist.DecodeBytes(b, nil)
		if err != nil {
			t.Fatalf("%s: the transaction made does not decode: %v", cf.path, err)
		}
		var f iso.Format
		switch x := rec.(type) {
		case *iso.MinutiaeRecord:
			f = x.Format
		case *iso.FingerImageRecord:
			f = x.Format
		case *iso.FaceRecord:
			f = x.Format
		case *iso.IrisRecord:
			f = x.Format
		}
		back, rep2, err := RecordToISO(tr2, 0, f)
		if err != nil {
			t.Errorf("%s: back: %v", cf.path, err)
			continue
		}
		if _, err := iso.Marshal(back, f); err != nil {
			t.Errorf("%s: encoding %s: %v", cf.path, f, err)
		}
		t.Logf("%s → an2 (%d records, %d findings) → %s (%d findings)", cf.path, len(tr.Records), len(rep.Findings), f, len(rep2.Findings))
	}
	// Record numbers and kinds.
	tr := decodeAN2(t, "jnbis/ansi/references/type-9-14-m1.an2")
	if _, _, err := RecordToISO(tr, 4, iso.FMR2005); err == nil {
		t.Error("a Type-14 record converted to minutiae")
	}
	if _, _, err := RecordToISO(tr, 3, iso.FMR2011); err != nil {
		t.Errorf("record 3 (Type-9) → 19794-2:2011: %v", err)
	}
	if _, _, err := RecordToISO(tr, 9, iso.FMR2011); err == nil {
		t.Error("record 9 of a 4-record transaction accepted")
	}
	if _, _, err := RecordToISO(tr, 0, "wsq"); err == nil {
		t.Error("an image format accepted as an ISO target")
	}
}
