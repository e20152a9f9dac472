package exchange

import (
	"bytes"
	"image"
	"math"

	"github.com/biogate/biogate/codec"
	"github.com/biogate/biogate/convert"
	"github.com/biogate/biogate/nist"
)

// ImageSummary describes an image: as its record declares it (image
// records, ISO/INCITS views) or as decoded (an image file).
type ImageSummary struct {
	// Compression is the record's own name for it (CGA of tagged records,
	// the GCA algorithm of Types 3 and 4, "BCA:n"/"SRT:n" of Types 5, 6
	// and 8), or the format of an image file.
	Compression string `json:"compression,omitempty"`
	// Width and Height are the image's size in pixels: as the data's own
	// header (WSQ, JPEG, PNG, JPEG 2000 with libopenjp2) declares it, the
	// size a rendering has, else as the record declares it (HLL, VLL).
	Width  int `json:"width,omitempty"`
	Height int `json:"height,omitempty"`
	// DeclaredWidth and DeclaredHeight are the record's HLL and VLL when
	// they differ from the data's own size.
	DeclaredWidth  *int    `json:"declaredWidth,omitempty"`
	DeclaredHeight *int    `json:"declaredHeight,omitempty"`
	PPI            float64 `json:"ppi,omitempty"` // horizontal pixels per inch, when the record states it
	BitsPerPixel   int     `json:"bitsPerPixel,omitempty"`
	// Position is the first finger, palm or plantar position code
	// (ANSI/NIST-ITL 1-2011 Tables 8 and 35; 19794-4 Table 5), absent when
	// the record states none.
	Position *int `json:"position,omitempty"`
	Bytes    int  `json:"bytes"`
	// Renderable says whether POST /v1/render can decode the data in this
	// build: there is data, and its compression is one Biogate decodes
	// (JPEG 2000 needs a build with libopenjp2; lossless JPEG is not
	// decoded).
	Renderable bool `json:"renderable"`
}

// imageSummary describes the image of an image record as declared.
func imageSummary(im nist.Image) *ImageSummary {
	s := &ImageSummary{Bytes: len(im.Data())}
	if c, ok := im.Compression(); ok || c != "" {
		s.Compression = string(c)
	}
	s.Width, _ = im.Width()
	s.Height, _ = im.Height()
	if w, h, ok := dataSize(im.Data()); ok && (w != s.Width || h != s.Height) {
		dw, dh := s.Width, s.Height
		s.Width, s.Height, s.DeclaredWidth, s.DeclaredHeight = w, h, &dw, &dh
	}
	s.BitsPerPixel, _ = im.BitsPerPixel()
	if res, ok := im.Resolution(); ok {
		if h, _, ok := res.PerMillimetre(); ok && h > 0 {
			s.PPI = math.Round(h*25.4*100) / 100
		}
	}
	if ps := im.Positions(); len(ps) > 0 {
		s.Position = &ps[0]
	}
	s.Renderable = s.Bytes > 0 && codec.Decodable(convert.RecordCompression(im))
	return s
}

// dataSize is the size image data's own header declares (for the formats
// registered with package image: WSQ, JPEG, PNG, and JPEG 2000 in builds
// with libopenjp2), read without decoding the image.
func dataSize(data []byte) (w, h int, ok bool) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return 0, 0, false
	}
	return cfg.Width, cfg.Height, true
}
