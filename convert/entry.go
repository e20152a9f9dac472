package convert

import (
	"errors"
	"fmt"
	"time"

	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/nist"
)

// RecordToISO converts record recordIndex of transaction t into an
// ISO/IEC 19794 or INCITS record of format to. recordIndex counts the
// records of the transaction from 1, Type-1 being record 1, as the
// locations of nist.FormatError do; 0 picks the first record that can
// become a record of to's kind (Type-9 for minutiae; Type-14, then 4, 13,
// 15, 3 for finger images; Type-10 with IMT FACE for faces; Type-17 for
// irises). This is what `biogate convert --to <format> [--record N] IN`
// calls for an ANSI/NIST input.
func RecordToISO(t *nist.Transaction, recordIndex int, to iso.Format) (iso.Record, *Report, error) {
	if t == nil {
		return nil, nil, errors.New("convert: nil transaction")
	}
	kind := to.Kind()
	if kind == iso.KindUnknown {
		return nil, nil, fmt.Errorf("convert: %q is not an ISO/IEC 19794 or INCITS format", to)
	}
	var r *nist.Record
	if recordIndex != 0 {
		if recordIndex < 1 || recordIndex > len(t.Records) {
			return nil, nil, fmt.Errorf("convert: record %d asked for, the transaction has %d", recordIndex, len(t.Records))
		}
		r = t.Records[recordIndex-1]
	} else {
		r = firstRecord(t, kind)
		if r == nil {
			return nil, nil, fmt.Errorf("convert: the transaction has no record that can become %s (%s)", to, kind)
		}
	}
	switch {
	case kind == iso.KindMinutiae && r.Type == 9:
		return nonNil(Type9ToMinutiae(t, r, to))
	case kind == iso.KindFingerImage && (r.Type == 14 || r.Type == 4 || r.Type == 13 || r.Type == 15 || r.Type == 3):
		return nonNil(Type14ToFingerImage(t, r, to))
	case kind == iso.KindFace && r.Type == 10:
		return nonNil(Type10ToFace(t, r, to))
	case kind == iso.KindIris && r.Type == 17:
		return nonNil(Type17ToIris(t, r, to))
	}
	return nil, nil, fmt.Errorf("convert: a Type-%d record cannot become %s (%s)", r.Type, to, kind)
}

// nonNil turns a typed nil record into a nil interface.
func nonNil[R iso.Record](rec R, rep *Report, err error) (iso.Record, *Report, error) {
	if err != nil {
		return nil, rep, err
	}
	return rec, rep, nil
}

func firstRecord(t *nist.Transaction, kind iso.Kind) *nist.Record {
	var types []int
	switch kind {
	case iso.KindMinutiae:
		types = []int{9}
	case iso.KindFingerImage:
		types = []int{14, 4, 13, 15, 3}
	case iso.KindFace:
		types = []int{10}
	case iso.KindIris:
		types = []int{17}
	}
	for _, typ := range types {
		for _, r := range t.Records {
			if r.Type != typ {
				continue
			}
			if typ == 9 && !nist.HasM1Minutiae(r) && !nist.HasLegacyMinutiae(r) {
				continue
			}
			if typ == 10 && r.Text(3) != "FACE" {
				continue
			}
			return r
		}
	}
	return nil
}

// TransactionOptions tunes [ISOToTransaction]; nil means the defaults.
type TransactionOptions struct {
	// Version is written to 1.002 VER; 0 means 0502 (ANSI/NIST-ITL 1-2011
	// Update 2015).
	Version nist.Version
	// TypeOfTransaction, Destination, Originating and ControlNumber fill
	// 1.004 TOT, 1.007 DAI, 1.008 ORI and 1.009 TCN; "" leaves each out,
	// reported (they are mandatory and say who exchanges what, which an
	// ISO record does not know).
	TypeOfTransaction, Destination, Originating, ControlNumber string
	// Now is the transaction date (1.005 DAT, 1.014 GMT); zero means the
	// current time.
	Now time.Time
	// Type4 writes finger images as binary Type-4 records instead of
	// Type-14.
	Type4 bool
	// Type9 tunes the Type-9 records made from minutiae.
	Type9 *Type9Options
	// Image tunes the image records (source agency, capture date).
	Image *ImageOptions
}

// ISOToTransaction wraps an ISO/IEC 19794 or INCITS record in a new
// ANSI/NIST-ITL transaction: a Type-1 record, then one Type-9 per finger
// view of a minutiae record, one Type-14 (or Type-4) per view of a finger
// image record, one Type-10 per face image, one Type-17 per iris image,
// with IDCs 1, 2, ... This is what `biogate convert --to an2 IN` calls for
// an ISO input. The report merges the findings of every record made,
// each prefixed with the record's place.
func ISOToTransaction(rec iso.Record, opts *TransactionOptions) (*nist.Transaction, *Report, error) {
	if opts == nil {
		opts = &TransactionOptions{}
	}
	if rec == nil {
		return nil, nil, errors.New("convert: nil record")
	}
	v := opts.Version
	if v == 0 {
		v = nist.V0502
	}
	t := nist.NewTransaction(v)
	h := t.Header()
	rep := &Report{To: "an2"}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	h.SetDate(now)
	h.SetGMT(now)
	for _, f := range []struct {
		n    int
		name string
		val  string
	}{{4, "1.004 TOT", opts.TypeOfTransaction}, {7, "1.007 DAI", opts.Destination}, {8, "1.008 ORI", opts.Originating}, {9, "1.009 TCN", opts.ControlNumber}} {
		if f.val != "" {
			h.Record().Set(f.n, f.val)
		} else {
			rep.assume(f.name, "", "not known from an ISO record; the field, mandatory, is left out (give TransactionOptions)")
		}
	}
	h.SetResolutions(0, 0)
	add := func(r *nist.Record, sub *Report, err error, where string) error {
		if sub != nil {
			rep.merge(sub, where)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		t.AddRecord(r)
		r.SetIDC(len(t.Records) - 1)
		t.SyncCNT()
		return nil
	}
	var err error
	switch x := rec.(type) {
	case *iso.MinutiaeRecord:
		rep.From = string(x.Format)
		for i := range x.Views {
			r, sub, e := MinutiaeToType9(x, i, opts.Type9)
			if sub != nil {
				sub.Findings = dropFinding(sub.Findings, "other finger views")
			}
			if err = add(r, sub, e, fmt.Sprintf("record %d (Type-9)", len(t.Records)+1)); err != nil {
				break
			}
		}
	case *iso.FingerImageRecord:
		rep.From = string(x.Format)
		for i := range x.Views {
			var r *nist.Record
			var sub *Report
			var e error
			typ := 14
			if opts.Type4 {
				typ = 4
				r, sub, e = FingerImageToType4(x, i, opts.Image)
				h.SetResolutions(19.69, 19.69)
			} else {
				r, sub, e = FingerImageToType14(x, i, opts.Image)
			}
			if sub != nil {
				sub.Findings = dropFinding(sub.Findings, "other finger views")
			}
			if err = add(r, sub, e, fmt.Sprintf("record %d (Type-%d)", len(t.Records)+1, typ)); err != nil {
				break
			}
		}
	case *iso.FaceRecord:
		rep.From = string(x.Format)
		for i := range x.Images {
			r, sub, e := FaceToType10(x, i, opts.Image)
			if sub != nil {
				sub.Findings = dropFinding(sub.Findings, "other facial images")
			}
			if err = add(r, sub, e, fmt.Sprintf("record %d (Type-10)", len(t.Records)+1)); err != nil {
				break
			}
		}
	case *iso.IrisRecord:
		rep.From = string(x.Format)
		for i := range x.Images {
			r, sub, e := IrisToType17(x, i, opts.Image)
			if sub != nil {
				sub.Findings = dropFinding(sub.Findings, "other iris images")
			}
			if err = add(r, sub, e, fmt.Sprintf("record %d (Type-17)", len(t.Records)+1)); err != nil {
				break
			}
		}
	default:
		return nil, rep, fmt.Errorf("convert: cannot wrap a %T in a transaction", rec)
	}
	if err != nil {
		return nil, rep, err
	}
	return t, rep, nil
}

// dropFinding removes the findings about the other views, which the
// transaction carries in records of their own.
func dropFinding(fs []Finding, what string) []Finding {
	out := fs[:0]
	for _, f := range fs {
		if f.What != what {
			out = append(out, f)
		}
	}
	return out
}
