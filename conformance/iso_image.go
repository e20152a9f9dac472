package conformance

import (
	"errors"
	"image"
	"image/color"
	"strconv"

	"github.com/biogate/biogate/codec"
	"github.com/biogate/biogate/iso"
)

func itoa(i int) string { return strconv.Itoa(i) }

// check dispatches on the record's kind.
func (c *isoChecker) check(rec iso.Record) {
	switch r := rec.(type) {
	case *iso.MinutiaeRecord:
		c.checkMinutiae(r)
	case *iso.FingerImageRecord:
		c.checkFingerImage(r)
	case *iso.FaceRecord:
		c.checkFace(r)
	case *iso.IrisRecord:
		c.checkIris(r)
	}
}

// checkCapture checks a 19794-1:2011 representation header at off (the
// capture date and time, just after the representation length). part is
// "view" or "image", the assertion family.
func (c *isoChecker) checkCapture(part string, n int, cp *iso.Capture, off int64) {
	if cp == nil {
		return
	}
	d := cp.DateTime
	type comp struct {
		name    string
		v, max  int
		unknown int
		at      int64
	}
	parts := []comp{
		{"year", int(d.Year), 0xFFFE, 0xFFFF, 0},
		{"month", int(d.Month), 12, 0xFF, 2},
		{"day", int(d.Day), 31, 0xFF, 3},
		{"hour", int(d.Hour), 23, 0xFF, 4},
		{"minute", int(d.Minute), 59, 0xFF, 5},
		{"second", int(d.Second), 59, 0xFF, 6},
		{"millisecond", int(d.Millisecond), 999, 0xFFFF, 7},
	}
	unknown := ""
	for _, p := range parts {
		min := 0
		if p.name == "month" || p.name == "day" {
			min = 1
		}
		switch {
		case p.v == p.unknown:
			if unknown == "" {
				unknown = p.name
			}
		case unknown != "":
			c.add(part+".capture.datetime", n, "capture "+p.name, off+p.at, "capture %s is %d although the %s is unknown; every part after an unknown one must be unknown (all ones)", p.name, p.v, unknown)
			return
		case p.v < min || p.v > p.max:
			c.add(part+".capture.datetime", n, "capture "+p.name, off+p.at, "capture %s is %d, want %d-%d or all ones (unknown)", p.name, p.v, min, p.max)
			return
		}
	}
	for k, q := range cp.Quality {
		if q.Score > 100 && q.Score != 255 {
			c.add(part+".capture.quality", n, "quality block "+itoa(k+1)+" score", off+9+1+2+2+1+5*int64(k), "quality score is %d, want 0-100 or 255 (failed)", q.Score)
		}
	}
}

// --- Finger images (19794-4, INCITS 381) ---

func (c *isoChecker) checkFingerImage(r *iso.FingerImageRecord) {
	f := c.f
	var hdr int64
	d := int64(0)
	switch f {
	case iso.FIR2005:
		hdr = 32
	case iso.ANSI381v2004:
		hdr, d = 36, 4
	case iso.FIR2011:
		hdr = 16
	}
	if len(r.Views) == 0 {
		c.add("header.views", 0, "number of finger images", ifOff(f == iso.FIR2011, 12, 18+d), "the record holds no finger images")
	}
	if f != iso.FIR2011 {
		if !acquisition2005[int(r.AcquisitionLevel)] {
			c.add("header.acquisition", 0, "image acquisition level", 16+d, "image acquisition level is %d, want 10, 20, 30, 31, 40 or 41", r.AcquisitionLevel)
		}
		if r.ScaleUnits != 1 && r.ScaleUnits != 2 {
			c.add("header.scaleunits", 0, "scale units", 19+d, "scale units are %d, want 1 (ppi) or 2 (ppcm)", r.ScaleUnits)
		}
		if r.ScanXRes == 0 || r.ScanYRes == 0 || r.XRes == 0 || r.YRes == 0 {
			c.add("header.resolution", 0, "resolution", 20+d, "scan resolution %dx%d, image resolution %dx%d: none may be zero", r.ScanXRes, r.ScanYRes, r.XRes, r.YRes)
		}
		if r.BitDepth < 1 || r.BitDepth > 16 {
			c.add("header.depth", 0, "pixel depth", 28+d, "pixel depth is %d, want 1-16", r.BitDepth)
		}
		if _, ok := codec.FromISO(codec.Edition(f), int(r.Compression)); !ok {
			c.add("header.compression", 0, "compression algorithm", 29+d, "compression algorithm %d is not in the edition's table (0-5)", r.Compression)
		}
		if r.Reserved != 0 {
			c.add("header.reserved", 0, "reserved", 30+d, "reserved bytes are 0x%04X, want 0", r.Reserved)
		}
	} else if r.CertificationFlag > 1 {
		c.add("header.certification", 0, "certification flag", 14, "certification flag is %d, want 0 or 1", r.CertificationFlag)
	}
	positions := map[uint8]int{}
	counts := map[uint8]int{}
	type pv struct{ pos, num uint8 }
	seen := map[pv]int{}
	off := hdr
	for i := range r.Views {
		v := &r.Views[i]
		n := i + 1
		var fo map[string]int64
		var img, end int64
		if f == iso.FIR2011 {
			p := off + 4 + int64(captureLen(v.Capture, r.CertificationFlag != 0))
			fo = map[string]int64{"position": p, "number": p + 1, "scale": p + 2, "res": p + 3, "depth": p + 11,
				"compression": p + 12, "impression": p + 13, "width": p + 14}
			img = p + 22
			end = img + int64(len(v.Image)) + int64(len(v.Extended))
			c.checkCapture("view", n, v.Capture, off+4)
		} else {
			fo = map[string]int64{"position": off + 4, "count": off + 5, "number": off + 6, "quality": off + 7,
				"impression": off + 8, "width": off + 9, "reserved": off + 13}
			img = off + 14
			end = img + int64(len(v.Image))
		}
		pos := int(v.Position)
		if !firPositions[pos] && !palmPositions[pos] && !(f == iso.FIR2011 && multiPositions[pos]) {
			c.add("view.position", n, "finger/palm position", fo["position"], "finger or palm position %d is not in the edition's table", v.Position)
		}
		imp := impressionsFIR
		if f == iso.FIR2011 {
			imp = impressionsFIRn
		}
		if !imp[int(v.Impression)] {
			c.add("view.impression", n, "impression type", fo["impression"], "impression type %d is not in the edition's table", v.Impression)
		}
		if v.Width == 0 || v.Height == 0 {
			c.add("view.size", n, "line lengths", fo["width"], "image size is %dx%d; neither line length may be zero", v.Width, v.Height)
		}
		if f == iso.FIR2011 {
			if v.ScaleUnits != 1 && v.ScaleUnits != 2 {
				c.add("view.scaleunits", n, "scale units", fo["scale"], "scale units are %d, want 1 (ppi) or 2 (ppcm)", v.ScaleUnits)
			}
			if v.ScanXRes == 0 || v.ScanYRes == 0 || v.XRes == 0 || v.YRes == 0 {
				c.add("view.resolution", n, "sampling rates", fo["res"], "capture sampling rate %dx%d, image sampling rate %dx%d: none may be zero", v.ScanXRes, v.ScanYRes, v.XRes, v.YRes)
			}
			if v.BitDepth < 1 || v.BitDepth > 16 {
				c.add("view.depth", n, "bit depth", fo["depth"], "bit depth is %d, want 1-16", v.BitDepth)
			}
			if _, ok := codec.FromISO(codec.FIR2011, int(v.Compression)); !ok {
				c.add("view.compression", n, "compression algorithm", fo["compression"], "compression algorithm %d is not in the edition's table (0-6)", v.Compression)
			}
			c.checkFIRExtended(n, v.Extended, img+int64(len(v.Image)))
		} else {
			if v.Quality > 100 && v.Quality != 254 {
				c.add("view.quality", n, "image quality", fo["quality"], "image quality is %d, want 0-100 or 254 (undefined)", v.Quality)
			}
			if v.Reserved != 0 {
				c.add("view.reserved", n, "reserved", fo["reserved"], "reserved byte is %d, want 0", v.Reserved)
			}
			positions[v.Position]++
			if _, ok := counts[v.Position]; !ok {
				counts[v.Position] = int(v.ViewCount)
			}
			if v.ViewCount == 0 || v.ViewNumber == 0 || v.ViewNumber > v.ViewCount {
				c.add("view.count", n, "view number", fo["number"], "view number %d of count of views %d: the count must be at least 1 and the number 1 to the count", v.ViewNumber, v.ViewCount)
			}
		}
		k := pv{v.Position, v.ViewNumber}
		if first, dup := seen[k]; dup {
			c.add("view.duplicate", n, "view number", fo["number"], "view %d repeats position %d view number %d of view %d", n, v.Position, v.ViewNumber, first)
		} else {
			seen[k] = n
		}
		if v.BitDepth >= 1 && v.BitDepth <= 16 && v.Width > 0 && v.Height > 0 && c.checkRawLength(n, v, img) && c.max >= Level3 {
			c.checkImage("view.image", n, codec.Edition(f), int(v.Compression), v.Image, img, int(v.Width), int(v.Height), int(v.BitDepth))
		}
		off = end
	}
	if f != iso.FIR2011 {
		reported := map[uint8]bool{}
		off = hdr
		for i := range r.Views {
			v := &r.Views[i]
			if got, want := positions[v.Position], counts[v.Position]; want > 0 && got != want && !reported[v.Position] {
				reported[v.Position] = true
				c.add("view.count", i+1, "count of views", off+5, "position %d declares %d views, but %d are present", v.Position, want, got)
			}
			off += 14 + int64(len(v.Image))
		}
	} else if r.FingersPresent != 0 {
		distinct := map[uint8]bool{}
		for _, v := range r.Views {
			distinct[v.Position] = true
		}
		if int(r.FingersPresent) != len(distinct) {
			c.add("header.fingers", 0, "number of fingers/palms present", 15, "the header says %d fingers or palms are present, the representations show %d", r.FingersPresent, len(distinct))
		}
	}
	c.checkRecordLength(r.DeclaredLength, off, len(r.Trailing))
}

func ifOff(b bool, x, y int64) int64 {
	if b {
		return x
	}
	return y
}

// checkFIRExtended checks that the extended data after a 19794-4:2011
// image is a chain of blocks (type 2, length 2 counting the header) that
// ends where the representation ends. The block layout has a single
// source (MOSIP), so a mismatch is a warning.
func (c *isoChecker) checkFIRExtended(n int, ext []byte, off int64) {
	p := 0
	for p < len(ext) {
		if len(ext)-p < 4 {
			break
		}
		l := int(ext[p+2])<<8 | int(ext[p+3])
		if l < 4 || p+l > len(ext) {
			break
		}
		p += l
	}
	if p != len(ext) {
		c.warn("view.ext.length", n, "extended data", off+int64(p), "%d bytes after the image data are not a whole number of extended data blocks", len(ext)-p)
	}
}

// checkRawLength checks the length of uncompressed image data; it reports
// whether the image data is worth decoding.
func (c *isoChecker) checkRawLength(n int, v *iso.FingerImageView, off int64) bool {
	comp, ok := codec.FromISO(codec.Edition(c.f), int(v.Compression))
	if !ok {
		return false
	}
	if comp != codec.None && comp != codec.NoneBitPacked {
		return true
	}
	w, h, d := int64(v.Width), int64(v.Height), int64(v.BitDepth)
	var want int64
	switch {
	case comp == codec.NoneBitPacked:
		want = (w*d + 7) / 8 * h
	case d <= 8:
		want = w * h
	case d <= 16:
		want = 2 * w * h
	default:
		want = (d + 7) / 8 * w * h
	}
	if int64(len(v.Image)) != want {
		c.add("view.image.length", n, "image data", off, "uncompressed image data is %d bytes; %dx%d pixels of %d bits need %d", len(v.Image), w, h, d, want)
		return false
	}
	return true
}

// checkImage is Level 3: the image data decodes as the code declares, to
// the declared size and depth (depth 0: not checked). part names the
// assertions ("view.image" or "image.data").
func (c *isoChecker) checkImage(part string, n int, ed codec.Edition, code int, data []byte, off int64, w, h, depth int) {
	comp, ok := codec.FromISO(ed, code)
	if !ok || len(data) == 0 {
		return
	}
	if err := codec.Check(comp, data); err != nil {
		c.add(part+".compression", n, "image data", off, "image data declared %s: %v", comp, err)
		return
	}
	var raw *codec.RawLayout
	if comp == codec.None || comp == codec.NoneBitPacked {
		if w <= 0 || h <= 0 || depth <= 0 {
			return // the size or depth is reported at level 1
		}
		raw = &codec.RawLayout{Width: w, Height: h, Depth: depth}
	}
	m, err := codec.Decode(data, comp, raw)
	if err != nil {
		var ue *codec.UnsupportedError
		if errors.As(err, &ue) {
			c.warn(part+".decode", n, "image data", off, "%s image data not checked: %s", comp, ue.Feature)
			return
		}
		c.add(part+".decode", n, "image data", off, "%s image data does not decode: %v", comp, err)
		return
	}
	b := m.Bounds()
	if w > 0 && h > 0 && (b.Dx() != w || b.Dy() != h) {
		c.add(part+".size", n, "image data", off, "the %s image is %dx%d, the record declares %dx%d", comp, b.Dx(), b.Dy(), w, h)
	}
	if depth == 0 || raw != nil {
		return
	}
	if got, want := depthClass(m), declaredClass(depth); want != "" && got != "" && got != want {
		c.add(part+".depth", n, "image data", off, "the %s image is %s, the record declares %d bits per pixel", comp, got, depth)
	}
}

func depthClass(m image.Image) string {
	switch m.ColorModel() {
	case color.GrayModel:
		return "8-bit grey"
	case color.Gray16Model:
		return "16-bit grey"
	}
	switch m.(type) {
	case *image.Paletted:
		return ""
	}
	return "colour"
}

func declaredClass(depth int) string {
	switch {
	case depth >= 1 && depth <= 8:
		return "8-bit grey"
	case depth <= 16:
		return "16-bit grey"
	case depth == 24 || depth == 48:
		return "colour"
	}
	return ""
}
