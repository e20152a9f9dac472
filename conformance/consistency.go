package conformance

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/biogate/biogate/nist"
)

// Level 2: internal consistency (ANSI/NIST-ITL 1-2011 clauses cited per
// rule). Each rule is a small function over the transaction.

// at locates field num of record r (index idx from 1) at item j of
// subfield i (from 0; -1 for the whole field).
func at(idx int, r *nist.Record, num, i, j int) Location {
	loc := Location{Record: idx, RecordType: r.Type, Offset: r.Offset}
	if num <= 0 {
		return loc
	}
	loc.Field = nist.FieldTag(r.Type, num)
	f := r.Field(num)
	if f == nil {
		return loc
	}
	loc.Offset = f.Offset
	if i >= 0 {
		loc.Subfield = i + 1
		if j >= 0 {
			loc.Item = j + 1
		}
		if o := r.ItemOffset(f, i, max(j, 0)); o >= 0 {
			loc.Offset = o
		}
	}
	return loc
}

func l2(id string, loc Location, source, format string, args ...any) Finding {
	return Finding{Assertion: "AN." + id, Level: Level2, Severity: Error, Location: loc,
		Message: fmt.Sprintf(format, args...), Source: source}
}

// num reads field n of r as an integer.
func num(r *nist.Record, n int) (int, bool) {
	if f := r.Field(n); f != nil && !f.Binary {
		return f.Int()
	}
	return 0, false
}

// idcUnique: two binary records of the same type do not share an IDC
// (ANSI/NIST-ITL 1-2011 §7.3.1 and §8: each binary image is one finger
// image named by its IDC). Tagged records of one type may share an IDC
// when they describe the same sample (NIST's pass-type-10-tattoo-zoom
// shares one between a tattoo and its zoom), as a Type-9 does with its
// image record.
func idcUnique(in *Input) []Finding {
	var out []Finding
	seen := map[[2]int]int{}
	for i, r := range in.Transaction.Records {
		if r.Type == 1 {
			continue
		}
		idc, ok := r.IDC()
		if !ok {
			continue
		}
		k := [2]int{r.Type, idc}
		if first, dup := seen[k]; dup && nist.IsBinaryType(r.Type) {
			out = append(out, l2("IDC.unique", at(i+1, r, 2, -1, -1), "ANSI/NIST-ITL 1-2011 §7.3.1 (IDC)",
				"IDC %d is already used by record %d, another Type-%d record; each record of a type needs its own IDC", idc, first, r.Type))
			continue
		}
		seen[k] = i + 1
	}
	return out
}

// charsetNames are the names Table 4 gives the character encoding indexes.
var charsetNames = map[int]string{0: "ASCII", 2: "UTF-16", 3: "UTF-8", 4: "UTF-32"}

// dcsName: 1.015 DCS names the encoding its index stands for (Table 4).
func dcsName(in *Input) []Finding {
	t1 := in.Transaction.Records[0]
	f := t1.Field(15)
	if t1.Type != 1 || f == nil {
		return nil
	}
	var out []Finding
	for i, s := range f.Subfields() {
		if len(s) < 2 || s[1] == "" {
			continue
		}
		csi, err := strconv.Atoi(s[0])
		if err != nil {
			continue
		}
		name := strings.ToUpper(s[1])
		want, std := charsetNames[csi]
		switch {
		case std && name != want:
			out = append(out, l2("1.015.name", at(1, t1, 15, i, 1), "ANSI/NIST-ITL 1-2011 Table 4 (character encoding index and name)",
				"1.015 DCS index %d stands for %s, but the name given is %q", csi, want, s[1]))
		case !std && csi < 128:
			for k, n := range charsetNames {
				if n == name {
					out = append(out, l2("1.015.name", at(1, t1, 15, i, 1), "ANSI/NIST-ITL 1-2011 Table 4 (character encoding index and name)",
						"1.015 DCS name %q is the name of index %d, not of %d", s[1], k, csi))
				}
			}
		}
	}
	return out
}

// ppmm reads an NN.NN resolution.
func ppmm(s string) (float64, bool) {
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// resolutionConsistency: 1.012 NTR is no greater than 1.011 NSR, and
// binary fingerprint records scanned at the minimum resolution (ISR 0)
// travel at 500 ppi, 19.69 ppmm (250 ppi, 9.84 ppmm, for the low-resolution
// Types 3 and 5) within 0.2 ppmm (ANSI/NIST-ITL 1-2011
// §8.4.5 ISR and Table 9 fields 1.011/1.012; NBIS MIN_RESOLUTION,
// MM_TOLERANCE).
func resolutionConsistency(in *Input) []Finding {
	t1 := in.Transaction.Records[0]
	if t1.Type != 1 {
		return nil
	}
	nsr, ok1 := ppmm(t1.Text(11))
	ntr, ok2 := ppmm(t1.Text(12))
	var out []Finding
	if ok1 && ok2 && nsr > 0 && ntr > nsr+0.005 {
		out = append(out, l2("1.012.resolution", at(1, t1, 12, -1, -1), "ANSI/NIST-ITL 1-2011 Table 9, field 1.012 NTR",
			"1.012 NTR %.2f ppmm exceeds 1.011 NSR %.2f ppmm: images cannot be transmitted above their scanning resolution", ntr, nsr))
	}
	for i, r := range in.Transaction.Records {
		if r.Type < 3 || r.Type > 6 {
			continue
		}
		if isr, ok := num(r, 5); !ok || isr != 0 || !ok2 {
			continue
		}
		// Types 3 and 5 are the low-resolution records: 9.84 ppmm (250 ppi).
		want := 19.69
		if r.Type == 3 || r.Type == 5 {
			want = 9.84
		}
		if ntr < want-0.2 || ntr > want+0.2 {
			out = append(out, l2(nist.FieldTag(r.Type, 5)+".resolution", at(i+1, r, 5, -1, -1), "ANSI/NIST-ITL 1-2011 §8.4.5 ISR and Table 9 field 1.012 NTR",
				"Type-%d ISR 0 declares the minimum scanning resolution (%.2f ppmm), but 1.012 NTR is %s", r.Type, want, t1.Text(12)))
			break
		}
	}
	return out
}

// references: the records that other records point to exist. 10/13/...995
// ASC names a Type-21 ACN (21.021), .997 SOR a Type-20 SRN (20.021), .992
// T2C a Type-2 IDC (ANSI/NIST-ITL 1-2011 §7.3.1-7.3.2, Update 2013 §7.3.3).
func references(in *Input) []Finding {
	acn, srn, t2 := map[string]bool{}, map[string]bool{}, map[int]bool{}
	for _, r := range in.Transaction.Records {
		switch r.Type {
		case 21:
			acn[trimZeros(r.Text(21))] = true
		case 20:
			srn[trimZeros(r.Text(21))] = true
		case 2:
			if idc, ok := r.IDC(); ok {
				t2[idc] = true
			}
		}
	}
	var out []Finding
	for i, r := range in.Transaction.Records {
		if r.Type < 10 || nist.IsBinaryType(r.Type) {
			continue
		}
		check := func(fnum int, set map[string]bool, what, src string) {
			f := r.Field(fnum)
			if f == nil || f.Binary {
				return
			}
			for k, s := range f.Subfields() {
				if len(s) == 0 || s[0] == "" {
					continue
				}
				if !set[trimZeros(s[0])] {
					out = append(out, l2(nist.FieldTag(r.Type, fnum)+".reference", at(i+1, r, fnum, k, 0), src,
						"%s subfield %d refers to %s %s, which no record of the transaction has", nist.FieldTag(r.Type, fnum), k+1, what, s[0]))
				}
			}
		}
		if r.Type != 21 {
			check(995, acn, "Type-21 associated context number (21.021 ACN)", "ANSI/NIST-ITL 1-2011 §7.3.1 ASC")
		}
		if r.Type != 20 {
			check(997, srn, "Type-20 source representation number (20.021 SRN)", "ANSI/NIST-ITL 1-2011 §7.3.2 SOR")
		}
		if f := r.Field(992); f != nil && !f.Binary {
			if v, ok := f.Int(); ok && !t2[v] {
				out = append(out, l2(nist.FieldTag(r.Type, 992)+".reference", at(i+1, r, 992, -1, -1), "ANSI/NIST-ITL 1-2011 Update 2013 §7.3.3 T2C",
					"%s T2C refers to Type-2 IDC %d, which no Type-2 record has", nist.FieldTag(r.Type, 992), v))
			}
		}
	}
	return out
}

func trimZeros(s string) string {
	if n, err := strconv.Atoi(s); err == nil {
		return strconv.Itoa(n)
	}
	return s
}

// minutiaeIDC: a Type-9 record carries the IDC of the image its minutiae
// come from (ANSI/NIST-ITL 1-2011 §8.9.2). A Type-9 without a matching
// image is legal (minutiae-only searches) and gets a warning.
func minutiaeIDC(in *Input) []Finding {
	images := map[int]bool{}
	for _, r := range in.Transaction.Records {
		switch r.Type {
		case 3, 4, 5, 6, 13, 14, 15, 19:
			if idc, ok := r.IDC(); ok {
				images[idc] = true
			}
		}
	}
	if len(images) == 0 {
		return nil
	}
	var out []Finding
	for i, r := range in.Transaction.Records {
		if r.Type != 9 {
			continue
		}
		if idc, ok := r.IDC(); ok && !images[idc] {
			f := l2("9.002.reference", at(i+1, r, 2, -1, -1), "ANSI/NIST-ITL 1-2011 §8.9.2 (Type-9 IDC)",
				"Type-9 IDC %d matches no friction ridge image record of the transaction", idc)
			f.Severity = Warning
			out = append(out, f)
		}
	}
	return out
}

// imageHash: xx.996 HAS is the SHA-256 of the .999 data as 64 hexadecimal
// characters, compared without regard to case (ANSI/NIST-ITL 1-2011 §7.5.2;
// STANDARDS.md §5.3).
func imageHash(in *Input) []Finding {
	var out []Finding
	for i, r := range in.Transaction.Records {
		h := r.Field(996)
		if h == nil || nist.IsBinaryType(r.Type) || len(h.Value) != 64 {
			continue
		}
		d := r.Field(999)
		if d == nil {
			out = append(out, l2(nist.FieldTag(r.Type, 996)+".hash", at(i+1, r, 996, -1, -1), "ANSI/NIST-ITL 1-2011 §7.5.2 HAS",
				"%s HAS is present but the record has no %s data to hash", nist.FieldTag(r.Type, 996), nist.FieldTag(r.Type, 999)))
			continue
		}
		sum := sha256.Sum256(d.Value)
		if want := hex.EncodeToString(sum[:]); !strings.EqualFold(want, string(h.Value)) {
			out = append(out, l2(nist.FieldTag(r.Type, 996)+".hash", at(i+1, r, 996, -1, -1), "ANSI/NIST-ITL 1-2011 §7.5.2 HAS",
				"%s HAS does not match the data: the SHA-256 of %s is %s", nist.FieldTag(r.Type, 996), nist.FieldTag(r.Type, 999), strings.ToUpper(want)))
		}
	}
	return out
}
