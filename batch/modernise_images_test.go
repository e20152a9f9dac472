package batch

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/biogate/biogate/conformance"
	"github.com/biogate/biogate/nist"
)

// TestBatchModerniseLooseImages wraps a handful of FVC 2002 DB1 TIFF scans
// (500 dpi optical prints) with a sidecar: each becomes a VER 0502
// transaction that decodes, validates with no error and carries the
// sidecar's (or the file name's) position and resolution; the scan no
// entry and no name describes gets position 0 and an assumed
// resolution, each listed as a loss.
func TestBatchModerniseLooseImages(t *testing.T) {
	const fvc = "../../shared/corpus/fingerprints/fvc2002-db1-b"
	if _, err := os.Stat(fvc); err != nil {
		t.Skip("../shared/corpus/fingerprints/fvc2002-db1-b is absent: no loose images to wrap")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "scans")
	// Copies into the test's temporary folder, under the names the test
	// needs (the corpus itself stays where it is).
	copies := map[string]string{
		"101_1.tif": "101_1.tif",
		"101_2.tif": "right/101_2.tif",
		"102_1.tif": "102_1.tif",
		"102_2.tif": "s102_fgp09_500ppi.tif",
		"103_1.tif": "right/103_1.tif",
	}
	for from, to := range copies {
		b, err := os.ReadFile(filepath.Join(fvc, from))
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(src, to), b)
	}
	sidecar := "file,position,ppi,impression\n101_1.tif,2,500,0\nright/101_2.tif,7,500\n103_1.tif,1,500,1\n"
	sc, err := ReadSidecar(strings.NewReader(sidecar))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s, err := Run(context.Background(), Job{Op: OpModernise, Sources: []string{src}, Out: out,
		Modernise: ModerniseWith(ModerniseOptions{Sidecar: sc, TOT: "CAR", ORI: "BIOGATE01", DAI: "PARTNER01", Now: now})})
	if err != nil {
		t.Fatal(err)
	}
	recs := countOutcomes(t, out, s, len(copies))
	want := map[string]struct {
		position, impression string
		assumed              bool // position 0 and resolution assumed, listed as losses
	}{
		"scans/101_1.tif":             {"2", "0", false},
		"scans/right/101_2.tif":       {"7", "0", false},
		"scans/102_1.tif":             {"0", "0", true},
		"scans/s102_fgp09_500ppi.tif": {"9", "0", false},
		"scans/right/103_1.tif":       {"1", "1", false},
	}
	for _, r := range recs {
		rel, _ := filepath.Rel(dir, r.Source)
		w, ok := want[filepath.ToSlash(rel)]
		if !ok {
			t.Errorf("%s: not a file of the test", r.Source)
			continue
		}
		if r.Outcome != OK {
			t.Errorf("%s: outcome %s (%s), findings %v", rel, r.Outcome, r.Reason, r.Findings)
			continue
		}
		if !strings.HasSuffix(r.Output, ".tif.an2") {
			t.Errorf("%s: output %s; want FILE.an2", rel, r.Output)
		}
		b, err := os.ReadFile(filepath.Join(out, r.Output))
		if err != nil {
			t.Fatal(err)
		}
		tr, err := nist.DecodeBytes(b, nil)
		if err != nil {
			t.Errorf("%s: the output does not decode: %v", rel, err)
			continue
		}
		if v, _ := tr.Header().Version(); v != nist.V0502 {
			t.Errorf("%s: VER %v", rel, v)
		}
		if rep := conformance.CheckBytes(b, nil); !rep.Conformant() {
			t.Errorf("%s: errors at 0502: %v", rel, rep.Findings)
		}
		var t14 []*nist.Record
		for _, rec := range tr.Records {
			if rec.Type == 14 {
				t14 = append(t14, rec)
			}
		}
		if len(t14) != 1 {
			t.Errorf("%s: %d Type-14 records; want 1", rel, len(t14))
			continue
		}
		// Type-14: 14.008 SLC 1 (pixels per inch), 14.009 THPS, 14.010
		// TVPS, 14.003 IMP, 14.013 FGP (ANSI/NIST-ITL 1-2011 Table 31).
		got := []string{t14[0].Text(8), t14[0].Text(9), t14[0].Text(10), t14[0].Text(3), t14[0].Text(13)}
		if exp := []string{"1", "500", "500", w.impression, w.position}; !slices.Equal(got, exp) {
			t.Errorf("%s: SLC, THPS, TVPS, IMP, FGP %q; want %q", rel, got, exp)
		}
		losses := strings.Join(r.Losses, "\n")
		if got := strings.Contains(losses, "finger position unknown"); got != w.assumed {
			t.Errorf("%s: position assumed listed %v; want %v (losses %q)", rel, got, w.assumed, r.Losses)
		}
		if got := strings.Contains(losses, "ppi"); w.assumed && !got {
			t.Errorf("%s: the assumed resolution is not listed (losses %q)", rel, r.Losses)
		}
	}
}

// TestBatchModerniseKey: another sidecar or other Type-1 values make
// another key (a journal entry made with them is redone); the same make
// the same.
func TestBatchModerniseKey(t *testing.T) {
	read := func(csv string) *Sidecar {
		s, err := ReadSidecar(strings.NewReader(csv))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	base := ModerniseOptions{Sidecar: read("a.tif,1,500\n"), TOT: "CAR"}
	tests := []struct {
		name string
		o    ModerniseOptions
		same bool
	}{
		{"same options", ModerniseOptions{Sidecar: read("a.tif,1,500\n"), TOT: "CAR"}, true},
		{"another sidecar", ModerniseOptions{Sidecar: read("a.tif,2,500\n"), TOT: "CAR"}, false},
		{"no sidecar", ModerniseOptions{TOT: "CAR"}, false},
		{"another TOT", ModerniseOptions{Sidecar: read("a.tif,1,500\n"), TOT: "MAP"}, false},
		{"an ORI", ModerniseOptions{Sidecar: read("a.tif,1,500\n"), TOT: "CAR", ORI: "X"}, false},
	}
	for _, tc := range tests {
		if got := tc.o.Key() == base.Key(); got != tc.same {
			t.Errorf("%s: same key %v; want %v", tc.name, got, tc.same)
		}
	}
}
