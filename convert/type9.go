package convert

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/nist"
)

// Type9Blocks selects the minutiae blocks of a Type-9 record.
type Type9Blocks int

// The minutiae blocks (STANDARDS.md §4.1).
const (
	// BlockM1 is the INCITS 378 block, 9.126-9.141: positions in pixels,
	// angles in 2-degree units, as in INCITS 378 (ANSI/NIST-ITL 1-2011
	// §8.9.4).
	BlockM1 Type9Blocks = 1 << iota
	// BlockLegacy is the legacy NIST block, 9.005-9.012: positions in
	// 0.01 mm from the bottom-left corner, whole degrees rotated by 180
	// (§8.9.2; kept since 2011 for legacy data only).
	BlockLegacy
)

// Type9Options tunes the Type-9 conversions; nil means the defaults.
type Type9Options struct {
	// Blocks are the blocks MinutiaeToType9 writes; 0 means BlockM1, the
	// block ANSI/NIST-ITL 2011 recommends. Type9ToMinutiae reads the one
	// block named here; 0 means the M1 block when present, else the
	// legacy block.
	Blocks Type9Blocks
	// Width, Height (pixels) and Resolution (pixels per centimetre)
	// override the image geometry Type9ToMinutiae finds for the legacy
	// block (see [Type9ToMinutiae]).
	Width, Height, Resolution int
}

// MinutiaeToType9 converts view (from 0) of a finger minutiae record of
// any edition into a new Type-9 record, without an IDC (set it when adding
// the record to a transaction, equal to the IDC of the view's image
// record). Positions of the legacy block are computed from the view's
// image height and resolution; a card-format source is first given pixels
// as [Minutiae] does.
//
// The M1 block takes the view as it is, angles in 2-degree units (an ISO
// angle is rounded, see the package doc). 9.126 CBI is written (27, 513,
// product) where product is the INCITS 378 CBEFF product owner and type as
// eight hex digits, 00000000 when unknown (9.126 CPI is eight hex digits,
// ANSI/NIST-ITL 1-2011 Table 30); 9.127 CEI is APPF when the device is
// certified, NONE if not, and the device ID in decimal. The legacy block
// writes 9.006 FGP, 9.007 FPC "T␟UN" (pattern not classified), the cores
// and deltas, 9.010, 9.011 and 9.012; 9.005 OFR is left out, the
// extracting system being unknown.
func MinutiaeToType9(src *iso.MinutiaeRecord, view int, opts *Type9Options) (*nist.Record, *Report, error) {
	if opts == nil {
		opts = &Type9Options{}
	}
	if src == nil {
		return nil, nil, errors.New("convert: nil minutiae record")
	}
	rep := &Report{From: string(src.Format), To: "Type-9"}
	if view < 0 || view >= len(src.Views) {
		return nil, rep, fmt.Errorf("convert: view %d selected, the record has %d", view, len(src.Views))
	}
	se, ok := editionOf(src.Format)
	if !ok {
		return nil, rep, fmt.Errorf("convert: source format %q is not a finger minutiae format", src.Format)
	}
	rec := src
	if se.card {
		// Give the card's metric positions pixels first.
		r, sub, err := MinutiaeWith(src, iso.FMR2005, &MinutiaeOptions{Resolution: uint16(opts.Resolution), Width: uint16(opts.Width), Height: uint16(opts.Height)})
		rep.merge(sub, "")
		if err != nil {
			return nil, rep, err
		}
		rec, se = r, edition{recordImage: true, equipment: true, nibbleView: true}
	}
	blocks := opts.Blocks
	if blocks == 0 {
		blocks = BlockM1
	}
	w := &t9writer{src: rec, se: se, v: &rec.Views[view], rep: rep, steps: rec.Format.Units().AngleSteps, where: viewName(rec.Format, view)}
	if len(rec.Views) > 1 {
		rep.drop("other finger views", "", "a Type-9 record holds one view; view %d was converted (convert the others into records of their own)", view+1)
	}
	w.prepare()
	r := nist.NewRecord(9)
	r.Set(3, strconv.Itoa(int(w.v.Impression)))
	r.Set(4, "U")
	if blocks&BlockLegacy != 0 {
		w.legacy().Put(r)
	}
	if blocks&BlockM1 != 0 {
		w.m1().Put(r)
	} else {
		w.legacyOnlyLosses()
	}
	w.cnt.flush(rep, w.where)
	return r, rep, nil
}

// t9writer converts one view into Type-9 blocks.
type t9writer struct {
	src   *iso.MinutiaeRecord
	se    edition
	v     *iso.MinutiaeView
	rep   *Report
	cnt   counter
	steps int
	where string

	width, height, xres, yres int
	dev                       device
	fq                        []nist.M1Quality
	rc                        *iso.RidgeCounts
	cd                        *iso.CoreDelta
}

// prepare gathers what both blocks need: geometry, device, finger
// quality, ridge counts, cores and deltas; and reports what neither holds.
func (w *t9writer) prepare() {
	v, rep, se := w.v, w.rep, w.se
	w.width, w.height, w.xres, w.yres = int(v.Width), int(v.Height), int(v.XRes), int(v.YRes)
	if w.width|w.height|w.xres|w.yres == 0 {
		w.width, w.height, w.xres, w.yres = int(w.src.Width), int(w.src.Height), int(w.src.XRes), int(w.src.YRes)
	}
	switch {
	case se.equipment:
		w.dev = device{compliance: uint8(w.src.Equipment >> 12), certified: w.src.Equipment&0x8000 != 0, id: w.src.Equipment & 0x0FFF}
	case se.device2009:
		w.dev = device{certified: w.src.DeviceCertification&0x80 != 0, id: w.src.DeviceID}
	case se.iso2011 && v.Capture != nil:
		w.dev = device{id: v.Capture.DeviceType}
	}
	if w.dev.compliance&0x7 != 0 {
		rep.drop("capture equipment compliance bits", w.where, "bits 0x%X besides \"certified\" have no place in 9.127", w.dev.compliance&0x7)
	}
	// Finger quality → 9.135, with 2009/2011 semantics (254, 255).
	switch {
	case se.iso2011:
		if v.Capture != nil {
			for _, q := range v.Capture.Quality {
				w.fq = append(w.fq, nist.M1Quality{Score: int(q.Score), Vendor: int(q.Vendor), Algorithm: int(q.Algorithm)})
			}
		}
	default:
		q := readQuality(v.Quality, se)
		s, _ := writeQuality(q, edition{newQuality: true})
		w.fq = []nist.M1Quality{{Score: int(s), Vendor: int(v.QualityVendor), Algorithm: int(v.QualityAlgorithm)}}
	}
	if se.iso2011 && v.Capture != nil {
		c := v.Capture
		if c.DateTime != iso.UnknownDateTime && c.DateTime != (iso.DateTime{}) {
			rep.drop("capture date and time", w.where, "the Type-9 minutiae blocks have none")
		}
		if c.DeviceTechnology != 0 {
			rep.drop("capture device technology", w.where, "code %d: the Type-9 minutiae blocks have no such field", c.DeviceTechnology)
		}
		if c.DeviceVendor != 0 {
			rep.drop("capture device vendor", w.where, "0x%04X: the Type-9 minutiae blocks have no such field", c.DeviceVendor)
		}
		if len(c.Certifications) > 0 {
			rep.drop("certification blocks", w.where, "the Type-9 minutiae blocks have none")
		}
	}
	if se.iso2011 && v.EndingType != 0 {
		rep.drop("ridge ending type", w.where, "%d (ridge skeleton end point): Type-9 follows INCITS 378's valley-bifurcation placement and cannot say otherwise", v.EndingType)
	}
	for i := range v.Extensions {
		b := &v.Extensions[i]
		switch {
		case b.Type == iso.BlockRidgeCount && b.RidgeCounts != nil && w.rc == nil:
			w.rc = b.RidgeCounts
		case b.Type == iso.BlockCoreDelta && b.CoreDelta != nil && w.cd == nil:
			w.cd = b.CoreDelta
		default:
			rep.drop(blockName(b.Type), w.where, "Type-9 has no field for it")
		}
	}
	if w.xres == 0 || w.yres == 0 {
		rep.assume("image resolution", w.where, "the view states none; %d px/cm (500 ppi) assumed", defaultPPCM)
		w.xres, w.yres = defaultPPCM, defaultPPCM
	}
}

// m1 builds the INCITS 378 block.
func (w *t9writer) m1() *nist.M1Minutiae {
	v := w.v
	m := &nist.M1Minutiae{FormatOwner: 27, FormatType: 513, Product: "00000000",
		Width: w.width, Height: w.height, ScaleUnits: 2, HPS: w.xres, VPS: w.yres,
		View: int(v.ViewNumber), Position: int(v.Position), Quality: w.fq}
	if w.src.ProductOwner|w.src.ProductType != 0 {
		m.Product = fmt.Sprintf("%04X%04X", w.src.ProductOwner, w.src.ProductType)
	}
	m.Compliance = "NONE"
	if w.dev.certified {
		m.Compliance = "APPF"
	}
	m.EquipmentID = strconv.Itoa(int(w.dev.id))
	for i, mn := range v.Minutiae {
		q := readQuality(mn.Quality, w.se)
		if w.se.iso2011 && v.MinutiaSize == 5 {
			q = quality{notStated: true}
		}
		s, ok := writeQuality(q, edition{}) // 9.137 quality is 0-100, 0 not reported
		if !ok {
			w.cnt.note(Approximated, "minutia quality (9.137)", fmt.Sprintf("9.137 has no code for %s; written %d", describeQuality(q), s))
		}
		t := int(mn.Type)
		if t > 2 {
			w.cnt.note(Approximated, "minutia type (9.137)", "type 3 is reserved; written 0 (other)")
			t = 0
		}
		m.Minutiae = append(m.Minutiae, nist.M1Minutia{Index: i + 1, X: int(mn.X), Y: int(mn.Y),
			Theta: convertAngle(int(mn.Angle), w.steps, stepsANSI), Type: t, Quality: int(s)})
	}
	if w.rc != nil {
		m.HasRidgeCounts, m.RidgeMethod = true, int(w.rc.Method)
		for _, c := range w.rc.Counts {
			m.RidgeCounts = append(m.RidgeCounts, nist.M1RidgeCount{Index1: int(c.Index1), Index2: int(c.Index2), Count: int(c.Count)})
		}
	}
	if w.cd != nil {
		// 9.139 CIN and 9.140 DIN require an angle (ANGC, ANG1: mandatory
		// items, ANSI/NIST-ITL 1-2011 Table 30): a point without one is
		// left out, reported.
		var noAngle int
		for _, k := range w.cd.Cores {
			if !k.HasAngle {
				noAngle++
				continue
			}
			m.Cores = append(m.Cores, nist.M1Core{X: int(k.X), Y: int(k.Y), HasAngle: true, Theta: convertAngle(int(k.Angle), w.steps, stepsANSI)})
		}
		for _, k := range w.cd.Deltas {
			if !k.HasAngle {
				noAngle++
				continue
			}
			d := nist.M1Delta{X: int(k.X), Y: int(k.Y)}
			for _, a := range k.Angles {
				d.Angles = append(d.Angles, convertAngle(int(a), w.steps, stepsANSI))
			}
			m.Deltas = append(m.Deltas, d)
		}
		if noAngle > 0 {
			w.rep.add(Dropped, "cores and deltas without an angle", w.where, noAngle, "9.139 CIN and 9.140 DIN require an angle")
		}
	}
	return m
}

// legacy builds the legacy NIST block.
func (w *t9writer) legacy() *nist.LegacyMinutiae {
	v, rep := w.v, w.rep
	m := &nist.LegacyMinutiae{Positions: []int{int(v.Position)}, Pattern: [][]string{{"T", "UN"}}}
	if w.height == 0 {
		rep.assume("image height", w.where, "the view states none; the smallest image holding every minutia is assumed for the bottom-left origin")
		for _, mn := range v.Minutiae {
			w.height = max(w.height, int(mn.Y)+1)
		}
	}
	pos := func(x, y int) (int, int) {
		ux := pixelToMetric(x, w.xres, hundredthsPerCM)
		uy, ok := pixelToLegacyY(y, w.height, w.yres)
		if !ok {
			w.cnt.note(Approximated, "position below the image (9.012)", "Y is at or beyond the image height; written 0 (the bottom edge)")
		}
		if ux > 99999 || uy > 99999 {
			w.cnt.note(Approximated, "position beyond 999.99 mm (9.012)", "clamped")
			ux, uy = min(ux, 99999), min(uy, 99999)
		}
		return ux, uy
	}
	neighbours := map[int][]nist.NeighbourCount{}
	if w.rc != nil {
		m.RidgeCounts = true
		if w.rc.Method != 0 {
			rep.drop("ridge count extraction method", w.where, "method %d: 9.012 does not say how its counts were found", w.rc.Method)
		}
		for _, c := range w.rc.Counts {
			neighbours[int(c.Index1)] = append(neighbours[int(c.Index1)], nist.NeighbourCount{Index: int(c.Index2), Count: int(c.Count)})
		}
		for i := range neighbours {
			if i < 1 || i > len(v.Minutiae) {
				rep.drop("ridge counts", w.where, "counts from minutia %d, which does not exist (indices count from 1)", i)
			}
		}
	}
	for i, mn := range v.Minutiae {
		x, y := pos(int(mn.X), int(mn.Y))
		q := readQuality(mn.Quality, w.se)
		if w.se.iso2011 && v.MinutiaSize == 5 {
			q = quality{notStated: true}
		}
		lq := 1
		switch {
		case q.failed:
			w.cnt.note(Approximated, "minutia quality (9.012)", "\"failed\" has no 9.012 code; written 1 (no quality available)")
		case !q.notStated:
			lq = scoreToLegacy(q.score)
			w.cnt.note(Approximated, "minutia quality (9.012)", "0-100 rescaled onto 9.012's 63 (worst) ... 2 (best): there is no standard mapping")
		}
		typ := "D"
		switch mn.Type {
		case iso.MinutiaRidgeEnding:
			typ = "A"
		case iso.MinutiaBifurcation:
			typ = "B"
		}
		m.Minutiae = append(m.Minutiae, nist.LegacyMinutia{Index: i + 1, X: x, Y: y, Theta: toLegacyTheta(int(mn.Angle), w.steps),
			Quality: lq, Type: typ, Neighbours: neighbours[i+1]})
	}
	if w.cd != nil {
		angles := false
		for _, k := range w.cd.Cores {
			x, y := pos(int(k.X), int(k.Y))
			m.Cores = append(m.Cores, nist.LegacyPoint{X: x, Y: y})
			angles = angles || k.HasAngle
		}
		for _, k := range w.cd.Deltas {
			x, y := pos(int(k.X), int(k.Y))
			m.Deltas = append(m.Deltas, nist.LegacyPoint{X: x, Y: y})
			angles = angles || k.HasAngle
		}
		if angles {
			rep.drop("core and delta angles (9.008, 9.009)", w.where, "the legacy block holds positions only")
		}
	}
	return m
}

// legacyOnlyLosses reports what only the M1 block could have held.
func (w *t9writer) legacyOnlyLosses() {
	v, rep := w.v, w.rep
	for _, q := range w.fq {
		if q.Score != 254 || q.Vendor|q.Algorithm != 0 {
			rep.drop("finger quality", w.where, "the legacy block has no finger quality (9.135 is in the M1 block)")
			break
		}
	}
	if v.ViewNumber != 0 {
		rep.drop("view number", w.where, "the legacy block has none (9.133 is in the M1 block)")
	}
	if w.dev.id != 0 || w.dev.certified {
		rep.drop("capture equipment", w.where, "the legacy block has none (9.127 is in the M1 block)")
	}
	if w.src.ProductOwner|w.src.ProductType != 0 {
		rep.drop("CBEFF product identifier", w.where, "the legacy block has none (9.126 is in the M1 block)")
	}
	if w.width != 0 {
		rep.drop("image size", w.where, "the legacy block has none (9.128/9.129 are in the M1 block): readers take it from the image record with the same IDC")
	}
}
