package convert

import (
	"fmt"
	"strconv"

	"github.com/biogate/biogate/nist"
)

// Type-1 at VER 0502 (ANSI/NIST-ITL 1-2011 §8.1, Table 9; STANDARDS.md
// §1.5): the fields whose form or presence changed since 0200-0400.

const (
	fieldVER = 2
	fieldNSR = 11
	fieldNTR = 12
)

// header rewrites the Type-1 record of out (already a copy) for VER 0502
// and rebuilds 1.003 CNT from the records out holds.
func (m *moderniser) header(out *nist.Transaction) {
	r1 := out.Records[0]
	const where = "record 1 (Type-1)"
	old := r1.Text(fieldVER)
	r1.Set(fieldVER, nist.V0502.String())
	m.rep.approx("1.002 VER", where, 0, "%s rewritten as 0502 (ANSI/NIST-ITL 1-2011 Update 2015)", old)
	binary := false
	for _, r := range m.src.Records {
		if nist.IsBinaryType(r.Type) && r.Type != 7 {
			binary = true
		}
	}
	m.resolution(r1, fieldNSR, "1.011 NSR", binary)
	m.resolution(r1, fieldNTR, "1.012 NTR", binary)
	if !m.opts.GMT.IsZero() {
		prev := r1.Text(14)
		out.Header().SetGMT(m.opts.GMT)
		if prev != r1.Text(14) {
			m.rep.assume("1.014 GMT", where, "%s written from the options (was %q)", r1.Text(14), prev)
		}
	}
	m.dcs(r1)
	before := r1.Text(3)
	out.SyncCNT()
	if after := r1.Text(3); after != before {
		m.rep.approx("1.003 CNT", where, 0, "rebuilt to list the records as they now are (record types and IDCs)")
	}
}

// resolution writes field n of r1 in the 2011 form NN.NN (pixels per
// millimetre, two decimals): a value written otherwise ("19.7", "19.690")
// is rewritten; an absent or unreadable one becomes 19.69 when binary
// image records read it (they are transmitted at NTR, 2011 §8.4) and
// 00.00 ("does not apply") otherwise, reported as assumed.
func (m *moderniser) resolution(r1 *nist.Record, n int, name string, binary bool) {
	const where = "record 1 (Type-1)"
	s := r1.Text(n)
	v, ok := parseResolution(s)
	switch {
	case !ok && binary:
		r1.Set(n, "19.69")
		m.rep.assume(name, where, "%q is not a resolution; 19.69 (500 ppi) written, which binary image records take when NTR does not apply", s)
	case !ok:
		r1.Set(n, "00.00")
		m.rep.assume(name, where, "%q is not a resolution; 00.00 (does not apply) written", s)
	default:
		w := fmt.Sprintf("%05.2f", v)
		if w != s {
			r1.Set(n, w)
			m.rep.approx(name, where, 0, "%q rewritten as %s (NN.NN)", s, w)
		}
	}
}

// parseResolution reads NSR/NTR in pixels per millimetre, below 100.
func parseResolution(s string) (float64, bool) {
	if s == "" {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil && v >= 0 && v < 99.995
}
