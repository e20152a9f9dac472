package samples_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/backendtest"
	"github.com/biogate/biogate/match/backend/samples"
	"github.com/biogate/biogate/match/input"
)

var (
	minutiae = []string{backend.FingerMinutiae}
	images   = []string{backend.FingerImage}
	both     = []string{backend.FingerMinutiae, backend.FingerImage}
	imageMin = []string{backend.FingerImage, backend.FingerMinutiae}
	iris     = []string{backend.IrisImage}
)

func read(t *testing.T, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(backendtest.CorpusDir(t), rel))
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("corpus absent: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestFromInput(t *testing.T) {
	for _, tc := range []struct {
		name      string
		file      string // under the corpus
		formats   []string
		format    string // of every sample
		n         int    // samples
		positions []int
		err       error
	}{
		{"tiff scan as minutiae", "fingerprints/fvc2002-db1-b/101_1.tif", both, backend.FingerMinutiae, 1, []int{0}, nil},
		{"tiff scan as image", "fingerprints/fvc2002-db1-b/101_1.tif", imageMin, backend.FingerImage, 1, []int{0}, nil},
		{"two-finger 19794-4:2011 record split", "idemia-iso19794/twofingers.fir", images, backend.FingerImage, 2, []int{7, 8}, nil},
		{"transaction with Type-9 minutiae", "libbiomeval/type9-13.an2k", minutiae, backend.FingerMinutiae, -1, nil, nil},
		{"iris record passed on", "libbiomeval/iris01.iso2011", iris, backend.IrisImage, 1, nil, nil},
		{"iris record for a finger backend", "libbiomeval/iris01.iso2011", both, "", 0, nil, backend.ErrUnsupported},
		{"face 2005 record for a finger backend", "libbiomeval/face01.iso2005", both, "", 0, nil, backend.ErrUnsupported},
		{"image for a face-only backend", "fingerprints/fvc2002-db1-b/101_1.tif", []string{backend.FaceImage}, "", 0, nil, backend.ErrUnsupported},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _, err := samples.FromInput(read(t, tc.file), tc.formats)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("err %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tc.n >= 0 && len(s) != tc.n || len(s) == 0 {
				t.Fatalf("%d samples, want %d", len(s), tc.n)
			}
			for i, sm := range s {
				if sm.Format != tc.format {
					t.Errorf("sample %d format %s, want %s", i, sm.Format, tc.format)
				}
				if tc.positions != nil && sm.Position != tc.positions[i] {
					t.Errorf("sample %d position %d, want %d", i, sm.Position, tc.positions[i])
				}
				// Lenient: the corpus's iris record has a recoverable
				// length problem, passed on as it came.
				rec, f, err := iso.DecodeWith(sm.Data, &iso.DecodeOptions{Lenient: true})
				if rec == nil || string(f) != sm.Format {
					t.Errorf("sample %d decodes as %s: %v", i, f, err)
				}
			}
		})
	}
}

func TestFromInputBad(t *testing.T) {
	good, _, err := samples.FromInput(read(t, "fingerprints/fvc2002-db1-b/101_1.tif"), minutiae)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		data    []byte
		formats []string
		err     error
	}{
		{"empty", nil, both, backend.ErrInvalidSample},
		{"garbage", []byte("not a record, not an image"), both, backend.ErrInvalidSample},
		{"truncated minutiae record", good[0].Data[:30], both, backend.ErrInvalidSample},
		{"minutiae record for an image-only backend", good[0].Data, images, backend.ErrUnsupported},
		{"no format", good[0].Data, nil, backend.ErrUnsupported},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _, err := samples.FromInput(tc.data, tc.formats)
			if !errors.Is(err, tc.err) || len(s) != 0 {
				t.Fatalf("%d samples, err %v; want %v", len(s), err, tc.err)
			}
		})
	}
}

// TestMinutiaeRoundTrip: the minutiae sample of a scan reads back as the
// template match/input extracts from the scan.
func TestMinutiaeRoundTrip(t *testing.T) {
	b := read(t, "fingerprints/fvc2002-db1-b/102_1.tif")
	s, _, err := samples.FromInput(b, minutiae)
	if err != nil {
		t.Fatal(err)
	}
	want, err := input.Templates(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := input.Templates(s[0].Data, nil)
	if err != nil {
		t.Fatal(err)
	}
	w, g := want[0].Template, got[0].Template
	if len(g.Minutiae) != len(w.Minutiae) || g.Width != w.Width || g.Height != w.Height {
		t.Fatalf("read back %d minutiae %dx%d, extracted %d %dx%d", len(g.Minutiae), g.Width, g.Height, len(w.Minutiae), w.Width, w.Height)
	}
	for i := range w.Minutiae {
		if g.Minutiae[i].X != w.Minutiae[i].X || g.Minutiae[i].Y != w.Minutiae[i].Y || g.Minutiae[i].Type != w.Minutiae[i].Type {
			t.Errorf("minutia %d: %+v, extracted %+v", i, g.Minutiae[i], w.Minutiae[i])
		}
	}
}
