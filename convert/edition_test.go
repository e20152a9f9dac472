package convert

import (
	"bytes"
	"encoding/binary"
	"flag"
	"path/filepath"
	"testing"

	"github.com/biogate/biogate/internal/golden"
	"github.com/biogate/biogate/iso"
)

var update = flag.Bool("update", false, "rewrite the generated records of ../testdata/iso")

// isoFidelityDir holds INCITS 378-2004 records made by isoFidelityFiles,
// each as another producer writes it; the tests of iso, conformance and
// internal/exchange read them too.
const isoFidelityDir = "../testdata/iso"

// sample378 is a one-view INCITS 378-2004 record with a ridge-count and a
// vendor block.
func sample378(t *testing.T) []byte {
	t.Helper()
	rec := &iso.MinutiaeRecord{Format: iso.ANSI378v2004, Width: 400, Height: 500, XRes: 197, YRes: 197,
		Views: []iso.MinutiaeView{{Position: 2, Quality: 80, Width: 400, Height: 500, XRes: 197, YRes: 197,
			Minutiae: []iso.Minutia{{Type: 1, X: 100, Y: 14, Angle: 80, Quality: 90}, {Type: 2, X: 300, Y: 400, Angle: 10, Quality: 60}},
			Extensions: []iso.ExtendedBlock{
				{Type: iso.BlockRidgeCount, RidgeCounts: &iso.RidgeCounts{Method: 1, Counts: []iso.RidgeCount{{Index1: 1, Index2: 2, Count: 3}}}},
				{Type: 0x0100, Data: []byte{1, 2, 3}},
			}}}}
	b, err := iso.Marshal(rec, iso.ANSI378v2004)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// isoFidelityFiles are the records, each a mutation of sample378 (26-byte
// header, 2-byte record length at byte 8; the view's extended data ends
// with the vendor block of 3 bytes).
var isoFidelityFiles = []struct {
	name   string
	mutate func(b []byte) []byte
}{
	// The version " 20" written as "020".
	{"incits378-2004-version020.fmr", func(b []byte) []byte { copy(b[4:8], "020\x00"); return b }},
	// Four bytes after the declared record length.
	{"incits378-2004-after-length.fmr", func(b []byte) []byte { return append(b, 0xDE, 0xAD, 0xBE, 0xEF) }},
	// The declared record length one short of the content.
	{"incits378-2004-length-short.fmr", func(b []byte) []byte {
		binary.BigEndian.PutUint16(b[8:], uint16(len(b)-1))
		return b
	}},
	// The vendor block's length runs 2 bytes past the extended data.
	{"incits378-2004-block-overrun.fmr", func(b []byte) []byte {
		at := len(b) - 3 - 2 // the block length field before its 3 data bytes
		binary.BigEndian.PutUint16(b[at:], binary.BigEndian.Uint16(b[at:])+2)
		return b
	}},
}

// readISOFidelity returns the committed record name, checking that it is
// what its mutation of sample378 makes (or rewriting it with -update).
func readISOFidelity(t *testing.T, name string, mutate func([]byte) []byte) []byte {
	t.Helper()
	return golden.Generated(t, filepath.Join(isoFidelityDir, name), mutate(sample378(t)), *update,
		"go test ./convert -run TestEditionSameIsInput -update")
}

// TestEditionSameIsInput: converting a record to the edition it was read
// as gives back its bytes, whatever the codec kept that a conversion to
// another edition cannot carry; and that other conversion still says what
// it dropped.
func TestEditionSameIsInput(t *testing.T) {
	for _, ff := range isoFidelityFiles {
		t.Run(ff.name, func(t *testing.T) {
			in := readISOFidelity(t, ff.name, ff.mutate)
			rec, from, err := iso.DecodeWith(in, &iso.DecodeOptions{Lenient: true})
			if rec == nil {
				t.Fatalf("decode: %v", err)
			}
			if from != iso.ANSI378v2004 {
				t.Fatalf("identified as %s, want %s", from, iso.ANSI378v2004)
			}
			out, rep, err := Edition(in, rec, from, iso.ANSI378v2004)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out, in) || !rep.Lossless() {
				t.Errorf("same edition: %d bytes (input %d), first difference at %d; findings %v", len(out), len(in), firstDiff(out, in), rep.Findings)
			}
			// The codec alone is lossless too: the decoded record encodes
			// to the input.
			enc, err := iso.Marshal(rec, iso.ANSI378v2004)
			if err != nil || !bytes.Equal(enc, in) {
				t.Errorf("re-encoding the record: %v, first difference at byte %d", err, firstDiff(enc, in))
			}
			other, rep, err := Edition(in, rec, from, iso.FMR2005)
			if err != nil {
				t.Fatal(err)
			}
			if string(other[4:8]) != " 20\x00" {
				t.Errorf("19794-2:2005 output has version %q", other[4:8])
			}
			if ff.name != "incits378-2004-version020.fmr" && rep.Lossless() {
				t.Errorf("to 19794-2:2005: no finding says what was not carried")
			}
		})
	}
}

func firstDiff(a, b []byte) int {
	for i := range a {
		if i >= len(b) || a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return len(a)
	}
	return -1
}
