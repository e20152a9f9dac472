package conformance

import (
	"bytes"
	"strconv"

	"github.com/biogate/biogate/nist"
)

// fingersOf returns the single fingers (1-10, 16, 17) that a finger
// position code covers (ANSI/NIST-ITL 1-2011 Table 8): itself for a single
// finger, the fingers of a slap or multi-finger code, every finger for
// the unknown (0) and EJI/tip (19) codes.
func fingersOf(fgp int) []int {
	switch {
	case fgp >= 1 && fgp <= 10, fgp == 16, fgp == 17:
		return singleFingers[fgp]
	case fgp == 0, fgp == 18, fgp == 19:
		return allFingers
	}
	return multiFingers[fgp]
}

var (
	allFingers   = []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 16, 17}
	multiFingers = map[int][]int{11: {1}, 12: {6}, 13: {2, 3, 4, 5, 16}, 14: {7, 8, 9, 10, 17}, 15: {1, 6},
		40: {2, 3}, 41: {3, 4}, 42: {4, 5}, 43: {7, 8}, 44: {8, 9}, 45: {9, 10}, 46: {2, 7},
		47: {2, 3, 4}, 48: {3, 4, 5}, 49: {7, 8, 9}, 50: {8, 9, 10}}
	singleFingers [51][]int // fingersOf(n) for single fingers, without allocating
)

func init() {
	for _, n := range allFingers {
		singleFingers[n] = []int{n}
	}
}

// multiFinger reports whether fgp names several fingers in one image.
func multiFinger(fgp int) bool { return fgp >= 13 && fgp <= 15 || fgp >= 40 && fgp <= 50 }

// positions appends the FGP codes of a tagged record's .013 field to dst.
func positions(dst []int, r *nist.Record) []int {
	f := r.Field(13)
	if f == nil || f.Binary {
		return dst
	}
	firstItems(f, func(_ int, b []byte) {
		if n, ok := atoiBytes(b); ok {
			dst = append(dst, n)
		}
	})
	return dst
}

// firstItems calls fn with the first item of each subfield of the text
// field f, as a view of its value.
func firstItems(f *nist.Field, fn func(k int, b []byte)) {
	v := f.Value
	for k := 0; ; k++ {
		end := bytes.IndexByte(v, nist.RS)
		s := v
		if end >= 0 {
			s = v[:end]
		}
		if u := bytes.IndexByte(s, nist.US); u >= 0 {
			s = s[:u]
		}
		fn(k, s)
		if end < 0 {
			return
		}
		v = v[end+1:]
	}
}

// frictionRidge checks that FGP agrees with the fields that depend on it
// in Types 4, 13 and 14 (ANSI/NIST-ITL 1-2011 §8.4.4, §8.13.14-15,
// §8.14.14-25).
func frictionRidge(in *Input) []Finding {
	var out []Finding
	for i, r := range in.Transaction.Records {
		idx := i + 1
		switch r.Type {
		case 3, 4, 5, 6:
			out = append(out, binaryFGP(idx, r)...)
		case 13, 14:
			var buf [8]int
			fgps := positions(buf[:0], r)
			has19 := false
			for _, p := range fgps {
				has19 = has19 || p == 19
			}
			for _, n := range []int{14, 15} {
				if r.Field(n) != nil && !has19 {
					out = append(out, l2(nist.FieldTag(r.Type, n)+".fgp", at(idx, r, n, -1, -1), "ANSI/NIST-ITL 1-2011 §8.13.14-15 / §8.14.14-15 (only for FGP 19, EJI or tip)",
						"%s is present, but %s FGP does not include 19 (EJI or tip), the only position it describes", nist.FieldTag(r.Type, n), nist.FieldTag(r.Type, 13)))
				}
			}
			if r.Type == 14 {
				out = append(out, type14Positions(idx, r, fgps)...)
			}
		}
	}
	return out
}

// binaryFGP: a Type-3..6 FGP lists up to six possible positions, unused
// bytes 255 after the used ones; at least the first is used (§8.4.4).
func binaryFGP(idx int, r *nist.Record) []Finding {
	f := r.Field(4)
	if f == nil {
		return nil
	}
	s := f.Subfields()[0]
	var out []Finding
	unused := false
	for j, v := range s {
		n, err := strconv.Atoi(v)
		if err != nil {
			continue
		}
		switch {
		case n == 255:
			if j == 0 {
				out = append(out, l2(nist.FieldTag(r.Type, 4)+".fgp", at(idx, r, 4, 0, j), "ANSI/NIST-ITL 1-2011 §8.4.4 FGP",
					"%s FGP starts with 255 (unused); the first byte must give a finger position", nist.FieldTag(r.Type, 4)))
			}
			unused = true
		case unused:
			out = append(out, l2(nist.FieldTag(r.Type, 4)+".fgp", at(idx, r, 4, 0, j), "ANSI/NIST-ITL 1-2011 §8.4.4 FGP",
				"%s FGP byte %d gives position %d after an unused (255) byte; unused bytes come last", nist.FieldTag(r.Type, 4), j+1, n))
		}
	}
	return out
}

// type14Positions checks the Type-14 fields that name fingers of the image.
func type14Positions(idx int, r *nist.Record, fgps []int) []Finding {
	var out []Finding
	var covered [20]bool // fingers 1-10, 16, 17
	ncovered := 0
	multi := false
	for _, p := range fgps {
		multi = multi || multiFinger(p)
		for _, c := range fingersOf(p) {
			if !covered[c] {
				covered[c] = true
				ncovered++
			}
		}
	}
	if imp, ok := num(r, 3); ok && (imp == 1 || imp == 3) && multi {
		out = append(out, l2("14.003.fgp", at(idx, r, 3, -1, -1), "ANSI/NIST-ITL 1-2011 Table 7 and Table 8",
			"14.003 IMP %d is a rolled impression, but 14.013 FGP names a multi-finger plain image", imp))
	}
	if r.Field(21) != nil && !multi {
		out = append(out, l2("14.021.fgp", at(idx, r, 21, -1, -1), "ANSI/NIST-ITL 1-2011 §8.14.21 SEG",
			"14.021 SEG segments a multi-finger image, but 14.013 FGP names no slap or multi-finger position"))
	}
	for _, n := range []int{18, 21, 22, 23, 24, 25} {
		f := r.Field(n)
		if f == nil {
			continue
		}
		firstItems(f, func(k int, b []byte) {
			p, ok := atoiBytes(b)
			if !ok || p < len(covered) && covered[p] || ncovered == 0 {
				return
			}
			// A warning: NIST's own conformance files (pass-type-14-fld21,
			// pass-type-14-aseg) name fingers outside FGP and pass BioCTS.
			f := l2(nist.FieldTag(14, n)+".fgp", at(idx, r, n, k, 0), "ANSI/NIST-ITL 1-2011 §8.14 (finger positions of 14.018-14.025 lie in 14.013 FGP)",
				"%s subfield %d names finger %d, which 14.013 FGP does not cover", nist.FieldTag(14, n), k+1, p)
			f.Severity = Warning
			out = append(out, f)
		})
	}
	return out
}
