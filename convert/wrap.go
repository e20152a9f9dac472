package convert

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"math"

	"github.com/biogate/biogate/codec"
	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/nist"
)

// LooseImage is one fingerprint image that is not in a record yet: a scan
// from a folder, with what is known of it.
type LooseImage struct {
	// Image is the image as decoded; an 8-bit grey image (*image.Gray) at
	// 500 ppi is WSQ-compressed, anything else (16-bit, colour, another
	// resolution) is kept losslessly as PNG.
	Image image.Image
	// PPI is the image's resolution in pixels per inch (> 0).
	PPI float64
	// Position is the finger position code (Table 8; 0 unknown) and
	// Impression the impression type (Table 7; 0 live-scan plain).
	Position, Impression int
	// Data and Compression are the image as it came, when it came
	// compressed: WSQ data at 500 ppi is carried as it is rather than
	// compressed a second time.
	Data        []byte
	Compression codec.Compression
	// Name says which file the image came from, for the report.
	Name string
}

// wsqPPITolerance is how far from 500 ppi an image may be and still be
// "500 ppi" for WSQ: ±1 % (ANSI/NIST-ITL 1-2011 §7.7.3: 19.69 px/mm
// ±0.2 px/mm, Appendix F).
const wsqPPITolerance = 5

// WrapImages wraps loose fingerprint images in a new transaction: a
// Type-1 record (TOT, DAI, ORI, TCN from opts) and one Type-14 record per
// image, with IDCs 1, 2, ... The image data is WSQ where the image is
// 8-bit grey at 500 ppi (the FBI's compression for 500 ppi prints,
// IAFIS-IC-0110), PNG (lossless) otherwise; WSQ input at 500 ppi is
// carried unchanged. Each image becomes a view of a 19794-4:2011 record
// that [ISOToTransaction] converts, so the Type-14 fields follow its
// rules (and its report names what was assumed: source agency, capture
// date).
func WrapImages(imgs []LooseImage, opts *TransactionOptions) (*nist.Transaction, *Report, error) {
	if len(imgs) == 0 {
		return nil, nil, errors.New("convert: no image to wrap")
	}
	rec := &iso.FingerImageRecord{Format: iso.FIR2011}
	rep := &Report{From: "images", To: "an2"}
	for i := range imgs {
		v, err := looseView(&imgs[i], i)
		if err != nil {
			return nil, rep, err
		}
		rec.Views = append(rec.Views, v)
	}
	rec.FingersPresent = uint8(min(len(rec.Views), 255))
	t, sub, err := ISOToTransaction(rec, opts)
	if sub != nil {
		rep.Findings = append(rep.Findings, sub.Findings...)
	}
	return t, rep, err
}

// looseView makes the 19794-4:2011 view of one loose image.
func looseView(im *LooseImage, i int) (iso.FingerImageView, error) {
	name := im.Name
	if name == "" {
		name = fmt.Sprintf("image %d", i+1)
	}
	var v iso.FingerImageView
	if im.Image == nil {
		return v, fmt.Errorf("convert: %s: no image", name)
	}
	b := im.Image.Bounds()
	if b.Dx() <= 0 || b.Dy() <= 0 || b.Dx() > math.MaxUint16 || b.Dy() > math.MaxUint16 {
		return v, fmt.Errorf("convert: %s: %d×%d pixels: a Type-14 image is 1 to 65535 pixels each way", name, b.Dx(), b.Dy())
	}
	if im.PPI <= 0 || im.PPI > math.MaxUint16 {
		return v, fmt.Errorf("convert: %s: resolution %g ppi", name, im.PPI)
	}
	if im.Position < 0 || im.Position > 255 || im.Impression < 0 || im.Impression > 255 {
		return v, fmt.Errorf("convert: %s: finger position %d or impression type %d out of range", name, im.Position, im.Impression)
	}
	ppi := uint16(math.Round(im.PPI))
	v = iso.FingerImageView{
		Capture:  &iso.Capture{DateTime: iso.UnknownDateTime},
		Position: uint8(im.Position), Impression: uint8(im.Impression),
		ViewNumber: uint8(min(i+1, 255)), ViewCount: 1,
		Width: uint16(b.Dx()), Height: uint16(b.Dy()),
		ScaleUnits: 1, ScanXRes: ppi, ScanYRes: ppi, XRes: ppi, YRes: ppi,
	}
	_, grey := im.Image.(*image.Gray)
	at500 := math.Abs(im.PPI-500) <= wsqPPITolerance
	c := codec.PNG
	if grey && at500 {
		c = codec.WSQ20
	}
	switch {
	case c == codec.WSQ20 && im.Compression == codec.WSQ20 && len(im.Data) > 0:
		v.Image = im.Data
	default:
		var buf bytes.Buffer
		if err := codec.Encode(&buf, im.Image, c, &codec.Options{WSQPPI: int(ppi)}); err != nil {
			return v, fmt.Errorf("convert: %s: %w", name, err)
		}
		v.Image = buf.Bytes()
	}
	code, ok := c.ISOCode(codec.FIR2011)
	if !ok {
		return v, fmt.Errorf("convert: %s: %v has no 19794-4:2011 code", name, c)
	}
	v.Compression = uint8(code)
	v.BitDepth = bitDepth(im.Image)
	return v, nil
}

// bitDepth is the bits per pixel a Type-14 BPX states: 8 for 8-bit grey,
// 16 for 16-bit grey, 24 (or 48) for colour.
func bitDepth(m image.Image) uint8 {
	switch m.(type) {
	case *image.Gray:
		return 8
	case *image.Gray16:
		return 16
	case *image.RGBA64, *image.NRGBA64:
		return 48
	}
	return 24
}
