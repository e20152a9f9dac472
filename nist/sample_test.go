package nist

import (
	"bytes"
	"flag"
	"os"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// samplePath is the project's own sample transaction, made by
// buildSample with the builder API (see TestSample).
const samplePath = "../testdata/sample.an2"

// ridges returns a w×h 8-bit grey image of concentric ridges, made with
// integer arithmetic only so that it is the same on every machine.
func ridges(w, h int) []byte {
	px := make([]byte, w*h)
	cx, cy := w/2-3, h/2+2
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			d := (x-cx)*(x-cx) + (y-cy)*(y-cy)
			phase := (d / 9) % 16
			if phase > 8 {
				phase = 16 - phase
			}
			px[y*w+x] = byte(40 + 24*phase)
		}
	}
	return px
}

// buildSample makes a small ANSI/NIST-ITL 1-2011 Update 2015 transaction:
// a Type-1, a Type-2 with a UTF-8 name (so 1.015 DCS declares UTF-8), a
// legacy Type-4 and a Type-14, both uncompressed synthetic prints.
func buildSample() *Transaction {
	t := NewTransaction(V0502)
	h := t.Header()
	h.SetTypeOfTransaction("CAR")
	h.SetDate(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC))
	h.Record().Set(6, "4")
	h.SetDestinationAgency("XX0000001")
	h.SetOriginatingAgency("YY0000002")
	h.SetControlNumber("BIOGATE-SAMPLE-0001")
	h.SetResolutions(19.69, 19.69)
	h.SetGMT(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC))
	h.Record().SetSubfields(15, []string{"3", "UTF-8"})

	t2 := NewRecord(2)
	t2.Set(18, "MÜLLER,JOSÉ") // EBTS 2.018 NAM
	t2.Set(22, "19800101")    // EBTS 2.022 DOB
	t2.SetSubfields(900, []string{"sample"}, []string{"made by Biogate", "not a real person"})
	t.AddRecord(t2)

	t4 := NewRecord(4)
	t4.Set(3, "1")                                    // IMP: live-scan rolled
	t4.Set(4, "2\x1f255\x1f255\x1f255\x1f255\x1f255") // FGP: right index
	t4.Set(6, "32")
	t4.Set(7, "32")
	t4.Set(8, "0") // GCA: uncompressed
	t4.SetBinary(9, ridges(32, 32))
	t.AddRecord(t4)

	t14 := NewRecord(14)
	t14.Set(3, "1")
	t14.Set(4, "YY0000002")
	t14.Set(5, "20261126")
	t14.Set(6, "48")
	t14.Set(7, "40")
	t14.Set(8, "1")
	t14.Set(9, "500")
	t14.Set(10, "500")
	t14.Set(11, string(CompressionNone))
	t14.Set(12, "8")
	t14.Set(13, "7")
	t14.SetBinary(999, ridges(48, 40))
	t.AddRecord(t14)
	return t
}

// TestSample builds the sample with the builder API and checks it against
// testdata/sample.an2 (rewritten with -update), then reads it back.
func TestSample(t *testing.T) {
	got, err := Marshal(buildSample())
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(samplePath, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(samplePath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("built sample differs from %s at byte %d (run go test ./nist -run TestSample -update)", samplePath, firstDiff(got, want))
	}
	tr, err := DecodeBytes(want, nil)
	if err != nil {
		t.Fatalf("strict decode of the sample: %v", err)
	}
	if len(tr.Records) != 4 {
		t.Fatalf("%d records, want 4", len(tr.Records))
	}
	cnt, ok := tr.Header().Content()
	wantCNT := []ContentEntry{{2, 0}, {4, 1}, {14, 2}}
	if !ok || len(cnt) != len(wantCNT) {
		t.Fatalf("CNT %v, want %v", cnt, wantCNT)
	}
	for i := range cnt {
		if cnt[i] != wantCNT[i] {
			t.Errorf("CNT entry %d = %v, want %v", i, cnt[i], wantCNT[i])
		}
	}
	for i, r := range tr.Records {
		var buf bytes.Buffer
		if err := EncodeRecord(&buf, r); err != nil {
			t.Fatal(err)
		}
		if n, _ := atoi([]byte(r.Text(1))); !IsBinaryType(r.Type) && n != buf.Len() {
			t.Errorf("record %d: LEN %d, record is %d bytes", i+1, n, buf.Len())
		}
	}
}
