package mosip_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/biogate/biogate/iso"
	_ "github.com/biogate/biogate/iso/all"
	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/backendtest"
	"github.com/biogate/biogate/store"
)

// readCorpus reads a corpus file, skipping the test when it is absent.
func readCorpus(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(backendtest.CorpusDir(t), name))
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

// fvcRecord is the 19794-4:2011 record the conformance suite builds of
// an FVC2002 DB1_B image, named as its file ("101_1").
func fvcRecord(t testing.TB, name string) []byte {
	t.Helper()
	var finger, impression int
	if _, err := fmt.Sscanf(name, "%d_%d", &finger, &impression); err != nil {
		t.Fatalf("FVC image name %q: %v", name, err)
	}
	s := backendtest.FVC(t, finger, impression, []string{backend.FingerImage})
	if len(s) != 1 || s[0].Format != backend.FingerImage {
		t.Fatalf("%s: %d samples, want one %s", name, len(s), backend.FingerImage)
	}
	return s[0].Data
}

// newStore opens a bbolt store in a temporary folder, closed at the
// test's end.
func newStore(t testing.TB) *store.Bolt {
	t.Helper()
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
