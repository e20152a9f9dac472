package convert

import (
	"sort"

	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/nist"
)

// m1First and m1Last bound the INCITS 378 block of Type-9 (9.126-9.150,
// 9.142-9.150 reserved; ANSI/NIST-ITL 1-2011 §8.9.4, STANDARDS.md §4.3).
const (
	m1First = 126
	m1Last  = 150
)

// addM1 returns a copy of the legacy-only Type-9 record r with the INCITS
// 378 block added: the legacy block is read as INCITS 378-2009 (the
// edition whose units the M1 block shares: pixels, 2-degree angles) by
// [Type9ToMinutiaeWith], with the image geometry of the image record of
// the same IDC, and written back by [MinutiaeToType9]. The legacy fields
// 9.005-9.012 stay as they were. The findings are those of the M1 block:
// what it could not take from the legacy block (which still holds it)
// and the rounding of the unit rules.
func (m *moderniser) addM1(r *nist.Record, where string) (*nist.Record, error) {
	block := where + ", INCITS 378 block added"
	rec, rep, err := Type9ToMinutiaeWith(m.src, r, iso.ANSI378v2009, &Type9Options{Blocks: BlockLegacy})
	if rep != nil {
		// What the M1 block cannot take stays in the legacy fields.
		for i := range rep.Findings {
			if rep.Findings[i].Severity == Dropped {
				rep.Findings[i].Detail += " (not in the INCITS 378 block; kept in the legacy fields)"
			}
		}
	}
	m.rep.Merge(rep, block)
	if err != nil {
		return nil, err
	}
	m1, rep, err := MinutiaeToType9(rec, 0, &Type9Options{Blocks: BlockM1})
	m.rep.Merge(rep, block)
	if err != nil {
		return nil, err
	}
	out := cloneRecord(r)
	for _, f := range m1.Fields {
		if f.Number >= m1First && f.Number <= m1Last {
			cf := *f
			out.Fields = append(out.Fields, &cf)
		}
	}
	// Tagged fields are in ascending order (2011 §7.2.1).
	sort.SliceStable(out.Fields, func(i, j int) bool { return out.Fields[i].Number < out.Fields[j].Number })
	return out, nil
}
