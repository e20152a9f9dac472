package fmr2011_test

import (
	"testing"

	"github.com/biogate/biogate/iso"
	_ "github.com/biogate/biogate/iso/fmr2011"
	"github.com/biogate/biogate/iso/internal/isotest"
)

// seed2011 is a 19794-2:2011 record with one representation of two
// 6-byte minutiae and a ridge-count block (no 2011 sample is in the
// corpus; this one is built by hand from 19794-2:2011 clause 7).
var seed2011 = []byte("FMR\x00030\x00\x00\x00\x00\x45\x00\x01\x00" +
	"\x00\x00\x00\x36" + "\x07\xdb\x03\x04\x05\x06\x07\x00\x01" + "\x01\x00\x01\x00\x02" + "\x00" +
	"\x02\x00\x00\xc5\x00\xc5\x00\x01\x90\x01\xf4\x61\x02" +
	"\x40\x0a\x00\x14\x20\x32" + "\x80\x1e\x00\x28\x40\x3c" +
	"\x00\x08" + "\x00\x01\x00\x08\x02\x01\x02\x05")

func FuzzDecodeFMR2011(f *testing.F) {
	f.Add(seed2011)
	for _, b := range isotest.CorpusFiles(f, "incits378-2007") {
		f.Add(b) // same version bytes, other layout
	}
	f.Fuzz(func(t *testing.T, b []byte) { isotest.RoundTrip(t, b, iso.FMR2011) })
}

func TestSeed(t *testing.T) {
	if got, err := iso.Identify(seed2011); err != nil || got != iso.FMR2011 {
		t.Fatalf("Identify(seed) = %s, %v", got, err)
	}
	rec, err := iso.DecodeAs(seed2011, iso.FMR2011, nil)
	if err != nil {
		t.Fatal(err)
	}
	v := rec.(*iso.MinutiaeRecord).Views[0]
	if len(v.Minutiae) != 2 || v.Minutiae[1].X != 30 || v.Find(iso.BlockRidgeCount) == nil {
		t.Errorf("view = %+v", v)
	}
	isotest.RoundTrip(t, seed2011, iso.FMR2011)
}
