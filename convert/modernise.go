package convert

import (
	"errors"
	"fmt"
	"time"

	"github.com/biogate/biogate/nist"
)

// ModerniseOptions tunes [Modernise]; nil means the defaults.
type ModerniseOptions struct {
	// Source is the source agency written as xx.004 SRC of the image
	// records made from binary ones; "" takes Type-1 1.008 ORI.
	Source string
	// Date is the capture date (YYYYMMDD) written as xx.005 of those
	// records, which binary records do not carry; "" takes Type-1 1.005
	// DAT, the date of the transaction.
	Date string
	// GMT, when not zero, is written as 1.014 GMT (optional in the base
	// standard, mandatory in many profiles).
	GMT time.Time
	// DropUncarried leaves out, reported as dropped, a binary image record
	// that no tagged record can carry (a compressed bi-level Type-5 or
	// Type-6, an unknown GCA) instead of failing the whole transaction.
	DropUncarried bool
}

// Modernise rewrites a traditional transaction of VER 0200, 0201, 0300,
// 0400, 0500 or 0501 as one of VER 0502 (ANSI/NIST-ITL 1-2011 Update
// 2015) and returns it with a report naming every change that is not a
// plain copy. The input is not modified.
//
//   - Type-1 (2011 §8.1, Table 9; STANDARDS.md §1.5): 1.002 VER 0502;
//     1.011 NSR and 1.012 NTR in the NN.NN form (00.00 when absent and
//     no binary image needs it; 19.69 when a binary image does); 1.014
//     GMT from the options; 1.003 CNT rebuilt from the records.
//   - Types 3, 4, 5 and 6 (deprecated or "not to be utilised" since 2011,
//     STANDARDS.md §2.4) become Type-14 through [Type14ToFingerImage] and
//     [FingerImageToType14] (19794-4:2011 in between, which carries
//     every binary-record element): the image bytes are kept (a WSQ
//     stays the same WSQ), GCA becomes the CGA name (GCA 1 → WSQ20,
//     3 → JPEGL, which 19794-4 has no code for; STANDARDS.md §2.1,
//     §9.4), the IDC, impression type and finger
//     position are kept, and the resolution is that of Type-1 NTR (half
//     of it for the low-resolution Types 3 and 5). A latent impression
//     (IMP 4-7, 12-15) gives a Type-13 and a palm impression (IMP 10, 11)
//     a Type-15 instead (2011 Table 7; §8.13-8.15 share the field
//     numbers 3-13, 16, 17, 24 used here). The binary Types 5 and 6
//     (1 bit per pixel, BCA 0) are unpacked to 8-bit grey, uncompressed,
//     with the same pixels (Type-14 has no bit-packed form), reported
//     as approximated.
//   - A Type-9 with the legacy block only (9.005-9.012) keeps it and gains
//     the INCITS 378 block (9.126-9.141, 2011 §8.9.4) computed through
//     [Type9ToMinutiaeWith] and [MinutiaeToType9], whose unit rules the
//     package doc states; 9.004 FMT stays S (2013: "S only if including
//     legacy fields 9.005-9.012 from old record sources").
//   - Type-2 is kept byte for byte (its fields are the domain's).
//   - Every other record is kept as it is, except for what 2011 writes
//     otherwise: 1.015 DCS names the encoding as Table 4
//     does, xx.011 CGA is spelled as Table 15 spells it (WSQ → WSQ20),
//     9.126 CBI's product identifier is eight hex digits (Table 30),
//     99.005 BCD is a date (the 2007 time of day is dropped), and a
//     field the 0502 layout does not define is removed, each reported.
//
// A transaction that is already at 0502 is returned as a copy with an
// empty report. An error means the transaction cannot be modernised (no
// Type-1 record or a second one, an unknown version, an IDC that is not a
// number, an image no tagged record can carry unless DropUncarried is
// set); the report then holds what was found before.
func Modernise(t *nist.Transaction, o *ModerniseOptions) (*nist.Transaction, *Report, error) {
	if o == nil {
		o = &ModerniseOptions{}
	}
	rep := &Report{To: "ANSI/NIST-ITL VER 0502"}
	if t == nil || len(t.Records) == 0 || t.Records[0].Type != 1 {
		return nil, rep, errors.New("convert: the transaction has no Type-1 record")
	}
	v, ok := t.Header().Version()
	if !ok || !v.Known() {
		return nil, rep, fmt.Errorf("convert: 1.002 VER %q names no version Modernise reads (0200-0502)", t.Records[0].Text(2))
	}
	rep.From = "ANSI/NIST-ITL VER " + v.String()
	out := &nist.Transaction{}
	m := &moderniser{src: t, opts: o, rep: rep}
	for i, r := range t.Records {
		where := fmt.Sprintf("record %d (Type-%d)", i+1, r.Type)
		if i > 0 {
			// 1.003 CNT is rebuilt from the records: each needs a type
			// other than 1 and a numeric IDC (2011 §7.3.1, Table 9).
			if r.Type == 1 {
				return nil, rep, fmt.Errorf("convert: %s: a transaction has one Type-1 record, the first", where)
			}
			if _, ok := r.IDC(); !ok {
				return nil, rep, fmt.Errorf("convert: %s: IDC %q is not a number", where, r.Text(2))
			}
		}
		nr, err := m.record(r, where)
		if err != nil && o.DropUncarried && r.Type >= 3 && r.Type <= 6 {
			rep.drop("image record", where, "not carried (ModerniseOptions.DropUncarried): %v", err)
			continue
		}
		if err != nil {
			return nil, rep, fmt.Errorf("convert: %s: %w", where, err)
		}
		out.Records = append(out.Records, nr)
	}
	if v == nist.V0502 {
		out.Trailing = copyBytes(t.Trailing)
		return out, rep, nil
	}
	if len(t.Trailing) > 0 {
		rep.drop("bytes after the last record", "", "%d bytes that no record listed in 1.003 CNT holds are not carried", len(t.Trailing))
	}
	m.header(out)
	return out, rep, nil
}

// moderniser holds what the record conversions of one transaction share.
type moderniser struct {
	src  *nist.Transaction
	opts *ModerniseOptions
	rep  *Report
}

// record returns the 0502 form of r.
func (m *moderniser) record(r *nist.Record, where string) (*nist.Record, error) {
	v, _ := m.src.Header().Version()
	if v == nist.V0502 {
		return cloneRecord(r), nil
	}
	var out *nist.Record
	switch {
	case r.Type >= 3 && r.Type <= 6:
		return m.fingerImage(r, where)
	case r.Type == 9 && nist.HasLegacyMinutiae(r) && !nist.HasM1Minutiae(r):
		var err error
		if out, err = m.addM1(r, where); err != nil {
			return nil, err
		}
	default:
		out = cloneRecord(r)
	}
	m.captureDate99(out, where)
	m.compressionName(out, where)
	m.productID(out, where)
	m.dropUndefined(out, where)
	return out, nil
}

// cloneRecord returns a deep copy of r (fields and their bytes).
func cloneRecord(r *nist.Record) *nist.Record {
	c := &nist.Record{Type: r.Type, Offset: -1, Fields: make([]*nist.Field, len(r.Fields))}
	for i, f := range r.Fields {
		cf := *f
		cf.Value = copyBytes(f.Value)
		cf.Offset = -1
		c.Fields[i] = &cf
	}
	return c
}
