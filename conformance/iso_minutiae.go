package conformance

import (
	"github.com/biogate/biogate/iso"
)

// fmrHeader gives the byte offsets of a finger minutiae record's header
// fields, and its length, for the record's edition (19794-2:2005 clause
// 7.3: 24 bytes; 378-2004 clause 6.4: 26, or 30 with the 6-byte length;
// the 378 2007 draft: 20; 378-2009: 21; 19794-2:2011: 15).
type fmrHeader struct {
	size                                  int64
	equipment, width, height, xres, yres  int64
	views, reserved, certification, owner int64
}

func fmrHeaderOf(f iso.Format, r *iso.MinutiaeRecord) fmrHeader {
	switch f {
	case iso.FMR2005:
		return fmrHeader{size: 24, equipment: 12, width: 14, height: 16, xres: 18, yres: 20, views: 22, reserved: 23, certification: -1}
	case iso.ANSI378v2004:
		d := int64(0)
		if r.LongLength || r.DeclaredLength > 0xFFFF {
			d = 4
		}
		return fmrHeader{size: 26 + d, owner: 10 + d, equipment: 14 + d, width: 16 + d, height: 18 + d, xres: 20 + d, yres: 22 + d, views: 24 + d, reserved: 25 + d, certification: -1}
	case iso.ANSI378v2007:
		return fmrHeader{size: 20, owner: 12, equipment: 16, views: 18, reserved: 19, certification: -1}
	case iso.ANSI378v2009, iso.ANSI378v2009AM1:
		return fmrHeader{size: 21, owner: 12, certification: 16, equipment: 17, views: 19, reserved: 20}
	case iso.FMR2011:
		return fmrHeader{size: 15, views: 12, certification: 14}
	}
	return fmrHeader{}
}

// fmrView is where the parts of one finger view are.
type fmrView struct {
	start int64
	field map[string]int64 // view header fields, absolute
	min   int64            // first minutia
	msize int64            // bytes per minutia
	ext   int64            // extended data length field, -1 when absent
	block []int64          // each extended data block
	end   int64
}

// fmrViewLayout lays out view v at off in edition f.
func fmrViewLayout(f iso.Format, v *iso.MinutiaeView, certs bool, off int64) fmrView {
	l := fmrView{start: off, field: map[string]int64{}, msize: 6}
	at := func(name string, rel int64) { l.field[name] = off + rel }
	switch f {
	case iso.FMR2005, iso.ANSI378v2004:
		at("finger position", 0)
		at("view number and impression type", 1)
		at("finger quality", 2)
		at("number of minutiae", 3)
		l.min = off + 4
	case iso.ANSI378v2007, iso.ANSI378v2009, iso.ANSI378v2009AM1:
		at("finger position", 0)
		at("view number", 1)
		at("impression type", 2)
		at("finger quality", 3)
		at("image width", 8)
		at("image height", 10)
		at("x resolution", 12)
		at("y resolution", 14)
		at("number of minutiae", 16)
		l.min = off + 17
	case iso.FMR2011:
		at("representation length", 0)
		at("capture date and time", 4)
		at("quality blocks", 4+9+5)
		p := int64(4 + captureLen(v.Capture, certs))
		at("finger position", p)
		at("view number", p+1)
		at("x resolution", p+2)
		at("y resolution", p+4)
		at("impression type", p+6)
		at("image width", p+7)
		at("image height", p+9)
		at("minutia size and ridge ending type", p+11)
		at("number of minutiae", p+12)
		l.min = off + p + 13
		if v.MinutiaSize == 5 {
			l.msize = 5
		}
	}
	o := l.min + l.msize*int64(len(v.Minutiae))
	l.ext = o
	if f == iso.FMR2011 && v.ExtDeclaredLength == 0xFFFF && len(v.Extensions) == 0 {
		l.ext = -1
	} else {
		o += 2
	}
	for i := range v.Extensions {
		l.block = append(l.block, o)
		o += 4 + int64(blockContentLen(&v.Extensions[i], f))
	}
	o += int64(len(v.Trailing))
	l.end = o
	return l
}

// captureLen is the length of a 19794-1:2011 representation header after
// the representation length: date-time 9, device technology 1, vendor 2,
// type 2, quality count 1 and 5 a block, and with certs the certification
// count 1 and 3 a block.
func captureLen(c *iso.Capture, certs bool) int {
	n := 9 + 1 + 2 + 2 + 1
	if c != nil {
		n += 5 * len(c.Quality)
	}
	if certs {
		n++
		if c != nil {
			n += 3 * len(c.Certifications)
		}
	}
	return n
}

func isANSI378(f iso.Format) bool { return familyOf(f) == famANSI2004 || familyOf(f) == famANSI2009 }

// blockContentLen is the number of data bytes block b occupies: Data when
// kept, else the typed fields' encoding.
func blockContentLen(b *iso.ExtendedBlock, f iso.Format) int {
	switch {
	case b.Data != nil:
		return len(b.Data)
	case b.RidgeCounts != nil:
		return 1 + 3*len(b.RidgeCounts.Counts)
	case b.CoreDelta != nil:
		n := 2
		for _, k := range b.CoreDelta.Cores {
			n += 4
			if k.HasAngle {
				n++
			}
		}
		for _, k := range b.CoreDelta.Deltas {
			n += 4
			if k.HasAngle {
				n += 3
			}
		}
		return n
	}
	return 0
}

// Impression type tables.
var (
	impressions2005 = codeSet(0, 1, 2, 3, 8)                                                              // 19794-2:2005 Table 3; 378-2004
	impressions2009 = codeSet(0, 1, 2, 3, 8, 10, 11, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29)              // 378-2009
	impressions2011 = codeSet(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 24, 28, 29)                                   // 19794-2:2011
	impressionsFIR  = codeSet(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)                                               // 19794-4:2005, 381-2004
	impressionsFIRn = codeSet(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 24, 28, 29)           // 19794-4:2011 Table 10
	acquisition2005 = codeSet(10, 20, 30, 31, 40, 41)                                                     // 19794-4:2005 Table 1
	firPositions    = codeSet(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)                       // fingers and plain multi-finger codes
	palmPositions   = codeSet(20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38) // palm codes
	multiPositions  = codeSet(40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50)                                 // 2011 multi-finger codes
)

func codeSet(codes ...int) map[int]bool {
	m := make(map[int]bool, len(codes))
	for _, c := range codes {
		m[c] = true
	}
	return m
}

func (c *isoChecker) checkMinutiae(r *iso.MinutiaeRecord) {
	f := c.f
	if c.fam == famCard {
		c.checkCard(r)
		return
	}
	h := fmrHeaderOf(f, r)
	if len(r.Views) == 0 {
		c.add("header.views", 0, "number of finger views", h.views, "the record holds no finger views")
	}
	if f != iso.FMR2011 && r.Reserved != 0 {
		c.add("header.reserved", 0, "reserved", h.reserved, "reserved byte is %d, want 0", r.Reserved)
	}
	switch f {
	case iso.FMR2005, iso.ANSI378v2004, iso.ANSI378v2007:
		if r.Equipment&0x7000 != 0 {
			c.add("header.equipment", 0, "capture equipment", h.equipment, "capture equipment word 0x%04X sets reserved compliance bits 0x%X; only bit 15 (certified) is defined", r.Equipment, r.Equipment&0x7000)
		}
	case iso.ANSI378v2009, iso.ANSI378v2009AM1:
		if r.DeviceCertification != 0 && r.DeviceCertification != 0x80 {
			c.add("header.certification", 0, "capture device certification", h.certification, "capture device certification is 0x%02X, want 0x00 or 0x80", r.DeviceCertification)
		}
	case iso.FMR2011:
		if r.CertificationFlag > 1 {
			c.add("header.certification", 0, "certification flag", h.certification, "certification flag is %d, want 0 or 1", r.CertificationFlag)
		}
	}
	if f == iso.FMR2005 || f == iso.ANSI378v2004 {
		if r.Width == 0 || r.Height == 0 {
			c.add("header.size", 0, "image size", h.width, "image size is %dx%d; width and height must not be zero", r.Width, r.Height)
		}
		if r.XRes == 0 || r.YRes == 0 {
			c.add("header.resolution", 0, "resolution", h.xres, "resolution is %dx%d pixels per cm; neither may be zero (197 is 500 ppi)", r.XRes, r.YRes)
		}
	}
	off := h.size
	type pv struct{ pos, num uint8 }
	seen := map[pv]int{}
	for i := range r.Views {
		v := &r.Views[i]
		l := fmrViewLayout(f, v, r.CertificationFlag != 0, off)
		c.checkMinutiaeView(i+1, v, l)
		k := pv{v.Position, v.ViewNumber}
		if first, dup := seen[k]; dup {
			c.add("view.duplicate", i+1, "view number", l.fieldAt("view number", "view number and impression type"), "view %d repeats finger position %d view number %d of view %d", i+1, v.Position, v.ViewNumber, first)
		} else {
			seen[k] = i + 1
		}
		off = l.end
	}
	c.checkRecordLength(r.DeclaredLength, off, len(r.Trailing))
}

func (l fmrView) fieldAt(names ...string) int64 {
	for _, n := range names {
		if o, ok := l.field[n]; ok {
			return o
		}
	}
	return l.start
}

// checkRecordLength checks the record length against the record: end is
// where the last view ends, trailing the bytes kept after it.
func (c *isoChecker) checkRecordLength(declared uint64, end int64, trailing int) {
	size := uint64(end) + uint64(trailing)
	if c.raw != nil {
		size = uint64(len(c.raw))
	}
	if declared != 0 && declared != size {
		c.add("header.length", 0, "record length", 8, "record length is %d, but the record has %d bytes", declared, size)
	}
	if trailing > 0 {
		c.add("record.trailing", 0, "", end, "%d bytes follow the last view; the record length must end the record where its last view ends", trailing)
	}
}

func (c *isoChecker) checkMinutiaeView(n int, v *iso.MinutiaeView, l fmrView) {
	f := c.f
	if f == iso.FMR2011 || familyOf(f) == famANSI2009 {
		if v.Width == 0 || v.Height == 0 {
			c.add("view.size", n, "image size", l.field["image width"], "image size is %dx%d; width and height must not be zero", v.Width, v.Height)
		}
		if v.XRes == 0 || v.YRes == 0 {
			c.add("view.resolution", n, "resolution", l.field["x resolution"], "resolution is %dx%d pixels per cm; neither may be zero (197 is 500 ppi)", v.XRes, v.YRes)
		}
		if v.ViewNumber > 15 {
			c.add("view.number", n, "view number", l.field["view number"], "view number is %d, want 0-15", v.ViewNumber)
		}
	}
	if v.Position > 10 {
		c.add("view.position", n, "finger position", l.field["finger position"], "finger position is %d, want 0 (unknown) or 1-10", v.Position)
	}
	imp := impressions2005
	switch familyOf(f) {
	case famANSI2009:
		imp = impressions2009
	case famFMR2011:
		imp = impressions2011
	}
	if !imp[int(v.Impression)] {
		c.add("view.impression", n, "impression type", l.fieldAt("impression type", "view number and impression type"), "impression type %d is not in the edition's table", v.Impression)
	}
	special := f == iso.FMR2011 || familyOf(f) == famANSI2009
	if f != iso.FMR2011 && v.Quality > 100 && !(special && v.Quality >= 254) {
		c.add("view.quality", n, "finger quality", l.field["finger quality"], "finger quality is %d, want 0-100%s", v.Quality, ifStr(special, ", 254 or 255"))
	}
	if f == iso.FMR2011 {
		if v.MinutiaSize != 5 && v.MinutiaSize != 6 {
			c.add("view.minutia.size", n, "minutia size", l.field["minutia size and ridge ending type"], "minutia record size is %d, want 5 or 6", v.MinutiaSize)
		}
		if v.EndingType > 1 {
			c.add("view.endingtype", n, "ridge ending type", l.field["minutia size and ridge ending type"], "ridge ending type is %d, want 0 or 1", v.EndingType)
		}
		c.checkCapture("view", n, v.Capture, l.field["capture date and time"])
		if len(v.Trailing) > 0 {
			c.add("view.length", n, "representation length", l.start, "%d bytes follow the extended data inside the representation; the representation length must end it there", len(v.Trailing))
		}
	}
	maxAngle := 255
	if isANSI378(f) {
		maxAngle = 179
	}
	for j, m := range v.Minutiae {
		mo := l.min + int64(j)*l.msize
		field := "minutia " + itoa(j+1)
		if m.Type == 3 {
			c.add("view.minutia.type", n, field+" type", mo, "minutia %d has type 3, which is reserved", j+1)
		}
		if m.Reserved != 0 {
			c.add("view.minutia.reserved", n, field+" y", mo+2, "minutia %d sets the reserved bits above Y to %d", j+1, m.Reserved)
		}
		if int(m.Angle) > maxAngle {
			c.add("view.minutia.angle", n, field+" angle", mo+4, "minutia %d has angle %d, want 0-179 (2-degree units)", j+1, m.Angle)
		}
		if l.msize == 6 && m.Quality > 100 && !(special && m.Quality >= 254) {
			c.add("view.minutia.quality", n, field+" quality", mo+5, "minutia %d has quality %d, want 0-100%s", j+1, m.Quality, ifStr(special, ", 254 or 255"))
		}
		if (v.Width > 0 && m.X >= v.Width) || (v.Height > 0 && m.Y >= v.Height) {
			c.add("view.minutia.location", n, field+" x, y", mo, "minutia %d at (%d, %d) lies outside the %dx%d image", j+1, m.X, m.Y, v.Width, v.Height)
		}
	}
	c.checkExtended(n, v, l)
}

func ifStr(b bool, s string) string {
	if b {
		return s
	}
	return ""
}

func (c *isoChecker) checkExtended(n int, v *iso.MinutiaeView, l fmrView) {
	f := c.f
	if l.ext < 0 {
		c.add("view.ext.length", n, "extended data length", l.end, "the representation ends before its extended data length field")
		return
	}
	declaredSum, actual := 0, 0
	for i := range v.Extensions {
		b := &v.Extensions[i]
		size := 4 + blockContentLen(b, f)
		actual += size
		if b.DeclaredLength != 0 {
			declaredSum += int(b.DeclaredLength)
		} else {
			declaredSum += size
		}
	}
	total := declaredSum
	if v.ExtDeclaredLength != 0 {
		total = int(v.ExtDeclaredLength)
	}
	if total != actual {
		c.add("view.ext.length", n, "extended data length", l.ext, "extended data length is %d, but its blocks hold %d bytes", total, actual)
	}
	for i := range v.Extensions {
		b := &v.Extensions[i]
		bo := l.block[i]
		field := "extended data block " + itoa(i+1)
		size := 4 + blockContentLen(b, f)
		if b.DeclaredLength != 0 && int(b.DeclaredLength) != size {
			c.add("view.ext.block.length", n, field+" length", bo+2, "block length is %d, but %d bytes of the block are present", b.DeclaredLength, size)
		}
		switch {
		case b.Type == 0, b.Type > iso.BlockZonalQuality && b.Type < 0x0100:
			c.add("view.ext.block.type", n, field+" type", bo, "block type 0x%04X is reserved", b.Type)
		case b.Type == iso.BlockZonalQuality && isANSI378(f):
			c.add("view.ext.block.type", n, field+" type", bo, "block type 0x0003 (zonal quality) is not defined in INCITS 378")
		case b.Type == iso.BlockRidgeCount:
			c.checkRidgeCounts(n, v, b, bo+4, field)
		case b.Type == iso.BlockCoreDelta:
			c.checkCoreDelta(n, v, b, bo+4, field)
		case b.Type == iso.BlockZonalQuality:
			c.checkZonal(n, v, b, bo+4, field)
		}
	}
}

func (c *isoChecker) checkRidgeCounts(n int, v *iso.MinutiaeView, b *iso.ExtendedBlock, off int64, field string) {
	rc := b.RidgeCounts
	if rc == nil {
		c.add("view.ext.ridgecount.structure", n, field, off, "%d data bytes are not a method byte and whole (index, index, count) triples", blockContentLen(b, c.f))
		return
	}
	if rc.Method > 2 {
		c.add("view.ext.ridgecount.method", n, field+" method", off, "ridge count extraction method is %d, want 0, 1 or 2", rc.Method)
	}
	// The indices are 1-based minutia numbers in NIST biomdi and
	// libbiomeval, 0-based in FingerprintIO (STANDARDS.md §7.1). In the
	// 1-based reading (i, 0, 0) is a neighbour slot left empty, as NIST's
	// fmr.ansi2004 fills its eight-neighbour lists; a block with any other
	// index 0 is read as 0-based.
	nm := len(v.Minutiae)
	empty := func(k iso.RidgeCount) bool { return k.Index2 == 0 && k.Count == 0 }
	zeroBased := false
	for _, k := range rc.Counts {
		if k.Index1 == 0 || (k.Index2 == 0 && !empty(k)) {
			zeroBased = true
		}
	}
	lo, hi := 1, nm
	if zeroBased {
		lo, hi = 0, nm-1
	}
	for j, k := range rc.Counts {
		idxs := []uint8{k.Index1, k.Index2}
		if !zeroBased && empty(k) {
			idxs = idxs[:1]
		}
		for _, idx := range idxs {
			if int(idx) < lo || int(idx) > hi {
				c.add("view.ext.ridgecount.index", n, field+" count "+itoa(j+1), off+1+3*int64(j), "ridge count %d refers to minutia index %d, but the view has %d minutiae (indices %d-%d)", j+1, idx, nm, lo, hi)
				break
			}
		}
	}
}

func (c *isoChecker) checkCoreDelta(n int, v *iso.MinutiaeView, b *iso.ExtendedBlock, off int64, field string) {
	cd := b.CoreDelta
	if cd == nil {
		c.add("view.ext.coredelta.structure", n, field, off, "%d data bytes do not hold the cores and deltas their counts announce", blockContentLen(b, c.f))
		return
	}
	ansi := isANSI378(c.f)
	if ansi {
		if cd.CoreInfo>>6 > 1 {
			c.add("view.ext.coredelta.type", n, field+" core type", off, "core type bits are %d, want 0 or 1", cd.CoreInfo>>6)
		}
	} else if cd.CoreInfo != 0 {
		c.add("view.ext.coredelta.type", n, field+" number of cores", off, "the reserved bits of the number of cores are 0x%02X, want 0", cd.CoreInfo)
	}
	o := off + 1
	outside := func(kind string, i int, x, y uint16, at int64) {
		if (v.Width > 0 && x >= v.Width) || (v.Height > 0 && y >= v.Height) {
			c.add("view.ext.coredelta.location", n, field+" "+kind+" "+itoa(i+1), at, "%s %d at (%d, %d) lies outside the %dx%d image", kind, i+1, x, y, v.Width, v.Height)
		}
	}
	for i, k := range cd.Cores {
		if !ansi && k.Type > 1 {
			c.add("view.ext.coredelta.type", n, field+" core "+itoa(i+1), o, "core %d has type %d, want 0 or 1", i+1, k.Type)
		}
		outside("core", i, k.X, k.Y, o)
		if k.HasAngle && ansi && k.Angle > 179 {
			c.add("view.ext.coredelta.angle", n, field+" core "+itoa(i+1)+" angle", o+4, "core %d has angle %d, want 0-179", i+1, k.Angle)
		}
		o += 4
		if k.HasAngle {
			o++
		}
	}
	if ansi {
		if cd.DeltaInfo>>6 > 1 {
			c.add("view.ext.coredelta.type", n, field+" delta type", o, "delta type bits are %d, want 0 or 1", cd.DeltaInfo>>6)
		}
	} else if cd.DeltaInfo != 0 {
		c.add("view.ext.coredelta.type", n, field+" number of deltas", o, "the reserved bits of the number of deltas are 0x%02X, want 0", cd.DeltaInfo)
	}
	o++
	for i, k := range cd.Deltas {
		if !ansi && k.Type > 1 {
			c.add("view.ext.coredelta.type", n, field+" delta "+itoa(i+1), o, "delta %d has type %d, want 0 or 1", i+1, k.Type)
		}
		outside("delta", i, k.X, k.Y, o)
		if k.HasAngle && ansi {
			for j, a := range k.Angles {
				if a > 179 {
					c.add("view.ext.coredelta.angle", n, field+" delta "+itoa(i+1)+" angle", o+4+int64(j), "delta %d has angle %d, want 0-179", i+1, a)
					break
				}
			}
		}
		o += 4
		if k.HasAngle {
			o += 3
		}
	}
}

// checkZonal checks a zonal quality block: cell width, cell height, bits
// per cell (1-8), then the cells of the image row by row, packed.
func (c *isoChecker) checkZonal(n int, v *iso.MinutiaeView, b *iso.ExtendedBlock, off int64, field string) {
	d := b.Data
	if len(d) < 3 {
		c.add("view.ext.zonal.structure", n, field, off, "zonal quality data of %d bytes is shorter than its 3-byte header", len(d))
		return
	}
	cw, ch, bits := int(d[0]), int(d[1]), int(d[2])
	if cw == 0 || ch == 0 || bits < 1 || bits > 8 {
		c.add("view.ext.zonal.structure", n, field, off, "cell size %dx%d with %d bits per cell: cells must not be empty and bits must be 1-8", cw, ch, bits)
		return
	}
	cells := ((int(v.Width) + cw - 1) / cw) * ((int(v.Height) + ch - 1) / ch)
	if want := 3 + (cells*bits+7)/8; len(d) != want {
		c.add("view.ext.zonal.structure", n, field, off, "zonal quality data is %d bytes; %d cells of %d bits need %d", len(d), cells, bits, want)
	}
}

// checkCard checks a 19794-2:2005 card format record (minutiae only).
func (c *isoChecker) checkCard(r *iso.MinutiaeRecord) {
	size := int64(5)
	if c.f == iso.FMR2005CardCompact {
		size = 3
	}
	for _, v := range r.Views {
		for j, m := range v.Minutiae {
			if m.Type == 3 {
				c.add("card.minutia.type", 1, "minutia "+itoa(j+1)+" type", int64(j)*size, "minutia %d has type 3, which is reserved", j+1)
			}
		}
	}
}
