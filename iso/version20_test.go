package iso_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/biogate/biogate/iso"
)

// TestVersion20Variant: a 378-2004 or 19794-2:2005 record whose version
// is written "020" instead of " 20" (as at least one widely used Java
// library writes it) is identified by its layout, decodes strictly, keeps
// the variant and encodes back to its bytes; encoded as the other edition
// it gets that edition's own version.
func TestVersion20Variant(t *testing.T) {
	file, err := os.ReadFile("../testdata/iso/incits378-2004-version020.fmr")
	if err != nil {
		t.Fatalf("%v (made by go test ./convert -run TestEditionSameIsInput -update)", err)
	}
	iso2005, err := iso.Marshal(minutiaeRecord(iso.FMR2005), iso.FMR2005)
	if err != nil {
		t.Fatal(err)
	}
	copy(iso2005[4:8], "020\x00")
	for _, tt := range []struct {
		name string
		in   []byte
		want iso.Format
	}{
		{"incits378-2004 (testdata)", file, iso.ANSI378v2004},
		{"19794-2:2005", iso2005, iso.FMR2005},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := iso.Identify(tt.in)
			if err != nil || f != tt.want {
				t.Fatalf("Identify: %s, %v; want %s", f, err, tt.want)
			}
			rec, err := iso.DecodeAs(tt.in, f, nil)
			if err != nil {
				t.Fatalf("strict decode: %v", err)
			}
			m := rec.(*iso.MinutiaeRecord)
			if m.Version20 != iso.Version20Variant {
				t.Errorf("Version20 %q, want %q", m.Version20, iso.Version20Variant)
			}
			out, err := iso.Marshal(rec, f)
			if err != nil || !bytes.Equal(out, tt.in) {
				t.Errorf("re-encoded: %v; equal to the input: %v", err, bytes.Equal(out, tt.in))
			}
			m.Version20 = ""
			own, err := iso.Marshal(rec, f)
			if err != nil || string(own[4:8]) != " 20\x00" || !bytes.Equal(own[8:], tt.in[8:]) {
				t.Errorf("without the variant: %v, version %q", err, own[4:8])
			}
		})
	}
}
