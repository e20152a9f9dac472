package templateio

import (
	"errors"
	"fmt"

	"github.com/biogate/biogate/convert"
	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/match"
	"github.com/biogate/biogate/nist"
)

// FromTransaction reads the minutiae of Type-9 record r of transaction t
// into a template; with r nil, the first Type-9 record holding minutiae.
// The INCITS 378 block (9.126-9.141) is read when present, else the legacy
// block (9.005-9.012), both through convert.Type9ToMinutiae, which finds
// the image geometry the legacy block needs in the image record of the
// same IDC. The INCITS 378 block goes through INCITS 378-2009 (its own
// 2-degree units, so nothing is rounded); the legacy block through
// 19794-2:2011, then each angle is taken back from 9.012's whole degrees,
// so that angles are exact and positions follow convert's rules (a 0.01
// mm position becomes the pixel holding it).
func FromTransaction(t *nist.Transaction, r *nist.Record) (match.Template, *convert.Report, error) {
	if r == nil {
		if t == nil {
			return match.Template{}, nil, errors.New("templateio: nil transaction")
		}
		r = FirstType9(t)
		if r == nil {
			return match.Template{}, nil, errors.New("templateio: the transaction has no Type-9 record with minutiae (9.005-9.012 or 9.126-9.141)")
		}
	}
	if r.Type != 9 {
		return match.Template{}, nil, fmt.Errorf("templateio: a Type-%d record holds no minutiae", r.Type)
	}
	hub := iso.FMR2011
	m1 := nist.HasM1Minutiae(r)
	if m1 {
		hub = iso.ANSI378v2009
	}
	rec, rep, err := convert.Type9ToMinutiae(t, r, hub)
	if err != nil {
		return match.Template{}, rep, err
	}
	rep.To = "template"
	tm, sub, err := FromRecord(rec, 0)
	rep.Merge(sub, "")
	if err != nil {
		return tm, rep, err
	}
	if !m1 {
		// 9.012 angles are whole degrees rotated by 180 (ANSI/NIST-ITL
		// 1-2011 §8.9.2.7); the hub edition rounded them to 360/256.
		if lm, err := nist.ParseLegacyMinutiae(r); err == nil && len(lm.Minutiae) == len(tm.Minutiae) {
			for i, m := range lm.Minutiae {
				a := (m.Theta%360 + 360 + 180) % 360
				tm.Minutiae[i].Angle = float64(a)
			}
		}
	}
	return tm, rep, nil
}

// FirstType9 returns the first Type-9 record of t that holds minutiae in
// either block, or nil.
func FirstType9(t *nist.Transaction) *nist.Record {
	for _, r := range t.Records {
		if r.Type == 9 && (nist.HasM1Minutiae(r) || nist.HasLegacyMinutiae(r)) {
			return r
		}
	}
	return nil
}

// AddType9 adds tm to transaction t as a new Type-9 record with the
// INCITS 378 block (or the blocks opts names), written through INCITS
// 378-2009 by convert.MinutiaeToType9, and returns it. idc is its IDC,
// the IDC of the image record the minutiae were extracted from; a
// negative idc gives the next free IDC. 1.003 CNT is brought up to date.
func AddType9(t *nist.Transaction, tm match.Template, idc int, opts *convert.Type9Options) (*nist.Record, *convert.Report, error) {
	if t == nil {
		return nil, nil, errors.New("templateio: nil transaction")
	}
	rec, rep, err := ToRecord(tm, iso.ANSI378v2009)
	if err != nil {
		return nil, rep, err
	}
	r, sub, err := convert.MinutiaeToType9(rec, 0, opts)
	rep.Merge(sub, "")
	rep.To = "Type-9"
	if err != nil {
		return nil, rep, err
	}
	if idc < 0 {
		idc = 0
		for _, o := range t.Records[1:] {
			if n, ok := o.IDC(); ok && n >= idc {
				idc = n + 1
			}
		}
	}
	t.AddRecord(r)
	r.SetIDC(idc)
	t.SyncCNT()
	return r, rep, nil
}
