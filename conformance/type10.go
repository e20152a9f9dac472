package conformance

import "github.com/biogate/biogate/nist"

// Type-10 fields that describe a face, and those that describe a scar,
// mark or tattoo (ANSI/NIST-ITL 1-2011 §8.10, Table 18: "D" fields that
// depend on 10.003 IMT).
var (
	faceFields = []int{13, 14, 15, 18, 19, 20, 21, 24, 25, 26, 27, 28, 29, 31, 32, 33, 45}
	smtFields  = []int{40, 41, 42, 43}
)

func isSMT(imt string) bool { return imt == "SCAR" || imt == "MARK" || imt == "TATTOO" }

// type10Dependencies: a face image carries 10.013 SAP; the fields of one
// kind of image do not appear in records of another (§8.10.3 IMT,
// §8.10.13 SAP, §8.10.40-43). 10.040 SMT is not required of a scar, mark
// or tattoo image: NIST's pass-type-10-smt-mandatory-only has none.
func type10Dependencies(in *Input) []Finding {
	var out []Finding
	for i, r := range in.Transaction.Records {
		if r.Type != 10 {
			continue
		}
		imt := r.Text(3)
		if imt == "" {
			continue
		}
		if imt == "FACE" && r.Field(13) == nil {
			out = append(out, l2("10.013.present", at(i+1, r, 3, -1, -1), "ANSI/NIST-ITL 1-2011 §8.10.13 SAP (mandatory for IMT FACE)",
				"10.003 IMT is FACE, so 10.013 SAP (subject acquisition profile) is required"))
		}
		if imt != "FACE" {
			for _, n := range faceFields {
				if r.Field(n) != nil {
					out = append(out, l2(nist.FieldTag(10, n)+".imt", at(i+1, r, n, -1, -1), "ANSI/NIST-ITL 1-2011 §8.10 Table 18 (facial fields depend on IMT FACE)",
						"%s describes a face, but 10.003 IMT is %s", nist.FieldTag(10, n), imt))
				}
			}
		}
		if !isSMT(imt) {
			for _, n := range smtFields {
				if r.Field(n) != nil {
					out = append(out, l2(nist.FieldTag(10, n)+".imt", at(i+1, r, n, -1, -1), "ANSI/NIST-ITL 1-2011 §8.10 Table 18 (SMT fields depend on IMT SCAR, MARK or TATTOO)",
						"%s describes a scar, mark or tattoo, but 10.003 IMT is %s", nist.FieldTag(10, n), imt))
				}
			}
		}
	}
	return out
}
