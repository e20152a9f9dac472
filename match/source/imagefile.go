package source

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"

	"github.com/biogate/biogate/codec"
	"github.com/biogate/biogate/internal/sniff"
)

// ImageFile reads one image file: WSQ, PNG, JPEG, JPEG 2000 (through
// package codec), TIFF or BMP (golang.org/x/image), PGM (Netpbm P5). The header's size is
// checked against Options.MaxPixels before the pixels are decoded; the
// resolution comes from the file's own fields (see the package doc).
func ImageFile(b []byte, o *Options) (Finger, error) {
	f := sniff.Format(b)
	fg := Finger{Impression: -1, Format: f, Data: b, IDC: -1}
	if f != sniff.JP2 && f != sniff.PGM { // no header-only path (PGM checks its own)
		cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
		if err != nil {
			return fg, fmt.Errorf("the %s image cannot be read: %w", f, err)
		}
		if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > o.maxPixels() {
			return fg, fmt.Errorf("the %s image is %d×%d pixels: outside 1 to %d pixels", f, cfg.Width, cfg.Height, o.maxPixels())
		}
	}
	var (
		m   image.Image
		err error
	)
	switch f {
	case sniff.TIFF:
		m, err = tiff.Decode(bytes.NewReader(b))
	case sniff.BMP:
		m, err = bmp.Decode(bytes.NewReader(b))
	case sniff.PGM:
		m, err = decodePGM(b, o.maxPixels())
	case sniff.WSQ, sniff.PNG, sniff.JPEG, sniff.JP2:
		fg.Compression = codec.Sniff(b)
		m, err = codec.Decode(b, fg.Compression, nil)
	default:
		return fg, errors.New("the input is not an image format Biogate reads (WSQ, PNG, JPEG, JPEG 2000, TIFF, BMP, PGM)")
	}
	if err != nil {
		return fg, fmt.Errorf("the %s image cannot be read: %w", f, err)
	}
	if b := m.Bounds(); b.Dx()*b.Dy() > o.maxPixels() {
		return fg, fmt.Errorf("the %s image is %d×%d pixels: more than %d", f, b.Dx(), b.Dy(), o.maxPixels())
	}
	if fg.Image, err = toGray(m, &fg); err != nil {
		return fg, err
	}
	r := fileResolution(f, b)
	switch {
	case r.ppi > 0 && r.ppi < minPlausiblePPI:
		fg.PPI = DefaultPPI
		fg.Notes = append(fg.Notes, ppiNote(fmt.Sprintf("the file states %.4g ppi, a software default rather than a scan resolution (fingerprints are scanned at %d ppi or more)", r.ppi, minPlausiblePPI)))
	case r.ppi > 0:
		fg.PPI, fg.PPIStated = r.ppi, true
		if r.vppi > 0 && r.vppi != r.ppi {
			fg.Notes = append(fg.Notes, fmt.Sprintf("vertical resolution %.2f ppi differs from the horizontal %.2f; the horizontal is used", r.vppi, r.ppi))
		}
	default:
		fg.PPI = DefaultPPI
		fg.Notes = append(fg.Notes, ppiNote(r.why))
	}
	return fg, nil
}

// minPlausiblePPI is the lowest resolution an image file is believed to
// state: the lowest class of ANSI/NIST-ITL 1-2011 friction ridge images
// is 250 ppi (Type-3, half of 19.69 px/mm, §8.3). Files saying 72 or 96
// ppi carry their writing software's default (2835 or 3780 pixels per
// metre), not the scanner's.
const minPlausiblePPI = 250

// toGray returns m as 8-bit grey with its origin at (0, 0) and no row
// padding (Stride = width, as extractors expect), noting on fg what was changed: 16-bit
// grey keeps its high byte, colour becomes its luminance (image/color's
// GrayModel, ITU-R BT.601 weights).
func toGray(m image.Image, fg *Finger) (*image.Gray, error) {
	b := m.Bounds()
	if b.Dx() <= 0 || b.Dy() <= 0 {
		return nil, errors.New("the image is empty")
	}
	switch g := m.(type) {
	case *image.Gray:
		if b.Min == (image.Point{}) && g.Stride == b.Dx() {
			return g, nil
		}
	case *image.Gray16:
		fg.Notes = append(fg.Notes, "16-bit grey reduced to 8 bits")
	default:
		if !isGrey(m) {
			fg.Notes = append(fg.Notes, fmt.Sprintf("colour image (%T) converted to grey by luminance", m))
		}
	}
	out := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(out, out.Bounds(), m, b.Min, draw.Src)
	fg.Decoded = m
	return out, nil
}

// isGrey reports whether m's colour model is grey, or a palette of greys
// (a TIFF or BMP with a grey colour map).
func isGrey(m image.Image) bool {
	switch cm := m.ColorModel(); cm {
	case color.GrayModel, color.Gray16Model:
		return true
	default:
		p, ok := cm.(color.Palette)
		if !ok {
			return false
		}
		for _, c := range p {
			r, g, bl, _ := c.RGBA()
			if r != g || g != bl {
				return false
			}
		}
		return true
	}
}
