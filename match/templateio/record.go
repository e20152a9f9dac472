package templateio

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/biogate/biogate/convert"
	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/match"
)

// FromRecord reads view (from 0) of a finger minutiae record of any
// edition into a template. rec.Format names the edition rec was decoded
// from. Positions stay in pixels and angles become degrees exactly (a
// stored unit times 360/256 or 2); a card-format record, which holds
// millimetres, is first given pixels by convert (500 ppi and the smallest
// image holding its minutiae unless the caller's convert options say
// otherwise; both reported as assumed).
//
// Qualities: "not reported" (0 in the 2004/2005 editions, 254 later)
// becomes -1; 255 ("failed to compute") also becomes -1, reported. The
// report names what the template has no place for: the capture device
// and date, zonal quality and vendor extended data blocks.
func FromRecord(rec *iso.MinutiaeRecord, view int) (match.Template, *convert.Report, error) {
	if rec == nil {
		return match.Template{}, nil, errors.New("templateio: nil minutiae record")
	}
	rep := &convert.Report{From: string(rec.Format), To: "template"}
	if rec.Format.Kind() != iso.KindMinutiae {
		return match.Template{}, rep, fmt.Errorf("templateio: %q is not a finger minutiae format", rec.Format)
	}
	if view < 0 || view >= len(rec.Views) {
		return match.Template{}, rep, fmt.Errorf("templateio: view %d asked for, the record has %d", view, len(rec.Views))
	}
	if u := rec.Format.Units(); u.Coordinate != iso.CoordPixel {
		px, sub, err := convert.MinutiaeWith(rec, iso.FMR2011, &convert.MinutiaeOptions{View: view})
		rep.Merge(sub, "")
		if err != nil {
			return match.Template{}, rep, err
		}
		rec, view = px, 0
	}
	t := fromView(rec, &rec.Views[view], rep, viewName(rec.Format, view))
	return t, rep, nil
}

func viewName(f iso.Format, i int) string {
	if f == iso.FMR2011 {
		return fmt.Sprintf("representation %d", i+1)
	}
	return fmt.Sprintf("view %d", i+1)
}

// fromView reads one view of a pixel-unit record.
func fromView(rec *iso.MinutiaeRecord, v *iso.MinutiaeView, rep *convert.Report, where string) match.Template {
	u := rec.Format.Units()
	t := match.Template{
		Width: int(v.Width), Height: int(v.Height),
		Finger: int(v.Position), Impression: int(v.Impression), View: int(v.ViewNumber),
		Quality: -1,
	}
	if t.Width == 0 && t.Height == 0 {
		t.Width, t.Height = int(rec.Width), int(rec.Height)
	}
	xres, yres := v.XRes, v.YRes
	if xres == 0 && yres == 0 {
		xres, yres = rec.XRes, rec.YRes
	}
	if xres != 0 {
		t.PPI = float64(xres) * 2.54
	}
	if xres != yres {
		rep.Note(convert.Approximated, "vertical resolution", where, fmt.Sprintf("%d px/cm differs from the horizontal %d; a template has one resolution, the horizontal one", yres, xres))
	}

	var failed int
	readQ := func(q uint8) int {
		switch {
		case u.QualityNotReported == 254 && q == 255:
			failed++
			return -1
		case q == u.QualityNotReported:
			return -1
		}
		return int(q)
	}
	if v.Capture != nil {
		if len(v.Capture.Quality) > 0 {
			t.Quality = readQ(v.Capture.Quality[0].Score)
		}
		c := v.Capture
		if c.DeviceType|c.DeviceVendor != 0 || c.DeviceTechnology != 0 || len(c.Certifications) > 0 ||
			c.DateTime != iso.UnknownDateTime && c.DateTime != (iso.DateTime{}) || len(c.Quality) > 1 {
			rep.Note(convert.Dropped, "capture device, date, certification and further quality blocks", where, "a template holds the minutiae and the facts a comparison needs")
		}
	} else if rec.Format != iso.FMR2011 {
		t.Quality = readQ(v.Quality)
	}
	qv, qa := v.QualityVendor, v.QualityAlgorithm
	if v.Capture != nil && len(v.Capture.Quality) > 0 {
		qv, qa = v.Capture.Quality[0].Vendor, v.Capture.Quality[0].Algorithm
	}
	if qv|qa != 0 {
		rep.Note(convert.Dropped, "finger quality algorithm", where, fmt.Sprintf("vendor 0x%04X, algorithm 0x%04X: a template keeps the score only", qv, qa))
	}
	if rec.ProductOwner|rec.ProductType|rec.Equipment|rec.DeviceID != 0 || rec.DeviceCertification != 0 {
		rep.Note(convert.Dropped, "CBEFF product identifier and capture device", "", "a template holds the minutiae and the facts a comparison needs")
	}
	if v.EndingType != 0 {
		rep.Note(convert.Dropped, "ridge ending type", where, "1 (ridge skeleton end point): a template places ridge endings as the other editions do")
	}

	steps := float64(u.AngleSteps)
	sizeless := rec.Format == iso.FMR2011 && v.MinutiaSize == 5
	t.Minutiae = make([]match.Minutia, len(v.Minutiae))
	for i, m := range v.Minutiae {
		q := readQ(m.Quality)
		if sizeless {
			q = -1
		}
		t.Minutiae[i] = match.Minutia{
			X: int(m.X), Y: int(m.Y),
			Angle:   math.Mod(float64(m.Angle), steps) * 360 / steps,
			Type:    match.MinutiaType(m.Type),
			Quality: q,
		}
	}
	if failed > 0 {
		rep.Note(convert.Approximated, "quality 255 (failed to compute)", where, fmt.Sprintf("%d values: a template says -1 (not reported) for them", failed))
	}

	for _, b := range v.Extensions {
		switch {
		case b.Type == iso.BlockRidgeCount && b.RidgeCounts != nil:
			t.RidgeCountMethod = int(b.RidgeCounts.Method)
			for _, c := range b.RidgeCounts.Counts {
				// Indices are 1-based minutia numbers (iso.RidgeCount).
				t.RidgeCounts = append(t.RidgeCounts, match.RidgeCount{A: int(c.Index1) - 1, B: int(c.Index2) - 1, Count: int(c.Count)})
			}
		case b.Type == iso.BlockCoreDelta && b.CoreDelta != nil:
			deg := func(a uint8) float64 { return math.Mod(float64(a), steps) * 360 / steps }
			for _, c := range b.CoreDelta.Cores {
				p := match.SingularPoint{X: int(c.X), Y: int(c.Y), HasAngle: c.HasAngle, Angle: math.NaN()}
				if c.HasAngle {
					p.Angle = deg(c.Angle)
				}
				t.Cores = append(t.Cores, p)
			}
			for _, d := range b.CoreDelta.Deltas {
				p := match.SingularPoint{X: int(d.X), Y: int(d.Y), HasAngle: d.HasAngle, Angle: math.NaN()}
				if d.HasAngle {
					p.Angle = deg(d.Angles[0])
					p.MoreAngles = [2]float64{deg(d.Angles[1]), deg(d.Angles[2])}
				}
				t.Deltas = append(t.Deltas, p)
			}
		default:
			rep.Note(convert.Dropped, fmt.Sprintf("extended data block 0x%04X", b.Type), where, "a template has no place for it")
		}
	}
	return t
}

// ToRecord writes a template as a one-view finger minutiae record of
// format f (any of convert.MinutiaeFormats), ready for iso.Marshal(rec, f).
// Angles are rounded to the nearest unit of the hub edition (2 degrees
// for INCITS 378 targets, 360/256 degrees otherwise), halves up; positions
// outside 0..16383 are clamped and more than 255 minutiae (the most a view
// holds) are cut to the 255 of best quality, each reported. A template
// without a resolution is written at 500 ppi (197 px/cm), reported.
func ToRecord(t match.Template, f iso.Format) (*iso.MinutiaeRecord, *convert.Report, error) {
	rep := &convert.Report{From: "template", To: string(f)}
	if f.Kind() != iso.KindMinutiae {
		return nil, rep, fmt.Errorf("templateio: %q is not a finger minutiae format", f)
	}
	hub := iso.FMR2011
	if f.Units().AngleSteps == 180 {
		hub = iso.ANSI378v2009
	}
	rec, err := hubRecord(t, hub, rep)
	if err != nil || f == hub {
		return rec, rep, err
	}
	out, sub, err := convert.Minutiae(rec, f)
	rep.Merge(sub, "")
	return out, rep, err
}

// ToRecordViews writes several templates as the views of one record of
// format f, in order (the fingers of a ten-print, say): each is written
// as by [ToRecord] and the views joined in the hub edition before the
// conversion to f. A format with one image size per record (the 2004 and
// 2005 editions) fails when the templates' sizes differ; a card format
// holds the first template only (reported).
func ToRecordViews(ts []match.Template, f iso.Format) (*iso.MinutiaeRecord, *convert.Report, error) {
	rep := &convert.Report{From: "templates", To: string(f)}
	if len(ts) == 0 {
		return nil, rep, errors.New("templateio: no template to write")
	}
	if f.Kind() != iso.KindMinutiae {
		return nil, rep, fmt.Errorf("templateio: %q is not a finger minutiae format", f)
	}
	hub := iso.FMR2011
	if f.Units().AngleSteps == 180 {
		hub = iso.ANSI378v2009
	}
	var joined *iso.MinutiaeRecord
	for i, t := range ts {
		r, err := hubRecord(t, hub, rep)
		if err != nil {
			return nil, rep, fmt.Errorf("template %d: %w", i+1, err)
		}
		if joined == nil {
			joined = r
		} else {
			joined.Views = append(joined.Views, r.Views...)
		}
	}
	if len(joined.Views) > 255 {
		return nil, rep, fmt.Errorf("templateio: %d templates; a record holds 255 views", len(joined.Views))
	}
	if f == hub {
		return joined, rep, nil
	}
	out, sub, err := convert.Minutiae(joined, f)
	rep.Merge(sub, "")
	return out, rep, err
}

// maxMinutiae is the most minutiae one view holds: the count is a byte
// (19794-2:2011 clause 7.3.8; 378-2009 clause 6.5.1.9).
const maxMinutiae = 255

// maxCoord is the largest position the record formats hold (14 bits).
const maxCoord = 0x3FFF

// hubRecord writes t in the hub edition, 19794-2:2011 or INCITS 378-2009.
func hubRecord(t match.Template, hub iso.Format, rep *convert.Report) (*iso.MinutiaeRecord, error) {
	u := hub.Units()
	steps := u.AngleSteps
	angle := func(deg float64) uint8 {
		if math.IsNaN(deg) || math.IsInf(deg, 0) {
			return 0
		}
		a := int(math.Floor(deg*float64(steps)/360+0.5)) % steps
		if a < 0 {
			a += steps
		}
		return uint8(a)
	}
	quality := func(q int) uint8 {
		if q < 0 {
			return u.QualityNotReported
		}
		return uint8(min(q, 100))
	}
	var clamped int
	coord := func(p int) uint16 {
		if p < 0 || p > maxCoord {
			clamped++
			return uint16(min(max(p, 0), maxCoord))
		}
		return uint16(p)
	}
	dim := func(what string, n int) (uint16, error) {
		if n < 0 || n > math.MaxUint16 {
			return 0, fmt.Errorf("templateio: %s %d does not fit a minutiae record (0-65535)", what, n)
		}
		return uint16(n), nil
	}
	if t.Finger < 0 || t.Finger > 255 || t.Impression < 0 || t.Impression > 255 || t.View < 0 || t.View > 255 {
		return nil, fmt.Errorf("templateio: finger position %d, impression %d or view %d does not fit a byte", t.Finger, t.Impression, t.View)
	}
	w, err := dim("width", t.Width)
	if err != nil {
		return nil, err
	}
	h, err := dim("height", t.Height)
	if err != nil {
		return nil, err
	}
	ppcm := uint16(197)
	if t.PPI > 0 {
		r := math.Round(t.PPI / 2.54)
		if r < 1 || r > math.MaxUint16 {
			return nil, fmt.Errorf("templateio: resolution %g ppi does not fit a minutiae record", t.PPI)
		}
		ppcm = uint16(r)
	} else {
		rep.Note(convert.Assumed, "image resolution", "", "the template states none; 197 px/cm (500 ppi) written")
	}
	v := iso.MinutiaeView{
		Position: uint8(t.Finger), Impression: uint8(t.Impression), ViewNumber: uint8(t.View),
		Width: w, Height: h, XRes: ppcm, YRes: ppcm,
	}
	if hub == iso.FMR2011 {
		v.MinutiaSize = 6
		v.Capture = &iso.Capture{DateTime: iso.UnknownDateTime}
		if t.Quality >= 0 {
			v.Capture.Quality = []iso.QualityBlock{{Score: quality(t.Quality)}}
		}
	} else {
		v.Quality = quality(t.Quality)
	}

	ms := t.Minutiae
	keep := make([]int, len(ms)) // template index → record index, -1 when cut
	cut := len(ms) > maxMinutiae
	if cut {
		ms, keep = bestMinutiae(ms, maxMinutiae)
		rep.Note(convert.Dropped, "minutiae beyond 255", "", fmt.Sprintf("%d of %d minutiae of lowest quality: a view holds 255", len(t.Minutiae)-maxMinutiae, len(t.Minutiae)))
	} else {
		for i := range keep {
			keep[i] = i
		}
	}
	for _, m := range ms {
		typ := uint8(m.Type)
		if m.Type > match.Bifurcation {
			typ = iso.MinutiaOther
		}
		v.Minutiae = append(v.Minutiae, iso.Minutia{Type: typ, X: coord(m.X), Y: coord(m.Y), Angle: angle(m.Angle), Quality: quality(m.Quality)})
	}
	if len(t.RidgeCounts) > 0 {
		rc := &iso.RidgeCounts{Method: uint8(t.RidgeCountMethod)}
		dropped := 0
		for _, c := range t.RidgeCounts {
			a, oka := index(keep, cut, c.A)
			b, okb := index(keep, cut, c.B)
			if !oka || !okb || c.Count < 0 || c.Count > 255 {
				dropped++
				continue
			}
			rc.Counts = append(rc.Counts, iso.RidgeCount{Index1: uint8(a + 1), Index2: uint8(b + 1), Count: uint8(c.Count)})
		}
		if dropped > 0 {
			rep.Note(convert.Dropped, "ridge counts", "", fmt.Sprintf("%d name a minutia not in the record or count more than 255", dropped))
		}
		v.Extensions = append(v.Extensions, iso.ExtendedBlock{Type: iso.BlockRidgeCount, RidgeCounts: rc})
	}
	if len(t.Cores) > 0 || len(t.Deltas) > 0 {
		if len(t.Cores) > 15 || len(t.Deltas) > 15 {
			return nil, fmt.Errorf("templateio: %d cores and %d deltas; a record holds 15 of each", len(t.Cores), len(t.Deltas))
		}
		cd := &iso.CoreDelta{}
		for _, c := range t.Cores {
			n := iso.Core{X: coord(c.X), Y: coord(c.Y), HasAngle: c.HasAngle}
			if c.HasAngle {
				n.Angle = angle(c.Angle)
			}
			cd.Cores = append(cd.Cores, n)
		}
		for _, d := range t.Deltas {
			n := iso.Delta{X: coord(d.X), Y: coord(d.Y), HasAngle: d.HasAngle}
			if d.HasAngle {
				n.Angles = [3]uint8{angle(d.Angle), angle(d.MoreAngles[0]), angle(d.MoreAngles[1])}
			}
			cd.Deltas = append(cd.Deltas, n)
		}
		if lost := convert.MarkCoreDeltaAngles(cd, hub); lost > 0 {
			rep.Note(convert.Dropped, "core and delta angles", "", fmt.Sprintf("%d angles: INCITS 378 gives angles to all cores (and all deltas) or to none", lost))
		}
		v.Extensions = append(v.Extensions, iso.ExtendedBlock{Type: iso.BlockCoreDelta, CoreDelta: cd})
	}
	if clamped > 0 {
		rep.Note(convert.Approximated, "position", "", fmt.Sprintf("%d coordinates outside 0-16383 clamped to the nearest edge", clamped))
	}
	return &iso.MinutiaeRecord{Format: hub, Views: []iso.MinutiaeView{v}}, nil
}

// index maps a template minutia index to the record's (from 0). -1, "no
// minutia", stays -1 and is written as 0. An index beyond the minutiae
// (a placeholder such as 254, which some writers use for "none") is kept
// as it is when no minutia was cut, so that it round-trips; ok is false
// for an index that cannot be written or whose minutia was cut.
func index(keep []int, cut bool, i int) (int, bool) {
	switch {
	case i == -1:
		return -1, true
	case i < -1:
		return 0, false
	case i < len(keep):
		return keep[i], keep[i] >= 0
	case !cut && i < maxMinutiae:
		return i, true
	}
	return 0, false
}

// bestMinutiae keeps the n minutiae of highest quality, in their order;
// keep maps each original index to its new one, or -1.
func bestMinutiae(ms []match.Minutia, n int) ([]match.Minutia, []int) {
	order := make([]int, len(ms))
	for i := range order {
		order[i] = i
	}
	// Stable: among equal qualities the earlier minutia stays.
	sort.SliceStable(order, func(a, b int) bool { return ms[order[a]].Quality > ms[order[b]].Quality })
	chosen := make([]bool, len(ms))
	for _, i := range order[:n] {
		chosen[i] = true
	}
	keep := make([]int, len(ms))
	out := make([]match.Minutia, 0, n)
	for i, m := range ms {
		keep[i] = -1
		if chosen[i] {
			keep[i] = len(out)
			out = append(out, m)
		}
	}
	return out, keep
}
