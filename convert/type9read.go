package convert

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/nist"
)

// Type9ToMinutiae converts the minutiae of Type-9 record r, which belongs
// to transaction t (t may be nil), into a one-view finger minutiae record
// of format to. It reads the INCITS 378 block when present, else the
// legacy block.
//
// The legacy block's positions (0.01 mm from the bottom-left corner) need
// the image's height and resolution. They come, in this order, from
// opts, from the image record of t with the same IDC (Type-4, 3, 13, 14 or
// 15: HLL, VLL and SLC/THPS/TVPS, or for binary records Type-1 NTR), from
// the record's own M1 block (9.129-9.132), from Type-1 1.012 NTR for the
// resolution; what is still unknown is assumed (197 px/cm; the smallest
// image holding every minutia) and reported.
func Type9ToMinutiae(t *nist.Transaction, r *nist.Record, to iso.Format) (*iso.MinutiaeRecord, *Report, error) {
	return Type9ToMinutiaeWith(t, r, to, nil)
}

// Type9ToMinutiaeWith is [Type9ToMinutiae] with options.
func Type9ToMinutiaeWith(t *nist.Transaction, r *nist.Record, to iso.Format, opts *Type9Options) (*iso.MinutiaeRecord, *Report, error) {
	if opts == nil {
		opts = &Type9Options{}
	}
	if r == nil || r.Type != 9 {
		return nil, nil, errors.New("convert: not a Type-9 record")
	}
	te, ok := editionOf(to)
	if !ok {
		return nil, nil, fmt.Errorf("convert: target format %q is not a finger minutiae format", to)
	}
	rep := &Report{From: "Type-9", To: string(to)}
	// The intermediate edition holds the Type-9 values without loss of its
	// own: INCITS 378-2009 for ANSI targets (2-degree angles, certification
	// byte), 19794-2:2011 for itself, 19794-2:2005 (ISO angles, equipment
	// word) for the 2005 record and card formats.
	mid := iso.FMR2005
	switch {
	case te.ansi:
		mid = iso.ANSI378v2009
	case te.iso2011:
		mid = iso.FMR2011
	}
	rd := &t9reader{t: t, r: r, rep: rep, opts: opts, mid: mid, steps: mid.Units().AngleSteps}
	hasM1, hasLegacy := nist.HasM1Minutiae(r), nist.HasLegacyMinutiae(r)
	var rec *iso.MinutiaeRecord
	var err error
	switch {
	case opts.Blocks == BlockM1 && !hasM1, opts.Blocks == BlockLegacy && !hasLegacy:
		return nil, rep, fmt.Errorf("convert: the Type-9 record has no %s block", blockLabel(opts.Blocks))
	case opts.Blocks == BlockM1 || opts.Blocks == 0 && hasM1:
		if hasLegacy && opts.Blocks == 0 {
			rep.drop("legacy minutiae block (9.005-9.012)", "", "the INCITS 378 block was converted; the legacy block is not read (ask for it with Type9Options.Blocks)")
		}
		rec, err = rd.fromM1()
	case hasLegacy:
		rec, err = rd.fromLegacy()
	default:
		return nil, rep, errors.New("convert: the Type-9 record has neither the INCITS 378 block (9.126-9.141) nor the legacy block (9.005-9.012)")
	}
	if err != nil {
		return nil, rep, err
	}
	rd.otherFields()
	out, sub, err := Minutiae(rec, to)
	rep.merge(sub, "")
	if err != nil {
		return nil, rep, err
	}
	return out, rep, nil
}

func blockLabel(b Type9Blocks) string {
	if b == BlockLegacy {
		return "legacy (9.005-9.012)"
	}
	return "INCITS 378 (9.126-9.141)"
}

// t9reader converts one Type-9 record into the intermediate edition.
type t9reader struct {
	t     *nist.Transaction
	r     *nist.Record
	rep   *Report
	cnt   counter
	opts  *Type9Options
	mid   iso.Format
	steps int
}

func (rd *t9reader) impression(v *iso.MinutiaeView) {
	f := rd.r.Field(3)
	if f == nil {
		rd.rep.assume("impression type", "", "9.003 IMP is absent or not a number; 0 (live-scan plain) written")
		return
	}
	imp, ok := f.Int()
	if !ok {
		rd.rep.assume("impression type", "", "9.003 IMP is absent or not a number; 0 (live-scan plain) written")
		return
	}
	if imp > 255 || rd.mid == iso.FMR2005 && imp > 15 {
		rd.rep.approx("impression type", "", 0, "9.003 IMP %d has no code in the target; 0 (live-scan plain) written", imp)
		return
	}
	v.Impression = uint8(imp)
}

// fromM1 reads the INCITS 378 block: positions in pixels and angles in 2
// degree units, as INCITS 378 has them.
func (rd *t9reader) fromM1() (*iso.MinutiaeRecord, error) {
	m, err := nist.ParseM1Minutiae(rd.r)
	if err != nil {
		return nil, err
	}
	rep := rd.rep
	rec := &iso.MinutiaeRecord{Format: rd.mid}
	v := iso.MinutiaeView{Position: uint8(m.Position), ViewNumber: uint8(m.View), Width: uint16(m.Width), Height: uint16(m.Height)}
	rd.impression(&v)
	// Resolution from 9.130-9.132, else the image record.
	switch m.ScaleUnits {
	case 2:
		v.XRes, v.YRes = uint16(m.HPS), uint16(m.VPS)
	case 1:
		v.XRes, v.YRes = uint16(ppcmFromPPI(float64(m.HPS))), uint16(ppcmFromPPI(float64(m.VPS)))
		if m.HPS != 0 && (m.HPS*100)%254 != 0 {
			rep.approx("image resolution", "", 0, "%d x %d ppi rounded to %d x %d px/cm", m.HPS, m.VPS, v.XRes, v.YRes)
		}
	}
	if v.XRes == 0 || v.YRes == 0 || v.Width == 0 || v.Height == 0 {
		g := rd.imageGeometry()
		if v.XRes == 0 || v.YRes == 0 {
			v.XRes, v.YRes = uint16(g.ppcm), uint16(g.ppcm)
			rep.add(g.sev, "image resolution", "", 0, "9.130-9.132 give none; %d px/cm %s", g.ppcm, g.resFrom)
		}
		if v.Width == 0 || v.Height == 0 {
			if g.width == 0 || g.height == 0 {
				var mx, my int
				for _, mn := range m.Minutiae {
					mx, my = max(mx, mn.X), max(my, mn.Y)
				}
				g.width, g.height = mx+1, my+1
				g.sizeFrom = "the smallest image holding every minutia"
			}
			v.Width, v.Height = uint16(g.width), uint16(g.height)
			rep.assume("image size", "", "9.128/9.129 give none; %dx%d from %s", g.width, g.height, g.sizeFrom)
		}
	}
	// Capture device and product.
	certified := m.Compliance == "APPF"
	if m.Compliance != "" && m.Compliance != "APPF" && m.Compliance != "NONE" {
		rep.drop("9.127 CEI compliance", "", "%q is neither APPF nor NONE", m.Compliance)
	}
	var id uint16
	if m.EquipmentID != "" {
		n, err := strconv.ParseUint(m.EquipmentID, 10, 16)
		if err != nil {
			rep.drop("9.127 CEI equipment ID", "", "%q is not a number the ISO/INCITS device ID can hold", m.EquipmentID)
		}
		id = uint16(n)
	}
	rd.device(rec, &v, certified, id)
	if m.FormatOwner != 0 && m.FormatOwner != 27 || m.FormatType != 0 && m.FormatType != 513 && m.FormatType != 514 {
		rep.drop("9.126 CBI format owner and type", "", "%d/%d are not INCITS 378's 27/513; the block is read as INCITS 378 all the same", m.FormatOwner, m.FormatType)
	}
	if p := m.Product; p != "" && !strings.EqualFold(p, "unspecified") {
		if o, t, ok := hexProduct(p); ok && rd.mid.Units().AngleSteps == stepsANSI {
			rec.ProductOwner, rec.ProductType = o, t
		} else {
			rep.drop("9.126 CBI product identifier", "", "%q: the target has no place for it", p)
		}
	}
	// Finger quality.
	if len(m.Quality) > 0 {
		q := m.Quality[0]
		switch {
		case rd.mid == iso.FMR2011:
			v.Capture = &iso.Capture{DateTime: iso.UnknownDateTime, DeviceType: id}
			for _, q := range m.Quality {
				v.Capture.Quality = append(v.Capture.Quality, iso.QualityBlock{Score: uint8(q.Score), Vendor: uint16(q.Vendor), Algorithm: uint16(q.Algorithm)})
			}
		default:
			fq := readQuality(uint8(min(q.Score, 255)), edition{newQuality: true})
			s, ok := writeQuality(fq, edition{newQuality: rd.mid != iso.FMR2005})
			if !ok {
				rep.approx("finger quality (9.135)", "", 0, "%s has no code in the target; %d written", describeQuality(fq), s)
			}
			v.Quality = s
			v.QualityVendor, v.QualityAlgorithm = uint16(q.Vendor), uint16(q.Algorithm)
			if len(m.Quality) > 1 {
				rep.drop("finger quality (9.135)", "", "%d subfields after the first have no place in the target", len(m.Quality)-1)
			}
		}
	}
	// Minutiae, in 2-degree units.
	for _, mn := range m.Minutiae {
		var n iso.Minutia
		if mn.Type > 2 {
			rd.cnt.note(Approximated, "minutia type (9.137)", "a type above 2 is not an INCITS 378 code; written 0 (other)")
		} else {
			n.Type = uint8(mn.Type)
		}
		if mn.X > 0x3FFF || mn.Y > 0x3FFF {
			rd.cnt.note(Approximated, "minutia position (9.137)", "beyond 16383 pixels; clamped")
		}
		n.X, n.Y = uint16(min(mn.X, 0x3FFF)), uint16(min(mn.Y, 0x3FFF))
		if mn.Theta >= stepsANSI {
			rd.cnt.note(Approximated, "minutia angle (9.137)", "179 is the largest 2-degree value; wrapped round the circle")
		}
		n.Angle = uint8(convertAngle(mn.Theta, stepsANSI, rd.steps))
		q := readQuality(uint8(min(mn.Quality, 255)), edition{})
		s, _ := writeQuality(q, edition{newQuality: rd.mid != iso.FMR2005})
		n.Quality = s
		v.Minutiae = append(v.Minutiae, n)
	}
	if m.Count >= 0 && m.Count != len(m.Minutiae) {
		rep.approx("minutiae count (9.136 NOM)", "", 0, "NOM says %d, 9.137 holds %d; the minutiae are carried", m.Count, len(m.Minutiae))
	}
	if m.HasRidgeCounts {
		rc := &iso.RidgeCounts{Method: uint8(m.RidgeMethod)}
		for _, c := range m.RidgeCounts {
			if c.Index1 > 255 || c.Index2 > 255 || c.Count > 255 {
				rd.cnt.note(Dropped, "ridge count (9.138)", "an index or count above 255 does not fit the extended data block")
				continue
			}
			rc.Counts = append(rc.Counts, iso.RidgeCount{Index1: uint8(c.Index1), Index2: uint8(c.Index2), Count: uint8(c.Count)})
		}
		v.Extensions = append(v.Extensions, iso.ExtendedBlock{Type: iso.BlockRidgeCount, RidgeCounts: rc})
	}
	if len(m.Cores) > 0 || len(m.Deltas) > 0 {
		cd := &iso.CoreDelta{}
		for _, k := range m.Cores {
			cd.Cores = append(cd.Cores, iso.Core{X: uint16(k.X), Y: uint16(k.Y), HasAngle: k.HasAngle, Angle: uint8(convertAngle(k.Theta, stepsANSI, rd.steps))})
		}
		for _, k := range m.Deltas {
			d := iso.Delta{X: uint16(k.X), Y: uint16(k.Y), HasAngle: len(k.Angles) > 0}
			for j, a := range k.Angles {
				if j < 3 {
					d.Angles[j] = uint8(convertAngle(a, stepsANSI, rd.steps))
				}
			}
			if len(k.Angles) > 3 {
				rep.drop("delta angles (9.141)", "", "more than three angles for one delta")
			}
			cd.Deltas = append(cd.Deltas, d)
		}
		rd.markCoreDelta(cd)
		v.Extensions = append(v.Extensions, iso.ExtendedBlock{Type: iso.BlockCoreDelta, CoreDelta: cd})
	}
	rd.cnt.flush(rep, "")
	rec.Views = []iso.MinutiaeView{v}
	return rec, nil
}

// markCoreDelta sets the angle flags the intermediate edition's layout
// needs.
func (rd *t9reader) markCoreDelta(cd *iso.CoreDelta) {
	MarkCoreDeltaAngles(cd, rd.mid)
}

func hexProduct(s string) (uint16, uint16, bool) {
	if len(s) != 8 {
		return 0, 0, false
	}
	v, err := strconv.ParseUint(s, 16, 32)
	return uint16(v >> 16), uint16(v), err == nil
}

// device writes the capture device into the intermediate record.
func (rd *t9reader) device(rec *iso.MinutiaeRecord, v *iso.MinutiaeView, certified bool, id uint16) {
	switch rd.mid {
	case iso.ANSI378v2009:
		rec.DeviceID = id
		if certified {
			rec.DeviceCertification = 0x80
		}
	case iso.FMR2011:
		if v.Capture == nil {
			v.Capture = &iso.Capture{DateTime: iso.UnknownDateTime}
		}
		v.Capture.DeviceType = id
		if certified {
			rd.rep.drop("capture device certification (9.127 APPF)", "", "19794-2:2011 states certification in blocks naming an authority and scheme, which Type-9 does not give")
		}
	default:
		if id > 0x0FFF {
			rd.rep.drop("capture device ID (9.127)", "", "%d does not fit the 12 bits of the capture equipment word", id)
			id = 0
		}
		rec.Equipment = id
		if certified {
			rec.Equipment |= 0x8000
		}
	}
}

// geometry is the image size and resolution found for a Type-9 record.
type geometry struct {
	width, height, ppcm int
	sizeFrom, resFrom   string
	sev                 Severity
}

// imageGeometry finds the image the Type-9 record describes: the image
// record with the same IDC, then the record's own M1 fields, then Type-1
// NTR, then the defaults.
func (rd *t9reader) imageGeometry() geometry {
	g := geometry{sev: Assumed}
	if rd.opts.Width > 0 && rd.opts.Height > 0 {
		g.width, g.height, g.sizeFrom = rd.opts.Width, rd.opts.Height, "the options"
	}
	if rd.opts.Resolution > 0 {
		g.ppcm, g.resFrom = rd.opts.Resolution, "from the options"
	}
	idc, ok := rd.r.IDC()
	if rd.t != nil && ok {
		for _, pref := range []int{14, 4, 13, 15, 3} {
			for _, rr := range rd.t.Records {
				if rr.Type != pref || rr == rd.r {
					continue
				}
				if ridc, ok := rr.IDC(); !ok || ridc != idc {
					continue
				}
				im, _ := rd.t.ImageOf(rr)
				w, okw := im.Width()
				h, okh := im.Height()
				if g.width == 0 && okw && okh && w > 0 && h > 0 {
					g.width, g.height, g.sizeFrom = w, h, fmt.Sprintf("the Type-%d record with IDC %d", rr.Type, idc)
				}
				if res, ok := im.Resolution(); ok && g.ppcm == 0 {
					if hm, _, ok := res.PerMillimetre(); ok && hm > 0 {
						g.ppcm = ppcmFromPPMM(hm)
						g.resFrom = fmt.Sprintf("from the Type-%d record with IDC %d", rr.Type, idc)
					}
				}
			}
		}
	}
	if g.width == 0 || g.ppcm == 0 {
		if nist.HasM1Minutiae(rd.r) {
			if m, err := nist.ParseM1Minutiae(rd.r); err == nil {
				if g.width == 0 && m.Width > 0 && m.Height > 0 {
					g.width, g.height, g.sizeFrom = m.Width, m.Height, "9.128/9.129"
				}
				if g.ppcm == 0 && m.HPS > 0 {
					switch m.ScaleUnits {
					case 1:
						g.ppcm, g.resFrom = ppcmFromPPI(float64(m.HPS)), "from 9.130-9.132"
					case 2:
						g.ppcm, g.resFrom = m.HPS, "from 9.130-9.132"
					}
				}
			}
		}
	}
	if g.ppcm == 0 && rd.t != nil {
		if ntr, ok := rd.t.Header().NominalTransmittingResolution(); ok && ntr > 0 {
			g.ppcm, g.resFrom = ppcmFromPPMM(ntr), "from Type-1 1.012 NTR"
		}
	}
	if g.ppcm == 0 {
		g.ppcm, g.resFrom = defaultPPCM, "assumed (500 ppi): no image record, M1 block or NTR states one"
	}
	return g
}

// fromLegacy reads the legacy block: positions in 0.01 mm from the
// bottom-left corner and angles in degrees rotated by 180.
func (rd *t9reader) fromLegacy() (*iso.MinutiaeRecord, error) {
	m, err := nist.ParseLegacyMinutiae(rd.r)
	if err != nil {
		return nil, err
	}
	rep := rd.rep
	g := rd.imageGeometry()
	if g.sev == Assumed && strings.HasPrefix(g.resFrom, "assumed") {
		rep.assume("image resolution", "", "%d px/cm %s", g.ppcm, g.resFrom)
	}
	if g.width == 0 || g.height == 0 {
		// The smallest image holding every point.
		var mx, my int
		for _, mn := range m.Minutiae {
			mx, my = max(mx, mn.X), max(my, mn.Y)
		}
		for _, p := range append(append([]nist.LegacyPoint(nil), m.Cores...), m.Deltas...) {
			mx, my = max(mx, p.X), max(my, p.Y)
		}
		g.width = metricToPixel(mx, g.ppcm, hundredthsPerCM) + 1
		g.height = (my*g.ppcm+hundredthsPerCM-1)/hundredthsPerCM + 1
		rep.assume("image size", "", "no image record with the Type-9's IDC and no 9.128/9.129: %dx%d px, the smallest image holding every minutia; Y is measured from its bottom edge", g.width, g.height)
	}
	rec := &iso.MinutiaeRecord{Format: rd.mid}
	v := iso.MinutiaeView{Width: uint16(g.width), Height: uint16(g.height), XRes: uint16(g.ppcm), YRes: uint16(g.ppcm)}
	rd.impression(&v)
	if len(m.Positions) > 0 {
		v.Position = uint8(m.Positions[0])
		if len(m.Positions) > 1 {
			rep.drop("finger positions (9.006)", "", "%d positions after the first: a finger view has one", len(m.Positions)-1)
		}
	}
	if m.System != "" || m.Method != "" || m.Equipment != "" {
		rep.drop("originating fingerprint reading system (9.005 OFR)", "", "%q, method %q: ISO/INCITS records have no such field", m.System, m.Method)
	}
	for _, p := range m.Pattern {
		if len(p) > 1 && p[1] != "UN" || len(p) == 1 && p[0] != "" {
			rep.drop("pattern classification (9.007 FPC)", "", "%s: ISO/INCITS records have no such field", strings.Join(p, "/"))
			break
		}
	}
	if rd.mid == iso.FMR2011 {
		v.Capture = &iso.Capture{DateTime: iso.UnknownDateTime}
	}
	pos := func(x, y int) (uint16, uint16) {
		px := metricToPixel(x, g.ppcm, hundredthsPerCM)
		py, ok := legacyYToPixel(y, g.height, g.ppcm)
		if !ok {
			rd.cnt.note(Approximated, "position above the image (9.012)", "Y lies beyond the image height; written 0 (the top row)")
		}
		return uint16(min(px, 0x3FFF)), uint16(min(py, 0x3FFF))
	}
	index := map[int]int{} // 9.012 index → position from 1
	for i, mn := range m.Minutiae {
		index[mn.Index] = i + 1
	}
	var rc *iso.RidgeCounts
	if m.RidgeCounts {
		rc = &iso.RidgeCounts{}
	}
	for i, mn := range m.Minutiae {
		var n iso.Minutia
		n.X, n.Y = pos(mn.X, mn.Y)
		if mn.Theta >= 360 {
			rd.cnt.note(Approximated, "minutia angle (9.012)", "359 is the largest degree; wrapped round the circle")
		}
		n.Angle = uint8(fromLegacyTheta(mn.Theta, rd.steps))
		switch mn.Type {
		case "A":
			n.Type = iso.MinutiaRidgeEnding
		case "B":
			n.Type = iso.MinutiaBifurcation
		case "C":
			rd.cnt.note(Approximated, "minutia type C (compound)", "ISO/INCITS have no compound type; written 0 (other)")
		case "D", "":
		default:
			rd.cnt.note(Approximated, "minutia type (9.012)", "not A, B, C or D; written 0 (other)")
		}
		var q quality
		switch {
		case mn.Quality == 0:
			q = quality{manual: true}
			rd.cnt.note(Approximated, "minutia quality 0 (manually encoded)", "ISO/INCITS have no such code; written as not reported")
		case mn.Quality == 1 || mn.Quality < 0:
			q = quality{notStated: true}
		default:
			q = quality{score: legacyToScore(min(mn.Quality, 63))}
			rd.cnt.note(Approximated, "minutia quality (9.012)", "63 (worst) ... 2 (best) rescaled onto 1-100: there is no standard mapping")
		}
		n.Quality, _ = writeQuality(q, edition{newQuality: rd.mid != iso.FMR2005})
		v.Minutiae = append(v.Minutiae, n)
		for _, nb := range mn.Neighbours {
			j, ok := index[nb.Index]
			if !ok || rc == nil || nb.Count > 255 || i+1 > 255 || j > 255 {
				rd.cnt.note(Dropped, "ridge count (9.012)", "neighbour index names no minutia of the record (0 or 255 for \"none\"), or the 9.011 flag is 0")
				continue
			}
			rc.Counts = append(rc.Counts, iso.RidgeCount{Index1: uint8(i + 1), Index2: uint8(j), Count: uint8(nb.Count)})
		}
	}
	if m.Count >= 0 && m.Count != len(m.Minutiae) {
		rep.approx("minutiae count (9.010 MIN)", "", 0, "MIN says %d, 9.012 holds %d; the minutiae are carried", m.Count, len(m.Minutiae))
	}
	if rc != nil {
		v.Extensions = append(v.Extensions, iso.ExtendedBlock{Type: iso.BlockRidgeCount, RidgeCounts: rc})
	}
	if len(m.Cores) > 0 || len(m.Deltas) > 0 {
		cd := &iso.CoreDelta{}
		for _, p := range m.Cores {
			x, y := pos(p.X, p.Y)
			cd.Cores = append(cd.Cores, iso.Core{X: x, Y: y})
		}
		for _, p := range m.Deltas {
			x, y := pos(p.X, p.Y)
			cd.Deltas = append(cd.Deltas, iso.Delta{X: x, Y: y})
		}
		v.Extensions = append(v.Extensions, iso.ExtendedBlock{Type: iso.BlockCoreDelta, CoreDelta: cd})
	}
	rd.cnt.flush(rep, "")
	rec.Views = []iso.MinutiaeView{v}
	return rec, nil
}

// otherFields reports the Type-9 fields neither block holds: the other
// vendors' feature sets, the Extended Feature Set and annotations.
func (rd *t9reader) otherFields() {
	var other []string
	for _, f := range rd.r.Fields {
		n := f.Number
		if n <= 12 || n >= 126 && n <= 150 {
			continue
		}
		other = append(other, fmt.Sprintf("9.%03d", n))
	}
	if len(other) > 0 {
		sort.Strings(other)
		rd.rep.drop("other Type-9 fields", "", "%s (other feature sets, EFS or annotations): ISO/INCITS minutiae records have no place for them", strings.Join(other, ", "))
	}
}
