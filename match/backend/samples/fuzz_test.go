package samples_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/samples"
)

// FuzzFromInput: any bytes give samples or an error wrapping
// ErrInvalidSample or ErrUnsupported, never a panic; every sample is in a
// format asked for. Seeds: the corpus's small records (when present) and
// a minutiae record built from a scan.
func FuzzFromInput(f *testing.F) {
	for _, rel := range []string{"libbiomeval/type9-13.an2k", "idemia-iso19794/twofingers.fir", "libbiomeval/iris01.iso2011"} {
		if b, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "shared", "corpus", rel)); err == nil {
			f.Add(b)
		}
	}
	if b, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "shared", "corpus", "fingerprints", "fvc2002-db1-b", "101_1.tif")); err == nil {
		if s, _, err := samples.FromInput(b, minutiae); err == nil {
			f.Add(s[0].Data)
		}
	}
	f.Add([]byte("FMR\x00030\x00"))
	formats := []string{backend.FingerMinutiae, backend.FingerImage, backend.IrisImage}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, _, err := samples.FromInput(b, formats)
		if err != nil {
			if !errors.Is(err, backend.ErrInvalidSample) && !errors.Is(err, backend.ErrUnsupported) {
				t.Fatalf("error wraps neither ErrInvalidSample nor ErrUnsupported: %v", err)
			}
			return
		}
		for _, x := range s {
			if x.Format != backend.FingerMinutiae && x.Format != backend.IrisImage && x.Format != backend.FingerImage {
				t.Fatalf("sample in format %q", x.Format)
			}
		}
	})
}
