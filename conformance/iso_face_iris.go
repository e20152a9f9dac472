package conformance

import (
	"github.com/biogate/biogate/codec"
	"github.com/biogate/biogate/iso"
)

// Face code tables: 19794-5:2005 clause 5.5 (and the 2011 edition);
// INCITS 385-2004 adds its own eye colours (STANDARDS.md §8.3).
var (
	faceGenders       = codeSet(0, 1, 2, 3, 0xFF)
	faceEyes          = codeSet(0, 1, 2, 3, 4, 5, 6, 7, 8, 0xFF)
	faceEyes385       = codeSet(0, 1, 2, 3, 4, 5, 6, 7, 8, 0x10, 0x12, 0x20, 0x22, 0xFF)
	faceHair          = codeSet(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xFF)
	faceTypes2005     = codeSet(0, 1, 2, 3)
	faceTypes2011     = codeSet(0, 1, 2, 3, 0x80, 0x81, 0x82)
	faceColours2005   = codeSet(0, 1, 2, 3, 4)
	faceColours2011   = codeSet(0, 1, 2, 3, 4, 5, 6)
	irisImageTypes    = codeSet(1, 2, 3, 7)
	facePropertyBits  = uint32(0x7FF)
	faceExpressionMax = uint16(7)
)

func (c *isoChecker) checkFace(r *iso.FaceRecord) {
	f := c.f
	y2011 := f == iso.Face2011
	hdr := int64(14)
	if y2011 {
		hdr = 17
		if r.CertificationFlag > 1 {
			c.add("header.certification", 0, "certification flag", 14, "certification flag is %d, want 0 or 1", r.CertificationFlag)
		}
	}
	if len(r.Images) == 0 {
		c.add("header.views", 0, "number of facial images", 12, "the record holds no facial images")
	}
	off := hdr
	for i := range r.Images {
		im := &r.Images[i]
		n := i + 1
		p := off + 4 // facial information
		if y2011 {
			c.checkCapture("image", n, im.Capture, off+4)
			p += int64(captureLen(im.Capture, false))
		}
		at := func(rel2005, rel2011 int64) int64 {
			if y2011 {
				return p + rel2011
			}
			return p + rel2005
		}
		if !faceGenders[int(im.Gender)] {
			c.add("image.gender", n, "gender", at(2, 2), "gender is %d, want 0 (unspecified), 1 (male), 2 (female), 3 or 0xFF (unknown)", im.Gender)
		}
		if f == iso.ANSI385v2004 {
			if !faceEyes385[int(im.EyeColour)] {
				c.warn("image.eyecolour", n, "eye colour", at(3, 3), "eye colour %d is in neither the INCITS 385 nor the ISO table", im.EyeColour)
			}
		} else if !faceEyes[int(im.EyeColour)] {
			c.add("image.eyecolour", n, "eye colour", at(3, 3), "eye colour is %d, want 0-7 or 0xFF (unknown)", im.EyeColour)
		}
		if !faceHair[int(im.HairColour)] {
			if f == iso.ANSI385v2004 {
				c.warn("image.haircolour", n, "hair colour", at(4, 4), "hair colour %d is not in the ISO table (INCITS 385's own table is not transcribed)", im.HairColour)
			} else {
				c.add("image.haircolour", n, "hair colour", at(4, 4), "hair colour is %d, want 0-9 or 0xFF (unknown)", im.HairColour)
			}
		}
		props := at(5, 6)
		switch {
		case im.Properties&^facePropertyBits != 0:
			c.add("image.properties", n, "property mask", props, "property mask 0x%06X sets undefined bits 0x%06X", im.Properties, im.Properties&^facePropertyBits)
		case im.Properties&iso.FacePropertiesSpecified == 0 && im.Properties != 0:
			c.add("image.properties", n, "property mask", props, "property mask 0x%06X sets properties while bit 0 (properties specified) is clear", im.Properties)
		}
		if im.Expression > faceExpressionMax && im.Expression < 0x8000 {
			c.add("image.expression", n, "expression", at(8, 9), "expression is %d, want 0-7 or vendor specific (0x8000 and above)", im.Expression)
		}
		for k, a := range append(im.Pose[:], im.PoseUncertainty[:]...) {
			if a > 181 {
				what := [...]string{"yaw", "pitch", "roll", "yaw uncertainty", "pitch uncertainty", "roll uncertainty"}[k]
				c.add("image.pose", n, "pose angle "+what, at(10, 11)+int64(k), "pose %s is %d, want 0 (unspecified) or 1-181", what, a)
			}
		}
		pts := at(16, 17)
		for k, fp := range im.FeaturePoints {
			po := pts + 8*int64(k)
			field := "feature point " + itoa(k+1)
			if fp.Type != 1 && !(y2011 && fp.Type >= 1 && fp.Type <= 3) {
				c.add("image.featurepoint.type", n, field+" type", po, "feature point %d has type %d, want 1 (2D MPEG-4)%s", k+1, fp.Type, ifStr(y2011, ", 2 or 3"))
			} else if fp.Type == 1 && (fp.Major() < 2 || fp.Major() > 11 || fp.Minor() < 1) {
				c.add("image.featurepoint.code", n, field+" code", po+1, "feature point %d has code %d.%d, which is not an MPEG-4 feature point (groups 2-11)", k+1, fp.Major(), fp.Minor())
			}
			if !y2011 && fp.Z != 0 {
				c.add("image.featurepoint.reserved", n, field+" reserved", po+6, "feature point %d sets its reserved bytes to 0x%04X, want 0", k+1, fp.Z)
			}
			if (im.Width > 0 && fp.X >= im.Width) || (im.Height > 0 && fp.Y >= im.Height) {
				c.add("image.featurepoint.location", n, field+" x, y", po+2, "feature point %d at (%d, %d) lies outside the %dx%d image", k+1, fp.X, fp.Y, im.Width, im.Height)
			}
		}
		q := pts + 8*int64(len(im.FeaturePoints)) // image information
		types, colours := faceTypes2005, faceColours2005
		if y2011 {
			types, colours = faceTypes2011, faceColours2011
		}
		if !types[int(im.ImageType)] {
			c.add("image.type", n, "face image type", q, "face image type %d is not in the edition's table", im.ImageType)
		}
		if _, ok := codec.FromISO(codec.Edition(f), int(im.ImageDataType)); !ok {
			c.add("image.datatype", n, "image data type", q+1, "image data type %d is not in the edition's table", im.ImageDataType)
		}
		if im.Width == 0 || im.Height == 0 {
			c.add("image.size", n, "width, height", q+2, "image size is %dx%d; neither may be zero", im.Width, im.Height)
		}
		csAt, img := q+6, q+12
		if y2011 {
			csAt, img = q+10, q+15
		}
		if !colours[int(im.ColourSpace)] && im.ColourSpace < 128 {
			c.add("image.colourspace", n, "image colour space", csAt, "colour space %d is not in the edition's table", im.ColourSpace)
		}
		if !y2011 && im.SourceType > 7 {
			c.add("image.sourcetype", n, "source type", q+7, "source type is %d, want 0-7", im.SourceType)
		}
		end := img + int64(len(im.Image)) + int64(len(im.Extra))
		if im.DeclaredLength != 0 && int64(im.DeclaredLength) != end-off {
			c.add("image.length", n, "representation length", off, "length is %d, but the image holds %d bytes", im.DeclaredLength, end-off)
		}
		if c.max >= Level3 {
			c.checkImage("image.data", n, codec.Edition(f), int(im.ImageDataType), im.Image, img, int(im.Width), int(im.Height), 0)
		}
		off = end
	}
	c.checkRecordLength(r.DeclaredLength, off, len(r.Trailing))
}

// --- Iris images (19794-6) ---

func (c *isoChecker) checkIris(r *iso.IrisRecord) {
	if c.f == iso.Iris2011 {
		c.checkIris2011(r)
		return
	}
	if r.HeaderLength != nil && *r.HeaderLength != 45 {
		c.add("header.headerlength", 0, "record header length", 15, "record header length is %d, want 45", *r.HeaderLength)
	}
	if _, ok := codec.FromISO(codec.Iris2005, int(r.ImageFormat2005)); !ok {
		c.add("header.imageformat", 0, "image format", 21, "image format %d is not in the edition's table", r.ImageFormat2005)
	}
	if r.Width == 0 || r.Height == 0 {
		c.add("header.size", 0, "raw image width, height", 23, "image size is %dx%d; neither may be zero", r.Width, r.Height)
	}
	if r.BitDepth < 1 || (r.BitDepth > 16 && r.BitDepth != 24 && r.BitDepth != 48) {
		c.add("header.depth", 0, "intensity depth", 27, "intensity depth is %d, want 1-16 (24 or 48 for colour)", r.BitDepth)
	}
	if len(r.Images) == 0 {
		c.add("header.views", 0, "number of iris subtypes", 14, "the record holds no iris images")
	}
	// Group the images under subtype headers as the encoder does: as
	// Subtypes says when its counts add up, else one per run of one eye.
	groups := r.Subtypes
	sum := 0
	for _, s := range groups {
		sum += int(s.Images)
	}
	if sum != len(r.Images) {
		groups = nil
		for i, im := range r.Images {
			if i == 0 || im.Eye != r.Images[i-1].Eye {
				groups = append(groups, iso.IrisSubtype{Eye: im.Eye})
			}
			groups[len(groups)-1].Images++
		}
	}
	eyes := map[uint8]bool{}
	off := int64(45)
	if len(groups) > 2 {
		c.add("header.subtypes", 0, "number of iris subtypes", 14, "%d eye subtypes; a record holds at most two (left and right)", len(groups))
	}
	type en struct {
		eye uint8
		num uint16
	}
	seen := map[en]int{}
	i := 0
	for g, s := range groups {
		if eyes[s.Eye] {
			c.add("header.subtypes", 0, "subtype identifier", off, "subtype %d repeats eye %d", g+1, s.Eye)
		}
		eyes[s.Eye] = true
		if s.Eye > 2 {
			c.add("image.eye", i+1, "subtype identifier", off, "subtype %d has eye %d, want 0 (undefined), 1 (right) or 2 (left)", g+1, s.Eye)
		}
		off += 3
		for k := 0; k < int(s.Images) && i < len(r.Images); k++ {
			im := &r.Images[i]
			n := i + 1
			if im.Quality > 100 && im.Quality < 254 {
				c.add("image.quality", n, "image quality", off+2, "image quality is %d, want 0-100, 254 or 255", im.Quality)
			}
			key := en{im.Eye, im.Number}
			if first, dup := seen[key]; dup {
				c.add("image.duplicate", n, "image number", off, "image %d repeats image number %d of eye %d (image %d)", n, im.Number, im.Eye, first)
			} else {
				seen[key] = n
			}
			img := off + 11
			if c.max >= Level3 {
				c.checkImage("image.data", n, codec.Iris2005, int(r.ImageFormat2005), im.Image, img, int(r.Width), int(r.Height), int(r.BitDepth))
			}
			off = img + int64(len(im.Image))
			i++
		}
	}
	c.checkRecordLength(r.DeclaredLength, off, len(r.Trailing))
}

func (c *isoChecker) checkIris2011(r *iso.IrisRecord) {
	if r.CertificationFlag > 1 {
		c.add("header.certification", 0, "certification flag", 14, "certification flag is %d, want 0 or 1", r.CertificationFlag)
	}
	if len(r.Images) == 0 {
		c.add("header.views", 0, "number of representations", 12, "the record holds no iris representations")
	}
	eyes := map[uint8]bool{}
	type en struct {
		eye uint8
		num uint16
	}
	seen := map[en]int{}
	off := int64(16)
	for i := range r.Images {
		im := &r.Images[i]
		n := i + 1
		c.checkCapture("image", n, im.Capture, off+4)
		p := off + 4 + int64(captureLen(im.Capture, false))
		eyes[im.Eye] = true
		if im.Eye > 2 {
			c.add("image.eye", n, "eye label", p+2, "eye label is %d, want 0 (undefined), 1 (right) or 2 (left)", im.Eye)
		}
		if !irisImageTypes[int(im.ImageType)] {
			c.add("image.irisimagetype", n, "image type", p+3, "iris image type is %d, want 1, 2, 3 or 7", im.ImageType)
		}
		if _, ok := codec.FromISO(codec.Iris2011, int(im.ImageFormat)); !ok {
			c.add("image.format", n, "image format", p+4, "image format %d is not in the edition's table (2, 10, 14)", im.ImageFormat)
		}
		if im.Width == 0 || im.Height == 0 {
			c.add("image.size", n, "image width, height", p+6, "image size is %dx%d; neither may be zero", im.Width, im.Height)
		}
		if im.BitDepth < 1 || (im.BitDepth > 16 && im.BitDepth != 24 && im.BitDepth != 48) {
			c.add("image.depth", n, "bit depth", p+10, "bit depth is %d, want 1-16, 24 or 48", im.BitDepth)
		}
		key := en{im.Eye, im.Number}
		if first, dup := seen[key]; dup {
			c.add("image.duplicate", n, "representation number", p, "representation %d repeats number %d of eye %d (representation %d)", n, im.Number, im.Eye, first)
		} else {
			seen[key] = n
		}
		img := p + 33
		end := img + int64(len(im.Image)) + int64(len(im.Extra))
		if im.DeclaredLength != 0 && int64(im.DeclaredLength) != end-off {
			c.add("image.length", n, "representation length", off, "representation length is %d, but the representation holds %d bytes", im.DeclaredLength, end-off)
		}
		if c.max >= Level3 {
			c.checkImage("image.data", n, codec.Iris2011, int(im.ImageFormat), im.Image, img, int(im.Width), int(im.Height), int(im.BitDepth))
		}
		off = end
	}
	if r.EyesPresent != 0 && int(r.EyesPresent) != len(eyes) {
		c.add("header.eyes", 0, "number of eyes represented", 15, "the header says %d eyes are represented, the representations show %d", r.EyesPresent, len(eyes))
	}
	c.checkRecordLength(r.DeclaredLength, off, len(r.Trailing))
}
