package reply

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/biogate/biogate/nist"
)

// newReply returns a reply transaction to r.Search of TOT tot with TCN
// tcn: its Type-1 record (ANSI/NIST-ITL 1-2011 §8.1, Table 9) refers to
// the search, and an empty Type-2 record with IDC 0 (both families' reply
// TOTs carry exactly one: OpenEBTS "SRT 1:1 2:1", INT-I's SRE samples).
func newReply(r Request, tot, tcn string) (*nist.Transaction, *nist.Record) {
	s := r.Search.Header()
	t := nist.NewTransaction(0)
	t1 := t.Records[0]
	t1.Set(2, s.Record().Text(2)) // 1.002 VER: the search's, so the same base standard applies
	h := t.Header()
	h.SetTypeOfTransaction(tot)
	h.SetDate(r.Now)
	copyType1(t1, s.Record(), 6) // 1.006 PRY: the search's priority
	h.SetDestinationAgency(s.OriginatingAgency())
	h.SetOriginatingAgency(s.DestinationAgency())
	h.SetControlNumber(tcn)
	t1.Set(10, s.ControlNumber()) // 1.010 TCR: the TCN of the transaction answered
	// 1.011 NSR and 1.012 NTR: 00.00, no image in the reply (§8.1.11).
	h.SetResolutions(0, 0)
	copyType1(t1, s.Record(), 13) // 1.013 DOM: the search's domain and version
	if inVersion(14, t) {
		h.SetGMT(r.Now) // 1.014 GMT
	}
	// 1.017 ANM: the agency names swapped with DAI and ORI. Only the two
	// names of the base standard (Table 9: DAN, OAN): INT-I's XML adds
	// each agency's country (MRT [01.017-C], [01.017-D], XML only), which
	// the service fills in from the partner configuration when it
	// delivers INT-I XML.
	if f := s.Record().Field(17); f != nil && f.SubfieldCount() == 1 && isASCII(f.Value) {
		if items := f.Subfields()[0]; len(items) >= 2 {
			t1.SetSubfields(17, []string{items[1], items[0]})
		}
	}
	t2 := nist.NewRecord(2)
	t.AddRecord(t2)
	return t, t2
}

// copyField copies field n of from into to, when from has it.
func copyField(to, from *nist.Record, n int) bool {
	f := from.Field(n)
	if f == nil || f.Binary {
		return false
	}
	to.Set(n, "").Value = bytes.Clone(f.Value)
	return true
}

// copyType1 copies field n of the search's Type-1 record from into the
// reply's to when it is 7-bit ASCII, as Type-1 always is (§5.5).
func copyType1(to, from *nist.Record, n int) {
	if f := from.Field(n); f != nil && isASCII(f.Value) {
		copyField(to, from, n)
	}
}

// searchType2 returns the search's first Type-2 record, nil when it has
// none.
func searchType2(t *nist.Transaction) *nist.Record {
	for _, r := range t.Records {
		if r.Type == 2 {
			return r
		}
	}
	return nil
}

// declareCharset sets 1.015 DCS to UTF-8 (CSI 3, ANSI/NIST-ITL 1-2011
// Table 4) when the reply's text carries bytes beyond 7-bit ASCII, the
// default without DCS (§5.5), all of it UTF-8: a candidate's name or
// place copied from an enrolment may. Text that is not UTF-8 came in
// another character set the reply cannot name for all its fields; DCS is
// left out and the note names the field.
func declareCharset(t *nist.Transaction) string {
	wide := false
	for _, r := range t.Records[1:] {
		for _, f := range r.Fields {
			if f.Binary || isASCII(f.Value) {
				continue
			}
			if !utf8.Valid(f.Value) {
				return fmt.Sprintf("field %s holds text that is neither ASCII nor UTF-8; 1.015 DCS is not set", nist.FieldTag(r.Type, f.Number))
			}
			wide = true
		}
	}
	switch {
	case wide && !inVersion(15, t):
		return fmt.Sprintf("the reply's text is UTF-8, but its version %s has no 1.015 DCS to say so", t.Records[0].Text(2))
	case wide:
		t.Records[0].SetSubfields(15, []string{"3", "UTF-8"})
	}
	return ""
}

// inVersion reports whether Type-1 field n is defined in t's version
// (1.013 DOM, 1.014 GMT and 1.015 DCS came with ANSI/NIST-ITL 1-2000,
// VER 0300: nist/fields.tsv, from NIST's chkan2k rules).
func inVersion(n int, t *nist.Transaction) bool {
	v, ok := t.Header().Version()
	d, known := nist.LookupField(1, n, 0)
	return ok && known && d.Since <= v
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}
