package convert

import (
	"strings"
	"testing"

	"github.com/biogate/biogate/iso"
)

// TestEditionModernisesISO: the ISO/IEC 19794 2005 → 2011 and INCITS
// 378-2004 → 2009 conversions issue 14 asks of `modernise` are those of
// [Edition]: every such corpus record converts, and the result decodes as
// the target edition.
func TestEditionModernisesISO(t *testing.T) {
	upgrades := []struct {
		manifest string
		from, to iso.Format
	}{
		{"iso19794-2-2005", iso.FMR2005, iso.FMR2011},
		{"incits378-2004", iso.ANSI378v2004, iso.ANSI378v2009},
		{"iso19794-4-2005", iso.FIR2005, iso.FIR2011},
		{"iso19794-5-2005", iso.Face2005, iso.Face2011},
		{"iso19794-6-2005", iso.Iris2005, iso.Iris2011},
	}
	for _, u := range upgrades {
		files := manifest(t, u.manifest)
		if len(files) == 0 {
			t.Errorf("no %s record in the corpus manifest", u.manifest)
		}
		for _, cf := range files {
			t.Run(cf.path, func(t *testing.T) {
				in := readCorpus(t, cf.path)
				rec := decodeISO(t, cf)
				if got, _ := iso.Identify(in); got != u.from {
					t.Skipf("identified as %s, not %s", got, u.from)
				}
				out, rep, err := Edition(in, rec, u.from, u.to)
				if err != nil {
					t.Fatalf("%s → %s: %v", u.from, u.to, err)
				}
				back, err := iso.DecodeAs(out, u.to, &iso.DecodeOptions{Lenient: true})
				if back == nil {
					t.Fatalf("the %s result does not decode: %v", u.to, err)
				}
				if err != nil {
					// What the source itself reads with (a lenient
					// decode's problems) may be carried over as it is.
					_, srcErr := iso.DecodeAs(in, u.from, &iso.DecodeOptions{Lenient: true})
					if srcErr == nil {
						t.Errorf("the %s result reads with problems the source has not: %v", u.to, err)
					} else {
						t.Logf("the %s result reads with problems (%v); the source reads with %v", u.to, err, srcErr)
					}
				}
				t.Logf("%s → %s: %d findings %s", u.from, u.to, len(rep.Findings), strings.ReplaceAll(rep.String(), "\n", ";"))
			})
		}
	}
}
