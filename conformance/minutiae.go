package conformance

import (
	"strconv"

	"github.com/biogate/biogate/nist"
)

// minutiaeCounts: the counts of a Type-9 record agree with the minutiae it
// lists: 9.010 MIN with the subfields of 9.012 MRC (legacy block,
// ANSI/NIST-ITL 1-2011 §8.9.7.6-8), 9.136 NOM with those of 9.137 FMD
// (INCITS 378 block, §8.9.10), and 9.011 RDG 0 with no ridge counts.
func minutiaeCounts(in *Input) []Finding {
	var out []Finding
	for i, r := range in.Transaction.Records {
		if r.Type != 9 {
			continue
		}
		for _, p := range [][2]int{{10, 12}, {136, 137}} {
			n, ok := num(r, p[0])
			f := r.Field(p[1])
			got := 0
			if f != nil && len(f.Value) > 0 {
				got = f.SubfieldCount()
			}
			if ok && n != got {
				out = append(out, l2(nist.FieldTag(9, p[0])+".count", at(i+1, r, p[0], -1, -1), "ANSI/NIST-ITL 1-2011 §8.9 (minutiae count and list)",
					"%s says %d minutiae but %s lists %d", nist.FieldTag(9, p[0]), n, nist.FieldTag(9, p[1]), got))
			}
		}
		if rdg, ok := num(r, 11); ok && rdg == 0 {
			if f := r.Field(12); f != nil {
				for k, s := range f.Subfields() {
					if len(s) > 4 && s[4] != "" {
						out = append(out, l2("9.011.count", at(i+1, r, 12, k, 4), "ANSI/NIST-ITL 1-2011 §8.9.7.7 RDG",
							"9.011 RDG is 0 (no ridge counts), but 9.012 subfield %d carries ridge counts", k+1))
						break
					}
				}
			}
		}
		if f := r.Field(12); f != nil && !f.Binary {
			for k, s := range f.Subfields() {
				if n, err := strconv.Atoi(s[0]); err == nil && n != k+1 {
					out = append(out, l2("9.012.index", at(i+1, r, 12, k, 0), "ANSI/NIST-ITL 1-2011 §8.9.7.8 MRC (minutiae numbered from 1)",
						"9.012 subfield %d has index number %d; minutiae are numbered 1, 2, 3, ... in order", k+1, n))
					break
				}
			}
		}
	}
	return out
}
