package convert

import (
	"errors"
	"fmt"

	"github.com/biogate/biogate/iso"
)

// MinutiaeOptions tunes [MinutiaeWith]; the zero value (or nil) is the
// default.
type MinutiaeOptions struct {
	// Resolution is the image resolution in pixels per centimetre assumed
	// for a card-format source, which carries none; 0 means 197 (500 ppi).
	// It also converts between pixels and millimetres when the target is a
	// card format and the source view states no resolution.
	Resolution uint16
	// Width and Height are the image size in pixels given to a record made
	// from a card-format source; 0 means "the smallest image holding every
	// minutia", reported as assumed.
	Width, Height uint16
	// View is the view (from 0) a card-format target takes when the source
	// has several; the others are reported as dropped.
	View int
}

// Minutiae converts a finger minutiae record to format to, which must be
// one of [MinutiaeFormats]; src.Format names the edition src was decoded
// from (its numbers are in that edition's units). The result is a new
// record in the units of to, ready for iso.Marshal(rec, to); src is not
// changed. The report lists, by name, everything the target could not
// carry as it was.
//
// Positions are copied between the record formats, which all count pixels
// from the top-left corner; angles, qualities and the fields that moved
// between editions follow the rules of the package doc.
func Minutiae(src *iso.MinutiaeRecord, to iso.Format) (*iso.MinutiaeRecord, *Report, error) {
	return MinutiaeWith(src, to, nil)
}

// MinutiaeWith is [Minutiae] with options.
func MinutiaeWith(src *iso.MinutiaeRecord, to iso.Format, opts *MinutiaeOptions) (*iso.MinutiaeRecord, *Report, error) {
	if opts == nil {
		opts = &MinutiaeOptions{}
	}
	if src == nil {
		return nil, nil, errors.New("convert: nil minutiae record")
	}
	se, ok := editionOf(src.Format)
	if !ok {
		return nil, nil, fmt.Errorf("convert: source format %q is not a finger minutiae format (set the record's Format)", src.Format)
	}
	te, ok := editionOf(to)
	if !ok {
		return nil, nil, fmt.Errorf("convert: target format %q is not a finger minutiae format", to)
	}
	rep := &Report{From: string(src.Format), To: string(to)}
	c := &mconv{src: src, se: se, te: te, from: src.Format, to: to, rep: rep, opts: opts}
	dst, err := c.run()
	if err != nil {
		return nil, rep, err
	}
	return dst, rep, nil
}

// mconv holds one minutiae conversion.
type mconv struct {
	src      *iso.MinutiaeRecord
	se, te   edition
	from, to iso.Format
	rep      *Report
	opts     *MinutiaeOptions
}

// device is the capture device as the editions describe it, in one form.
type device struct {
	compliance uint8  // 4 bits; bit 3 (the word's bit 15) = certified
	certified  bool   // Appendix F / Annex B certified
	id         uint16 // capture device (type) ID
}

func (c *mconv) run() (*iso.MinutiaeRecord, error) {
	src, se, te, rep := c.src, c.se, c.te, c.rep
	dst := &iso.MinutiaeRecord{Format: c.to}

	// The record header: CBEFF product ID (INCITS 378 only).
	if te.ansi {
		dst.ProductOwner, dst.ProductType = src.ProductOwner, src.ProductType
	} else if src.ProductOwner|src.ProductType != 0 {
		rep.drop("CBEFF product identifier", "", "owner 0x%04X, type 0x%04X: %s has no product identifier", src.ProductOwner, src.ProductType, c.to)
	}

	// Capture device: one word (2004/2005/2007), a certification byte and
	// ID (2009), or per representation (2011).
	var dev device
	switch {
	case se.equipment:
		dev = device{compliance: uint8(src.Equipment >> 12), certified: src.Equipment&0x8000 != 0, id: src.Equipment & 0x0FFF}
	case se.device2009:
		dev = device{certified: src.DeviceCertification&0x80 != 0, id: src.DeviceID}
		if dev.certified {
			dev.compliance = 8
		}
		if src.DeviceCertification&0x7F != 0 {
			rep.drop("capture device certification bits", "", "bits 0x%02X of the 378-2009 certification byte are reserved and not carried", src.DeviceCertification&0x7F)
		}
	}
	switch {
	case te.equipment:
		if dev.id > 0x0FFF {
			rep.drop("capture device ID", "", "%d does not fit the 12 bits of %s's capture equipment word", dev.id, c.to)
			dev.id = 0
		}
		dst.Equipment = uint16(dev.compliance&0x0F)<<12 | dev.id
	case te.device2009:
		if dev.certified {
			dst.DeviceCertification = 0x80
		}
		if dev.compliance&0x7 != 0 {
			rep.drop("capture equipment compliance bits", "", "bits 0x%X besides \"certified\" have no place in 378-2009", dev.compliance&0x7)
		}
		dst.DeviceID = dev.id
	case te.iso2011:
		if dev.certified {
			rep.drop("capture device certification", "", "19794-2:2011 states certification in certification blocks naming an authority and scheme, which the source does not give")
		}
		if dev.compliance&0x7 != 0 {
			rep.drop("capture equipment compliance bits", "", "bits 0x%X have no place in 19794-2:2011", dev.compliance&0x7)
		}
	case te.card:
		if dev.id != 0 || dev.compliance != 0 {
			rep.drop("capture equipment", "", "the card formats carry minutiae only")
		}
	}
	if src.Reserved != 0 && !te.iso2011 && !te.card {
		dst.Reserved = src.Reserved
	}
	if len(src.Trailing) > 0 {
		rep.drop("bytes after the last view", "", "%d bytes of padding or unknown data are not carried", len(src.Trailing))
	}
	if src.DeclaredLength != 0 {
		rep.approx("record length", "", 0, "the input declared %d bytes, disagreeing with its content; the true length is written", src.DeclaredLength)
	}

	views := src.Views
	if te.card && len(views) > 1 {
		k := c.opts.View
		if k < 0 || k >= len(views) {
			return nil, fmt.Errorf("convert: view %d selected, the record has %d", k, len(views))
		}
		for i := range views {
			if i != k {
				rep.drop("finger view", viewName(c.from, i), "a card format holds one view; view %d was converted", k+1)
			}
		}
		views = views[k : k+1]
	}
	var deviceIDs map[uint16]bool
	for i := range views {
		where := viewName(c.from, i)
		if te.card && len(src.Views) > 1 {
			where = viewName(c.from, c.opts.View)
		}
		v, err := c.view(&views[i], dev, where)
		if err != nil {
			return nil, err
		}
		if se.iso2011 && views[i].Capture != nil {
			if deviceIDs == nil {
				deviceIDs = map[uint16]bool{}
			}
			deviceIDs[views[i].Capture.DeviceType] = true
		}
		dst.Views = append(dst.Views, v)
	}
	// 2011 → a per-record device: take the one device all agree on.
	if se.iso2011 && !te.iso2011 && !te.card {
		var id uint16
		for d := range deviceIDs {
			id = d
		}
		if len(deviceIDs) > 1 {
			rep.drop("capture device type ID", "", "the representations name %d different devices; %s has one per record: none written", len(deviceIDs), c.to)
			id = 0
		}
		switch {
		case te.equipment && id > 0x0FFF:
			rep.drop("capture device type ID", "", "%d does not fit the 12 bits of %s's capture equipment word", id, c.to)
		case te.equipment:
			dst.Equipment = id
		case te.device2009:
			dst.DeviceID = id
		}
	}
	if te.iso2011 {
		for _, v := range dst.Views {
			if v.Capture != nil && len(v.Capture.Certifications) > 0 {
				dst.CertificationFlag = 1
			}
		}
	}
	if te.recordImage && len(dst.Views) > 0 {
		v0 := dst.Views[0]
		for i, v := range dst.Views[1:] {
			if v.Width != v0.Width || v.Height != v0.Height || v.XRes != v0.XRes || v.YRes != v0.YRes {
				return nil, fmt.Errorf("convert: %s: image size or resolution %dx%d at %dx%d px/cm differs from view 1's %dx%d at %dx%d; %s carries one per record",
					viewName(c.from, i+1), v.Width, v.Height, v.XRes, v.YRes, v0.Width, v0.Height, v0.XRes, v0.YRes, c.to)
			}
		}
		dst.Width, dst.Height, dst.XRes, dst.YRes = v0.Width, v0.Height, v0.XRes, v0.YRes
	}
	return dst, nil
}

func viewName(f iso.Format, i int) string {
	if f == iso.FMR2011 {
		return fmt.Sprintf("representation %d", i+1)
	}
	return fmt.Sprintf("view %d", i+1)
}

// view converts one finger view.
func (c *mconv) view(sv *iso.MinutiaeView, dev device, where string) (iso.MinutiaeView, error) {
	se, te, rep := c.se, c.te, c.rep
	var v iso.MinutiaeView
	var cnt counter

	// Image size and resolution: per view in the model; a card source
	// has none.
	v.Width, v.Height, v.XRes, v.YRes = sv.Width, sv.Height, sv.XRes, sv.YRes
	if c.src.Width|c.src.Height|c.src.XRes|c.src.YRes != 0 && v.Width|v.Height|v.XRes|v.YRes == 0 {
		v.Width, v.Height, v.XRes, v.YRes = c.src.Width, c.src.Height, c.src.XRes, c.src.YRes
	}
	if se.card {
		r := c.opts.Resolution
		if r == 0 {
			r = defaultPPCM
			if !te.card {
				rep.assume("image resolution", where, "the card formats carry none; %d px/cm (500 ppi) assumed", r)
			}
		}
		v.XRes, v.YRes = r, r
	}
	xres, yres := int(v.XRes), int(v.YRes)
	fu, tu := c.from.Units().Coordinate, c.to.Units().Coordinate
	needRes := fu != tu && (fu == iso.CoordPixel || tu == iso.CoordPixel)
	if needRes && !se.card && (xres == 0 || yres == 0) {
		rep.assume("image resolution", where, "the source states none; %d px/cm (500 ppi) assumed to convert between pixels and millimetres", defaultPPCM)
		if xres == 0 {
			xres = defaultPPCM
		}
		if yres == 0 {
			yres = defaultPPCM
		}
	}

	// Identity of the view.
	if te.card {
		for _, f := range []struct {
			what string
			val  int
		}{{"finger position", int(sv.Position)}, {"view number", int(sv.ViewNumber)}, {"impression type", int(sv.Impression)},
			{"image size", int(v.Width) | int(v.Height)}, {"image resolution", int(sv.XRes) | int(sv.YRes)}} {
			if f.val != 0 && !(se.card && f.what == "image resolution") {
				rep.drop(f.what, where, "the card formats carry minutiae only (the card's biometric information template holds the rest)")
			}
		}
		v.Width, v.Height, v.XRes, v.YRes = 0, 0, 0, 0
	} else {
		v.Position, v.ViewNumber, v.Impression = sv.Position, sv.ViewNumber, sv.Impression
		if te.nibbleView && (v.ViewNumber > 15 || v.Impression > 15) {
			return v, fmt.Errorf("convert: %s: view number %d or impression type %d does not fit the 4 bits %s gives each", where, v.ViewNumber, v.Impression, c.to)
		}
		if !te.iso2011 && !te.newQuality && v.Impression > 3 && v.Impression != 8 {
			rep.approx("impression type", where, 0, "code %d is not in %s's table (0-3, 8 swipe); written as it is", v.Impression, c.to)
		}
	}

	// Finger quality: a byte (2004/2005, with vendor and algorithm in
	// 2007/2009) or 19794-1:2011 quality blocks.
	var fq quality
	var fqVendor, fqAlgo uint16
	switch {
	case se.card:
		fq = quality{notStated: true}
	case se.iso2011:
		fq = quality{notStated: true}
		if sv.Capture != nil && len(sv.Capture.Quality) > 0 {
			qb := sv.Capture.Quality[0]
			fq = readQuality(qb.Score, se)
			fqVendor, fqAlgo = qb.Vendor, qb.Algorithm
			if !te.iso2011 && len(sv.Capture.Quality) > 1 {
				rep.drop("quality blocks", where, "%d quality blocks after the first have no place in %s", len(sv.Capture.Quality)-1, c.to)
			}
		}
	default:
		fq = readQuality(sv.Quality, se)
		fqVendor, fqAlgo = sv.QualityVendor, sv.QualityAlgorithm
	}
	switch {
	case te.card:
		if !fq.notStated {
			rep.drop("finger quality", where, "the card formats carry none")
		}
	case te.iso2011:
		if sv.Capture != nil && se.iso2011 {
			cp := *sv.Capture
			cp.Quality = append([]iso.QualityBlock(nil), sv.Capture.Quality...)
			cp.Certifications = append([]iso.CertificationBlock(nil), sv.Capture.Certifications...)
			v.Capture = &cp
		} else {
			v.Capture = &iso.Capture{DateTime: iso.UnknownDateTime, DeviceType: dev.id}
			if !fq.notStated || fqVendor|fqAlgo != 0 {
				s, _ := writeQuality(fq, te)
				v.Capture.Quality = []iso.QualityBlock{{Score: s, Vendor: fqVendor, Algorithm: fqAlgo}}
			}
		}
	default:
		s, ok := writeQuality(fq, te)
		if !ok {
			rep.approx("finger quality", where, 0, "%s has no code for %s; written %d", c.to, describeQuality(fq), s)
		}
		v.Quality = s
		if te.viewQAlgo {
			v.QualityVendor, v.QualityAlgorithm = fqVendor, fqAlgo
		} else if fqVendor|fqAlgo != 0 {
			rep.drop("finger quality algorithm", where, "vendor 0x%04X, algorithm 0x%04X: %s has no place for them", fqVendor, fqAlgo, c.to)
		}
	}
	if se.iso2011 && !te.iso2011 && sv.Capture != nil {
		cp := sv.Capture
		if cp.DateTime != iso.UnknownDateTime && cp.DateTime != (iso.DateTime{}) {
			rep.drop("capture date and time", where, "%s has no capture date", c.to)
		}
		if cp.DeviceTechnology != 0 {
			rep.drop("capture device technology", where, "code %d: %s has no such field", cp.DeviceTechnology, c.to)
		}
		if cp.DeviceVendor != 0 {
			rep.drop("capture device vendor", where, "0x%04X: %s has no such field", cp.DeviceVendor, c.to)
		}
		if len(cp.Certifications) > 0 {
			rep.drop("certification blocks", where, "%d blocks: %s has none", len(cp.Certifications), c.to)
		}
	}

	// 19794-2:2011 ridge-ending placement (clause 7.4.2): the other
	// editions place ridge endings at the valley skeleton bifurcation (0).
	if te.iso2011 && se.iso2011 {
		v.EndingType = sv.EndingType
	}
	if se.iso2011 && !te.iso2011 && sv.EndingType != 0 {
		rep.drop("ridge ending type", where, "%d (ridge skeleton end point): %s places ridge endings at the valley skeleton bifurcation and cannot say otherwise", sv.EndingType, c.to)
	}

	// Minutiae.
	fs, ts := c.from.Units().AngleSteps, c.to.Units().AngleSteps
	sizeless := se.iso2011 && sv.MinutiaSize == 5
	v.Minutiae = make([]iso.Minutia, 0, len(sv.Minutiae))
	maxCoord := 0x3FFF
	if c.to == iso.FMR2005CardCompact {
		maxCoord = 0xFF
	}
	for _, m := range sv.Minutiae {
		var n iso.Minutia
		n.Type = m.Type
		if int(m.Angle) >= fs {
			cnt.note(Approximated, "minutia angle out of range", fmt.Sprintf("angles of %d or more are not in %s's range; wrapped round the circle", fs, c.from))
		}
		n.Angle = uint8(convertAngle(int(m.Angle), fs, ts))
		x, okx := c.coord(int(m.X), xres, fu, tu, maxCoord)
		y, oky := c.coord(int(m.Y), yres, fu, tu, maxCoord)
		if !okx || !oky {
			cnt.note(Approximated, "minutia position", fmt.Sprintf("beyond the largest position %s can hold; clamped to its edge", c.to))
		}
		n.X, n.Y = uint16(x), uint16(y)
		if m.Reserved != 0 {
			cnt.note(Dropped, "minutia reserved bits", "the two reserved bits above Y were set; written as 0")
		}
		q := readQuality(m.Quality, se)
		if sizeless {
			q = quality{notStated: true}
		}
		if te.card {
			if !q.notStated {
				cnt.note(Dropped, "minutia quality", "the card formats carry none")
			}
		} else {
			s, ok := writeQuality(q, te)
			if !ok {
				cnt.note(Approximated, "minutia quality", fmt.Sprintf("%s has no code for %s; written %d", c.to, describeQuality(q), s))
			}
			n.Quality = s
		}
		v.Minutiae = append(v.Minutiae, n)
	}

	// Extended data.
	for i := range sv.Extensions {
		b := &sv.Extensions[i]
		if te.card {
			rep.drop(blockName(b.Type), where, "the card formats carry no extended data")
			continue
		}
		nb, ok := c.block(b, xres, yres, fs, ts, where)
		if ok {
			v.Extensions = append(v.Extensions, nb)
		}
	}
	if len(sv.Trailing) > 0 {
		rep.drop("bytes after the extended data", where, "%d bytes are not carried", len(sv.Trailing))
	}
	cnt.flush(rep, where)

	// A card source gets an image size from the options, or the smallest
	// image holding its minutiae.
	if se.card && !te.card {
		w, h := c.opts.Width, c.opts.Height
		if w == 0 || h == 0 {
			var mx, my uint16
			for _, m := range v.Minutiae {
				mx, my = max(mx, m.X), max(my, m.Y)
			}
			if w == 0 {
				w = mx + 1
			}
			if h == 0 {
				h = my + 1
			}
			rep.assume("image size", where, "the card formats carry none; %dx%d px, the smallest image holding every minutia", w, h)
		}
		v.Width, v.Height = w, h
	}
	return v, nil
}

// coord converts one coordinate between coordinate units, clamping to max.
func (c *mconv) coord(p, ppcm int, from, to iso.CoordUnit, max int) (int, bool) {
	if from != to {
		perCM := func(u iso.CoordUnit) int {
			if u == iso.CoordTenthMM {
				return tenthsPerCM
			}
			return hundredthsPerCM
		}
		switch {
		case from == iso.CoordPixel:
			p = pixelToMetric(p, ppcm, perCM(to))
		case to == iso.CoordPixel:
			p = metricToPixel(p, ppcm, perCM(from))
		default: // 0.01 mm ↔ 0.1 mm, as points: nearest, halves up
			if from == iso.CoordHundredMM {
				p = (p + 5) / 10
			} else {
				p *= 10
			}
		}
	}
	if p > max {
		return max, false
	}
	return p, true
}

func describeQuality(q quality) string {
	switch {
	case q.failed:
		return "\"failed to compute\" (255)"
	case q.manual:
		return "\"manually encoded\""
	case q.notStated:
		return "\"not reported\""
	case q.score == 0:
		return "a measured score of 0"
	}
	return fmt.Sprintf("score %d", q.score)
}

func blockName(t uint16) string {
	switch t {
	case iso.BlockRidgeCount:
		return "ridge count block"
	case iso.BlockCoreDelta:
		return "core and delta block"
	case iso.BlockZonalQuality:
		return "zonal quality block"
	}
	if t >= 0x0100 {
		return fmt.Sprintf("vendor extended data block 0x%04X", t)
	}
	return fmt.Sprintf("extended data block 0x%04X", t)
}

// block converts one extended data block; false when it is dropped.
func (c *mconv) block(b *iso.ExtendedBlock, xres, yres, fs, ts int, where string) (iso.ExtendedBlock, bool) {
	se, te, rep := c.se, c.te, c.rep
	nb := iso.ExtendedBlock{Type: b.Type}
	switch {
	case b.Type == iso.BlockRidgeCount && b.RidgeCounts != nil:
		rc := *b.RidgeCounts
		rc.Counts = append([]iso.RidgeCount(nil), rc.Counts...)
		nb.RidgeCounts = &rc
	case b.Type == iso.BlockCoreDelta && b.CoreDelta != nil:
		nb.CoreDelta = c.coreDelta(b.CoreDelta, fs, ts, where)
	case b.Type == iso.BlockCoreDelta || b.Type == iso.BlockRidgeCount:
		// Kept as bytes by the decoder (it could not parse them): they can
		// be copied only where the layout and units do not change.
		if se.ansi != te.ansi || fs != ts {
			rep.drop(blockName(b.Type), where, "the block could not be parsed and its layout or angle unit differs in %s", c.to)
			return nb, false
		}
		nb.Data = append([]byte(nil), b.Data...)
	case b.Type == iso.BlockZonalQuality && te.ansi:
		rep.drop(blockName(b.Type), where, "INCITS 378 has no zonal quality block")
		return nb, false
	default:
		nb.Data = append([]byte(nil), b.Data...)
	}
	if b.DeclaredLength != 0 {
		rep.approx("extended data block length", where, 0, "block 0x%04X declared %d bytes, disagreeing with its content; the true length is written", b.Type, b.DeclaredLength)
	}
	return nb, true
}

// coreDelta converts a core and delta block between layouts and angle
// units. INCITS 378 states "angles present" once for all cores and once
// for all deltas; 19794-2 per point.
func (c *mconv) coreDelta(cd *iso.CoreDelta, fs, ts int, where string) *iso.CoreDelta {
	te, rep := c.te, c.rep
	out := &iso.CoreDelta{}
	coreAngles, deltaAngles := 0, 0
	for _, k := range cd.Cores {
		if k.HasAngle {
			coreAngles++
		}
	}
	for _, k := range cd.Deltas {
		if k.HasAngle {
			deltaAngles++
		}
	}
	keepCore, keepDelta := true, true
	if te.ansi {
		if coreAngles > 0 && coreAngles < len(cd.Cores) {
			rep.drop("core angles", where, "%d of %d cores have an angle; INCITS 378 gives all or none", coreAngles, len(cd.Cores))
			keepCore = false
		}
		if deltaAngles > 0 && deltaAngles < len(cd.Deltas) {
			rep.drop("delta angles", where, "%d of %d deltas have angles; INCITS 378 gives all or none", deltaAngles, len(cd.Deltas))
			keepDelta = false
		}
		if keepCore && coreAngles > 0 {
			out.CoreInfo = 0x40
		}
		if keepDelta && deltaAngles > 0 {
			out.DeltaInfo = 0x40
		}
	}
	for _, k := range cd.Cores {
		n := iso.Core{X: k.X, Y: k.Y, HasAngle: k.HasAngle && keepCore}
		if n.HasAngle {
			n.Angle = uint8(convertAngle(int(k.Angle), fs, ts))
			if !te.ansi {
				n.Type = 1
			}
		}
		out.Cores = append(out.Cores, n)
	}
	for _, k := range cd.Deltas {
		n := iso.Delta{X: k.X, Y: k.Y, HasAngle: k.HasAngle && keepDelta}
		if n.HasAngle {
			for j := range k.Angles {
				n.Angles[j] = uint8(convertAngle(int(k.Angles[j]), fs, ts))
			}
			if !te.ansi {
				n.Type = 1
			}
		}
		out.Deltas = append(out.Deltas, n)
	}
	return out
}

// MarkCoreDeltaAngles sets the "angle present" bits of a core and delta
// block in format f's layout: per point in 19794-2 (type 01 above X),
// once for all cores and once for all deltas in INCITS 378 (the top bits
// of the counts, 01; 378-2009 clause 6.6.2.2). INCITS 378 states angles
// for all cores or none (and all deltas or none): where only some have
// one, those angles are cleared and counted in lost.
func MarkCoreDeltaAngles(cd *iso.CoreDelta, f iso.Format) (lost int) {
	if f.Units().AngleSteps != stepsANSI {
		for i := range cd.Cores {
			if cd.Cores[i].HasAngle {
				cd.Cores[i].Type = 1
			}
		}
		for i := range cd.Deltas {
			if cd.Deltas[i].HasAngle {
				cd.Deltas[i].Type = 1
			}
		}
		return 0
	}
	all := func(n int, has func(int) bool) (all bool, some int) {
		for i := range n {
			if has(i) {
				some++
			}
		}
		return n > 0 && some == n, some
	}
	if ok, some := all(len(cd.Cores), func(i int) bool { return cd.Cores[i].HasAngle }); ok {
		cd.CoreInfo = 0x40
	} else {
		lost += some
		for i := range cd.Cores {
			cd.Cores[i].HasAngle = false
		}
	}
	if ok, some := all(len(cd.Deltas), func(i int) bool { return cd.Deltas[i].HasAngle }); ok {
		cd.DeltaInfo = 0x40
	} else {
		lost += some
		for i := range cd.Deltas {
			cd.Deltas[i].HasAngle = false
		}
	}
	return lost
}
