package embedded

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/samples"
)

// FuzzPrepare: any sample bytes, in either format, are prepared or
// refused with ErrInvalidSample, never a panic. Seeds: a minutiae record
// and a finger image record built from a corpus scan, when present.
func FuzzPrepare(f *testing.F) {
	scan := filepath.Join("..", "..", "..", "..", "shared", "corpus", "fingerprints", "fvc2002-db1-b", "103_1.tif")
	if b, err := os.ReadFile(scan); err == nil {
		for _, format := range []string{backend.FingerMinutiae, backend.FingerImage} {
			if s, _, err := samples.FromInput(b, []string{format}); err == nil {
				f.Add(s[0].Data, format == backend.FingerImage)
			}
		}
	}
	f.Add([]byte("FMR\x00030\x00"), false)
	f.Add([]byte("FIR\x00020\x00"), true)
	f.Fuzz(func(t *testing.T, data []byte, image bool) {
		format := backend.FingerMinutiae
		if image {
			format = backend.FingerImage
		}
		ps, err := prepare([]backend.Sample{{Format: format, Data: data}})
		if err != nil {
			if !errors.Is(err, backend.ErrInvalidSample) {
				t.Fatalf("error does not wrap ErrInvalidSample: %v", err)
			}
			return
		}
		for _, p := range ps {
			if p.prepared.Len() == 0 {
				t.Fatal("a finger without cylinders was kept")
			}
		}
	})
}
