package mosip_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/biogate/biogate/codec"
	"github.com/biogate/biogate/iso"
	_ "github.com/biogate/biogate/iso/all"
	"github.com/biogate/biogate/match/source"
)

// corpus is the shared corpus, relative to this package.
const corpus = "../../../../shared/corpus"

// readCorpus reads a corpus file, skipping the test when it is absent.
func readCorpus(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpus, name))
	if os.IsNotExist(err) {
		t.Skipf("corpus file %s absent (../shared/corpus not there): skipped", name)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// as2011 re-encodes a 2005 finger image, face or iris record in its 2011
// edition, the one the backend takes.
func as2011(t testing.TB, b []byte, to iso.Format) []byte {
	t.Helper()
	rec, _, err := iso.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	switch r := rec.(type) {
	case *iso.FingerImageRecord:
		r.Format = to
	case *iso.FaceRecord:
		r.Format = to
	case *iso.IrisRecord:
		r.Format = to
	}
	out, err := iso.Marshal(rec, to)
	if err != nil {
		t.Fatalf("re-encoding as %s: %v", to, err)
	}
	return out
}

// fvcRecord makes a 19794-4:2011 record (WSQ, 500 ppi) of an FVC2002
// DB1_B image, e.g. "101_1".
func fvcRecord(t testing.TB, name string) []byte {
	t.Helper()
	fg, err := source.ImageFile(readCorpus(t, "fingerprints/fvc2002-db1-b/"+name+".tif"), nil)
	if err != nil {
		t.Fatal(err)
	}
	var wsq bytes.Buffer
	if err := codec.Encode(&wsq, fg.Image, codec.WSQ20, &codec.Options{WSQPPI: 500}); err != nil {
		t.Fatal(err)
	}
	code, _ := codec.WSQ20.ISOCode(codec.FIR2011)
	b := fg.Image.Bounds()
	rec := &iso.FingerImageRecord{Format: iso.FIR2011, FingersPresent: 1, Views: []iso.FingerImageView{{
		Capture:    &iso.Capture{DateTime: iso.UnknownDateTime},
		ViewNumber: 1, ViewCount: 1,
		Width: uint16(b.Dx()), Height: uint16(b.Dy()),
		ScaleUnits: 1, ScanXRes: 500, ScanYRes: 500, XRes: 500, YRes: 500,
		BitDepth: 8, Compression: uint8(code), Image: wsq.Bytes(),
	}}}
	out, err := iso.Marshal(rec, iso.FIR2011)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
