package convert

import (
	"strconv"
	"strings"

	"github.com/biogate/biogate/codec"
	"github.com/biogate/biogate/nist"
)

// Field-level changes of the records Modernise keeps: what an older
// version wrote that VER 0502 defines otherwise or not at all.

// dcs rewrites the character encoding name of 1.015 DCS (item 2) as 2011
// Table 4 names it for the index (item 1): "ASCII", "UTF-16", "UTF-8",
// "UTF-32" (2007 writers put free text such as "ASCII 7-bit English").
// Indexes without a standard name are left as they are.
func (m *moderniser) dcs(r1 *nist.Record) {
	f := r1.Field(15)
	if f == nil {
		return
	}
	subs := f.Subfields()
	changed := false
	for i, s := range subs {
		if len(s) < 2 || s[1] == "" {
			continue
		}
		csi, err := strconv.Atoi(s[0])
		if err != nil {
			continue
		}
		cs := nist.CharacterSet(csi)
		if cs != nist.ASCII && cs != nist.UTF16 && cs != nist.UTF8 && cs != nist.UTF32 {
			continue
		}
		if want := cs.String(); !strings.EqualFold(s[1], want) {
			m.rep.approx("1.015 DCS character encoding name", "record 1 (Type-1)", 0, "%q rewritten as %q, the name 2011 Table 4 gives index %d", s[1], want, csi)
			subs[i][1] = want
			changed = true
		}
	}
	if changed {
		r1.SetSubfields(15, subs...)
	}
}

// captureDate99 rewrites 99.005 BCD, the biometric capture date, which
// 2007 wrote as a GMT (YYYYMMDDhhmmssZ) and 2011 as a date (YYYYMMDD,
// Table 50, Annex B): the time of day is dropped, reported.
func (m *moderniser) captureDate99(r *nist.Record, where string) {
	s := r.Text(5)
	if r.Type != 99 || len(s) != 15 || s[14] != 'Z' {
		return
	}
	r.Set(5, s[:8])
	m.rep.approx("99.005 BCD time of day", where, 0, "%q written as the date %s: VER 0502 holds a date only", s, s[:8])
}

// dropUndefined removes the fields of the tagged record r that VER 0502
// does not define (fields a 2007 or older layout had and 2011 removed or
// renumbered), naming each in the report. LEN and IDC are kept, and so is
// a record none of whose fields 0502 defines (the validator names it).
// Type-2, whose fields the domain defines, and binary records are left
// alone.
func (m *moderniser) dropUndefined(r *nist.Record, where string) {
	if r.Type == 2 || nist.IsBinaryType(r.Type) {
		return
	}
	var kept []*nist.Field
	var gone []string
	for _, f := range r.Fields {
		if _, ok := nist.LookupField(r.Type, f.Number, nist.V0502); ok || f.Number == 1 || f.Number == 2 {
			kept = append(kept, f)
			continue
		}
		gone = append(gone, nist.FieldTag(r.Type, f.Number)+" "+strconv.Quote(abbreviate(f)))
	}
	if len(kept) == 0 {
		// Not a record 0502 knows at all: left for the validator to name.
		return
	}
	r.Fields = kept
	for _, g := range gone {
		m.rep.drop("field not defined at VER 0502", where, "%s: the 2011 layout of Type-%d has no such field", g, r.Type)
	}
}

// abbreviate is the start of a field's value, for a report.
func abbreviate(f *nist.Field) string {
	const n = 40
	if f.Binary {
		return strconv.Itoa(len(f.Value)) + " bytes"
	}
	if len(f.Value) > n {
		return string(f.Value[:n]) + "…"
	}
	return string(f.Value)
}

// compressionName rewrites xx.011 CGA of a tagged image record (Types 13,
// 14, 15, 16, 17; Type-10 too) as 2011 Table 15 spells it, through package
// codec: the older "WSQ" becomes WSQ20. The image bytes are not touched.
func (m *moderniser) compressionName(r *nist.Record, where string) {
	switch r.Type {
	case 10, 13, 14, 15, 16, 17:
	default:
		return
	}
	s := r.Text(11)
	c, ok := codec.FromCGA(s)
	if !ok {
		return
	}
	if want, ok := c.CGA(); ok && want != s {
		r.Set(11, want)
		m.rep.approx(nist.FieldTag(r.Type, 11)+" CGA", where, 0, "%q rewritten as %q, its name in 2011 Table 15 (the image bytes are unchanged)", s, want)
	}
}

// productID rewrites item 3 of 9.126 CBI, the CBEFF product identifier,
// which 2011 Table 30 makes eight hex digits (owner and type, 4 each) and
// 2007 writers filled with free text ("unspecified", "0"): a value that is
// not hexadecimal, or longer than eight digits, becomes 00000000 (unknown,
// as [MinutiaeToType9] writes it); a shorter hex value is padded on the
// left with zeros (the same number).
func (m *moderniser) productID(r *nist.Record, where string) {
	f := r.Field(126)
	if r.Type != 9 || f == nil {
		return
	}
	subs := f.Subfields()
	if len(subs) == 0 || len(subs[0]) < 3 || len(subs[0][2]) == 8 {
		return
	}
	old := subs[0][2]
	want := "00000000"
	if _, err := strconv.ParseUint(old, 16, 32); err == nil && len(old) < 8 {
		want = strings.Repeat("0", 8-len(old)) + strings.ToUpper(old)
	}
	subs[0][2] = want
	r.SetSubfields(126, subs...)
	m.rep.approx("9.126 CBI product identifier", where, 0, "%q is not eight hex digits (2011 Table 30); %s written", old, want)
}
