package nist

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrMinutiae is wrapped by the [FormatError] that [ParseLegacyMinutiae]
// and [ParseM1Minutiae] return for a Type-9 field they cannot read.
var ErrMinutiae = errors.New("nist: malformed Type-9 minutiae field")

// Type-9 field numbers of the two minutiae blocks this file reads
// (ANSI/NIST-ITL 1-2011 §8.9, Table 30; STANDARDS.md §4.1-4.3).
const (
	t9IMP = 3
	t9FMT = 4
	// Legacy "NIST standard" block, 9.005-9.012 (§8.9.2; STANDARDS.md §4.2).
	t9OFR = 5
	t9FGP = 6
	t9FPC = 7
	t9CRP = 8
	t9DLT = 9
	t9MIN = 10
	t9RDG = 11
	t9MRC = 12
	// INCITS 378 ("M1") block, 9.126-9.150 (§8.9.4; STANDARDS.md §4.3).
	t9CBI = 126
	t9CEI = 127
	t9HLL = 128
	t9VLL = 129
	t9SLC = 130
	t9HPS = 131
	t9VPS = 132
	t9FVW = 133
	t9FGN = 134
	t9FQD = 135
	t9NOM = 136
	t9FMD = 137
	t9RCI = 138
	t9CIN = 139
	t9DIN = 140
	t9ADA = 141
)

// LegacyMinutiae is the legacy "NIST standard" minutiae block of a Type-9
// record, fields 9.005-9.012 (ANSI/NIST-ITL 1-2011 §8.9.2, kept since 2011
// only to exchange legacy data; STANDARDS.md §4.2).
//
// Positions are in units of 0.01 mm from the bottom-left corner of the
// image, Y upwards; Theta is in whole degrees counter-clockwise from the
// positive X axis, pointing away from the ridge ending or bifurcation valley
// (rotated 180 degrees from INCITS 378).
type LegacyMinutiae struct {
	// 9.005 OFR: the originating fingerprint reading system's name, the
	// method (A automatic, U automatic unedited, E automatic edited, M
	// manual) and an optional equipment ID.
	System, Method, Equipment string
	Positions                 []int         // 9.006 FGP, finger positions
	Pattern                   [][]string    // 9.007 FPC, subfields as read: (T or U, code)
	Cores, Deltas             []LegacyPoint // 9.008 CRP, 9.009 DLT
	// RidgeCounts is 9.011 RDG: the 9.012 subfields carry ridge counts.
	RidgeCounts bool
	// Count is 9.010 MIN as written; -1 when absent.
	Count    int
	Minutiae []LegacyMinutia // 9.012 MRC, one subfield each
}

// LegacyPoint is a core or delta position, "XXXXYYYY" in 0.01 mm.
type LegacyPoint struct{ X, Y int }

// LegacyMinutia is one 9.012 subfield.
type LegacyMinutia struct {
	Index int // item 1, from 1
	// X, Y and Theta are item 2, "XXXXYYYYTTT" (11 characters; 13 with
	// 5-digit positions for palms).
	X, Y, Theta int
	// Quality is item 3: 0 manually encoded, 1 no quality available, 2
	// best ... 63 worst; -1 when the item is absent.
	Quality int
	// Type is item 4: A ridge ending, B bifurcation, C compound, D
	// undetermined; "" when absent.
	Type string
	// Neighbours are the items after the fourth, "NNN,CC": a neighbouring
	// minutia's index and the ridges crossed to reach it.
	Neighbours []NeighbourCount
	// Wide marks a position written on 5 digits per coordinate.
	Wide bool
}

// NeighbourCount is a 9.012 ridge-count item.
type NeighbourCount struct{ Index, Count int }

// M1Minutiae is the INCITS 378 minutiae block of a Type-9 record, fields
// 9.126-9.141 (ANSI/NIST-ITL 1-2011 §8.9.4; STANDARDS.md §4.3). Positions
// are in pixels from the top-left corner, angles in units of 2 degrees
// (0-179) in the INCITS 378 direction.
type M1Minutiae struct {
	// 9.126 CBI: CBEFF format owner (27, INCITS Technical Committee M1),
	// format type (513) and product identifier.
	FormatOwner, FormatType int
	Product                 string
	// 9.127 CEI: "APPF" when the capture equipment is certified to INCITS
	// 378 Appendix F (FBI IAFIS Image Quality Specifications), "NONE" if
	// not; and the equipment ID.
	Compliance, EquipmentID string
	// 9.128-9.132: image width and height in pixels, scale units (0 aspect
	// ratio only, 1 pixels per inch, 2 pixels per cm) and pixel scales.
	Width, Height, ScaleUnits, HPS, VPS int
	View, Position                      int         // 9.133 FVW, 9.134 FGP
	Quality                             []M1Quality // 9.135 FQD
	Count                               int         // 9.136 NOM as written; -1 when absent
	Minutiae                            []M1Minutia // 9.137 FMD
	// 9.138 RCI: the extraction method (0 non-specific, 1 four-neighbour,
	// 2 eight-neighbour) and the counts; HasRidgeCounts is false when the
	// field is absent.
	HasRidgeCounts bool
	RidgeMethod    int
	RidgeCounts    []M1RidgeCount
	Cores          []M1Core  // 9.139 CIN
	Deltas         []M1Delta // 9.140 DIN with 9.141 ADA
}

// M1Quality is one 9.135 subfield: finger quality (0-100, 254 not
// reported, 255 failed), the quality algorithm's vendor ID (4 hex digits)
// and algorithm ID.
type M1Quality struct{ Score, Vendor, Algorithm int }

// M1Minutia is one 9.137 subfield: index (from 1), X, Y (pixels), Theta (2
// degree units), type (0 other, 1 ridge ending, 2 bifurcation) and quality
// (0-100).
type M1Minutia struct{ Index, X, Y, Theta, Type, Quality int }

// M1RidgeCount is one 9.138 subfield after the first: two minutia indices
// and the ridges crossed between them.
type M1RidgeCount struct{ Index1, Index2, Count int }

// M1Core is one 9.139 subfield: position and, when HasAngle, its angle.
type M1Core struct {
	X, Y     int
	HasAngle bool
	Theta    int
}

// M1Delta is one 9.140 subfield (position and first angle) and, when the
// delta has the 9.141 subfield at the same place, its two further angles.
// The item layout of 9.141 ADA (one subfield per delta, the second and
// third angles) is read from the field's name; no sample was available.
type M1Delta struct {
	X, Y   int
	Angles []int
}

// HasLegacyMinutiae reports whether r carries the legacy block: 9.012, or
// 9.010 with 9.004 FMT = S.
func HasLegacyMinutiae(r *Record) bool {
	return r.Type == 9 && (r.Field(t9MRC) != nil || r.Field(t9MIN) != nil && r.Text(t9FMT) == "S")
}

// HasM1Minutiae reports whether r carries the INCITS 378 block (9.137 or
// 9.136).
func HasM1Minutiae(r *Record) bool {
	return r.Type == 9 && (r.Field(t9FMD) != nil || r.Field(t9NOM) != nil)
}

// t9err builds the FormatError of field n, subfield i and item j (from 0).
func t9err(r *Record, n, i, j int, format string, args ...any) *FormatError {
	off := int64(-1)
	if f := r.Field(n); f != nil {
		off = r.ItemOffset(f, i, j)
	}
	return &FormatError{Offset: off, RecordType: 9, Field: n, Subfield: i + 1, Item: j + 1, Err: ErrMinutiae, Msg: fmt.Sprintf(format, args...)}
}

// intReader reads numeric items, collecting a FormatError for each that
// is not a number.
type intReader struct {
	r    *Record
	errs []error
}

func (ir *intReader) num(n, i, j int, s string, base int) int {
	v, err := strconv.ParseInt(strings.TrimSpace(s), base, 64)
	if err != nil || v < 0 {
		ir.errs = append(ir.errs, t9err(ir.r, n, i, j, "%q is not a number", s))
		return 0
	}
	return int(v)
}

func (ir *intReader) field(n int) int {
	f := ir.r.Field(n)
	if f == nil {
		return 0
	}
	s, _ := f.Item(0, 0)
	return ir.num(n, 0, 0, s, 10)
}

// ParseLegacyMinutiae reads fields 9.005-9.012 of a Type-9 record. It
// returns what it could read together with an errors.Join of [FormatError]
// values for the items it could not.
func ParseLegacyMinutiae(r *Record) (*LegacyMinutiae, error) {
	if r.Type != 9 {
		return nil, fmt.Errorf("nist: record is Type-%d, not Type-9", r.Type)
	}
	ir := &intReader{r: r}
	m := &LegacyMinutiae{Count: -1}
	if f := r.Field(t9OFR); f != nil {
		m.System, _ = f.Item(0, 0)
		m.Method, _ = f.Item(0, 1)
		m.Equipment, _ = f.Item(0, 2)
	}
	if f := r.Field(t9FGP); f != nil {
		for i, s := range f.Subfields() {
			for j, it := range s {
				m.Positions = append(m.Positions, ir.num(t9FGP, i, j, it, 10))
			}
		}
	}
	if f := r.Field(t9FPC); f != nil {
		m.Pattern = f.Subfields()
	}
	points := func(n int) []LegacyPoint {
		f := r.Field(n)
		if f == nil {
			return nil
		}
		var out []LegacyPoint
		for i, s := range f.Subfields() {
			x, y, ok := splitXY(s[0])
			if !ok {
				ir.errs = append(ir.errs, t9err(r, n, i, 0, "%q is not XXXXYYYY", s[0]))
				continue
			}
			out = append(out, LegacyPoint{x, y})
		}
		return out
	}
	m.Cores, m.Deltas = points(t9CRP), points(t9DLT)
	if r.Field(t9MIN) != nil {
		m.Count = ir.field(t9MIN)
	}
	m.RidgeCounts = r.Text(t9RDG) == "1"
	if f := r.Field(t9MRC); f != nil {
		for i, s := range f.Subfields() {
			var mn LegacyMinutia
			mn.Quality = -1
			mn.Index = ir.num(t9MRC, i, 0, s[0], 10)
			if len(s) < 2 {
				ir.errs = append(ir.errs, t9err(r, t9MRC, i, 0, "subfield has no position item"))
				continue
			}
			p := s[1]
			w := 4
			switch len(p) {
			case 11:
			case 13:
				w, mn.Wide = 5, true
			default:
				ir.errs = append(ir.errs, t9err(r, t9MRC, i, 1, "%q is not XXXXYYYYTTT", p))
				continue
			}
			mn.X = ir.num(t9MRC, i, 1, p[:w], 10)
			mn.Y = ir.num(t9MRC, i, 1, p[w:2*w], 10)
			mn.Theta = ir.num(t9MRC, i, 1, p[2*w:], 10)
			if len(s) > 2 && s[2] != "" {
				mn.Quality = ir.num(t9MRC, i, 2, s[2], 10)
			}
			if len(s) > 3 {
				mn.Type = s[3]
			}
			for j := 4; j < len(s); j++ {
				a, b, ok := strings.Cut(s[j], ",")
				if !ok {
					ir.errs = append(ir.errs, t9err(r, t9MRC, i, j, "%q is not NNN,CC", s[j]))
					continue
				}
				mn.Neighbours = append(mn.Neighbours, NeighbourCount{ir.num(t9MRC, i, j, a, 10), ir.num(t9MRC, i, j, b, 10)})
			}
			m.Minutiae = append(m.Minutiae, mn)
		}
	}
	return m, errors.Join(ir.errs...)
}

func splitXY(s string) (x, y int, ok bool) {
	if len(s) != 8 && len(s) != 10 {
		return 0, 0, false
	}
	h := len(s) / 2
	a, err1 := strconv.Atoi(s[:h])
	b, err2 := strconv.Atoi(s[h:])
	return a, b, err1 == nil && err2 == nil && a >= 0 && b >= 0
}

// Put writes m into fields 9.005-9.012 of r, replacing what was there, and
// sets 9.004 FMT to S. Positions are written on 4 digits (5 where a value
// needs them or Wide is set), angles on 3, indices and neighbour indices on
// 3 and ridge counts on 2, as NBIS does.
func (m *LegacyMinutiae) Put(r *Record) {
	for n := t9OFR; n <= t9MRC; n++ {
		r.Remove(n)
	}
	r.Set(t9FMT, "S")
	if m.System != "" || m.Method != "" || m.Equipment != "" {
		items := []string{m.System, m.Method}
		if m.Equipment != "" {
			items = append(items, m.Equipment)
		}
		r.SetSubfields(t9OFR, items)
	}
	if len(m.Positions) > 0 {
		subs := make([][]string, len(m.Positions))
		for i, p := range m.Positions {
			subs[i] = []string{fmt.Sprintf("%02d", p)}
		}
		r.SetSubfields(t9FGP, subs...)
	}
	if len(m.Pattern) > 0 {
		r.SetSubfields(t9FPC, m.Pattern...)
	}
	pts := func(n int, ps []LegacyPoint) {
		if len(ps) == 0 {
			return
		}
		subs := make([][]string, len(ps))
		for i, p := range ps {
			w := 4
			if p.X > 9999 || p.Y > 9999 {
				w = 5
			}
			subs[i] = []string{fmt.Sprintf("%0*d%0*d", w, p.X, w, p.Y)}
		}
		r.SetSubfields(n, subs...)
	}
	pts(t9CRP, m.Cores)
	pts(t9DLT, m.Deltas)
	r.Set(t9MIN, strconv.Itoa(len(m.Minutiae)))
	rdg := "0"
	if m.RidgeCounts {
		rdg = "1"
	}
	r.Set(t9RDG, rdg)
	if len(m.Minutiae) == 0 {
		return
	}
	subs := make([][]string, len(m.Minutiae))
	for i, mn := range m.Minutiae {
		w := 4
		if mn.Wide || mn.X > 9999 || mn.Y > 9999 {
			w = 5
		}
		items := []string{fmt.Sprintf("%03d", mn.Index), fmt.Sprintf("%0*d%0*d%03d", w, mn.X, w, mn.Y, mn.Theta)}
		q := ""
		if mn.Quality >= 0 {
			q = strconv.Itoa(mn.Quality)
		}
		items = append(items, q, mn.Type)
		for _, nb := range mn.Neighbours {
			items = append(items, fmt.Sprintf("%03d,%02d", nb.Index, nb.Count))
		}
		subs[i] = items
	}
	r.SetSubfields(t9MRC, subs...)
}

// ParseM1Minutiae reads fields 9.126-9.141 of a Type-9 record. It returns
// what it could read together with an errors.Join of [FormatError] values
// for the items it could not.
func ParseM1Minutiae(r *Record) (*M1Minutiae, error) {
	if r.Type != 9 {
		return nil, fmt.Errorf("nist: record is Type-%d, not Type-9", r.Type)
	}
	ir := &intReader{r: r}
	m := &M1Minutiae{Count: -1}
	if f := r.Field(t9CBI); f != nil {
		s := f.Subfields()[0]
		if len(s) > 0 && s[0] != "" {
			m.FormatOwner = ir.num(t9CBI, 0, 0, s[0], 10)
		}
		if len(s) > 1 && s[1] != "" {
			m.FormatType = ir.num(t9CBI, 0, 1, s[1], 10)
		}
		if len(s) > 2 {
			m.Product = s[2]
		}
		// STANDARDS.md §4.3 CONFLICT: accept (type, product, owner) too.
		if m.FormatOwner >= 513 && len(s) > 2 && s[2] == "27" {
			m.FormatOwner, m.FormatType, m.Product = 27, m.FormatOwner, s[1]
		}
	}
	if f := r.Field(t9CEI); f != nil {
		m.Compliance, _ = f.Item(0, 0)
		m.EquipmentID, _ = f.Item(0, 1)
	}
	m.Width, m.Height = ir.field(t9HLL), ir.field(t9VLL)
	m.ScaleUnits, m.HPS, m.VPS = ir.field(t9SLC), ir.field(t9HPS), ir.field(t9VPS)
	m.View, m.Position = ir.field(t9FVW), ir.field(t9FGN)
	if f := r.Field(t9FQD); f != nil {
		for i, s := range f.Subfields() {
			var q M1Quality
			q.Score = ir.num(t9FQD, i, 0, s[0], 10)
			if len(s) > 1 && s[1] != "" {
				q.Vendor = ir.num(t9FQD, i, 1, s[1], 16)
			}
			if len(s) > 2 && s[2] != "" {
				q.Algorithm = ir.num(t9FQD, i, 2, s[2], 10)
			}
			m.Quality = append(m.Quality, q)
		}
	}
	if r.Field(t9NOM) != nil {
		m.Count = ir.field(t9NOM)
	}
	if f := r.Field(t9FMD); f != nil && len(f.Value) > 0 {
		for i, s := range f.Subfields() {
			if len(s) < 5 {
				ir.errs = append(ir.errs, t9err(r, t9FMD, i, 0, "%d items, want index, X, Y, theta, type and quality", len(s)))
				continue
			}
			mn := M1Minutia{
				Index: ir.num(t9FMD, i, 0, s[0], 10), X: ir.num(t9FMD, i, 1, s[1], 10), Y: ir.num(t9FMD, i, 2, s[2], 10),
				Theta: ir.num(t9FMD, i, 3, s[3], 10), Type: ir.num(t9FMD, i, 4, s[4], 10),
			}
			if len(s) > 5 && s[5] != "" {
				mn.Quality = ir.num(t9FMD, i, 5, s[5], 10)
			}
			m.Minutiae = append(m.Minutiae, mn)
		}
	}
	if f := r.Field(t9RCI); f != nil {
		m.HasRidgeCounts = true
		for i, s := range f.Subfields() {
			if i == 0 {
				m.RidgeMethod = ir.num(t9RCI, 0, 0, s[0], 10)
				continue
			}
			if len(s) < 3 {
				ir.errs = append(ir.errs, t9err(r, t9RCI, i, 0, "%d items, want index, index and count", len(s)))
				continue
			}
			m.RidgeCounts = append(m.RidgeCounts, M1RidgeCount{ir.num(t9RCI, i, 0, s[0], 10), ir.num(t9RCI, i, 1, s[1], 10), ir.num(t9RCI, i, 2, s[2], 10)})
		}
	}
	if f := r.Field(t9CIN); f != nil && len(f.Value) > 0 {
		for i, s := range f.Subfields() {
			if len(s) < 2 {
				ir.errs = append(ir.errs, t9err(r, t9CIN, i, 0, "a core needs X and Y"))
				continue
			}
			c := M1Core{X: ir.num(t9CIN, i, 0, s[0], 10), Y: ir.num(t9CIN, i, 1, s[1], 10)}
			if len(s) > 2 && s[2] != "" {
				c.HasAngle, c.Theta = true, ir.num(t9CIN, i, 2, s[2], 10)
			}
			m.Cores = append(m.Cores, c)
		}
	}
	if f := r.Field(t9DIN); f != nil && len(f.Value) > 0 {
		var extra [][]string
		if a := r.Field(t9ADA); a != nil && len(a.Value) > 0 {
			extra = a.Subfields()
		}
		for i, s := range f.Subfields() {
			if len(s) < 2 {
				ir.errs = append(ir.errs, t9err(r, t9DIN, i, 0, "a delta needs X and Y"))
				continue
			}
			d := M1Delta{X: ir.num(t9DIN, i, 0, s[0], 10), Y: ir.num(t9DIN, i, 1, s[1], 10)}
			if len(s) > 2 && s[2] != "" {
				d.Angles = append(d.Angles, ir.num(t9DIN, i, 2, s[2], 10))
				if i < len(extra) {
					for j, it := range extra[i] {
						if it != "" {
							d.Angles = append(d.Angles, ir.num(t9ADA, i, j, it, 10))
						}
					}
				}
			}
			m.Deltas = append(m.Deltas, d)
		}
	}
	return m, errors.Join(ir.errs...)
}

// Put writes m into fields 9.126-9.141 of r, replacing what was there,
// and sets 9.004 FMT to U unless the legacy block is present (FMT S).
// Fields whose value is absent in m (no cores, no ridge counts) are left
// out; the image fields 9.128-9.132 and 9.133-9.136 are always written.
func (m *M1Minutiae) Put(r *Record) {
	for n := t9CBI; n <= 150; n++ {
		r.Remove(n)
	}
	if r.Text(t9FMT) != "S" {
		r.Set(t9FMT, "U")
	}
	r.SetSubfields(t9CBI, []string{strconv.Itoa(m.FormatOwner), strconv.Itoa(m.FormatType), m.Product})
	r.SetSubfields(t9CEI, []string{m.Compliance, m.EquipmentID})
	r.Set(t9HLL, strconv.Itoa(m.Width))
	r.Set(t9VLL, strconv.Itoa(m.Height))
	r.Set(t9SLC, strconv.Itoa(m.ScaleUnits))
	r.Set(t9HPS, strconv.Itoa(m.HPS))
	r.Set(t9VPS, strconv.Itoa(m.VPS))
	r.Set(t9FVW, strconv.Itoa(m.View))
	r.Set(t9FGN, fmt.Sprintf("%02d", m.Position))
	if len(m.Quality) > 0 {
		subs := make([][]string, len(m.Quality))
		for i, q := range m.Quality {
			// Items 2 and 3 (QAV, QAP) are optional since 2011 and QAP
			// is 1-65535 (ANSI/NIST-ITL 1-2011 Table 30): an unknown
			// algorithm (0) is left out rather than written as 0.
			switch {
			case q.Algorithm != 0:
				subs[i] = []string{strconv.Itoa(q.Score), fmt.Sprintf("%04X", q.Vendor), strconv.Itoa(q.Algorithm)}
			case q.Vendor != 0:
				subs[i] = []string{strconv.Itoa(q.Score), fmt.Sprintf("%04X", q.Vendor)}
			default:
				subs[i] = []string{strconv.Itoa(q.Score)}
			}
		}
		r.SetSubfields(t9FQD, subs...)
	}
	r.Set(t9NOM, strconv.Itoa(len(m.Minutiae)))
	if len(m.Minutiae) > 0 {
		subs := make([][]string, len(m.Minutiae))
		for i, mn := range m.Minutiae {
			subs[i] = []string{fmt.Sprintf("%03d", mn.Index), strconv.Itoa(mn.X), strconv.Itoa(mn.Y), strconv.Itoa(mn.Theta), strconv.Itoa(mn.Type), strconv.Itoa(mn.Quality)}
		}
		r.SetSubfields(t9FMD, subs...)
	}
	if m.HasRidgeCounts {
		subs := [][]string{{strconv.Itoa(m.RidgeMethod), "0", "0"}}
		for _, c := range m.RidgeCounts {
			subs = append(subs, []string{fmt.Sprintf("%03d", c.Index1), fmt.Sprintf("%03d", c.Index2), fmt.Sprintf("%02d", c.Count)})
		}
		r.SetSubfields(t9RCI, subs...)
	}
	if len(m.Cores) > 0 {
		subs := make([][]string, len(m.Cores))
		for i, c := range m.Cores {
			subs[i] = []string{strconv.Itoa(c.X), strconv.Itoa(c.Y)}
			if c.HasAngle {
				subs[i] = append(subs[i], strconv.Itoa(c.Theta))
			}
		}
		r.SetSubfields(t9CIN, subs...)
	}
	if len(m.Deltas) > 0 {
		subs := make([][]string, len(m.Deltas))
		var ada [][]string
		more := false
		for i, d := range m.Deltas {
			subs[i] = []string{strconv.Itoa(d.X), strconv.Itoa(d.Y)}
			var extra []string
			if len(d.Angles) > 0 {
				subs[i] = append(subs[i], strconv.Itoa(d.Angles[0]))
				for _, a := range d.Angles[1:] {
					extra = append(extra, strconv.Itoa(a))
				}
			}
			more = more || len(extra) > 0
			ada = append(ada, extra)
		}
		r.SetSubfields(t9DIN, subs...)
		if more {
			for i := range ada {
				if len(ada[i]) == 0 {
					ada[i] = []string{""}
				}
			}
			r.SetSubfields(t9ADA, ada...)
		}
	}
}
