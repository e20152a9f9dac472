// Package source reads fingerprint images from wherever they come: image
// files (WSQ, PNG, JPEG, JPEG 2000, TIFF, BMP), the friction-ridge image
// records of ANSI/NIST-ITL transactions (Types 3, 4, 13, 14 and 15) and
// ISO/IEC 19794-4 and INCITS 381 finger image records. Each image comes
// back grey, with its resolution (from the record, or from the file's own
// resolution fields: TIFF XResolution, the PNG pHYs chunk, the JFIF APP0
// segment, the JPEG 2000 resolution box, the BMP header, WSQ's NISTCOM),
// its finger position and impression type where the source states them.
// Where the resolution is unknown, 500 ppi is assumed and a note says so.
//
// The input format is sniffed from the bytes (package internal/sniff),
// never taken from a file name.
package source

import (
	"errors"
	"fmt"
	"image"

	"github.com/biogate/biogate/codec"
	"github.com/biogate/biogate/convert"
)

// DefaultPPI is the resolution assumed where a source states none: the
// nominal resolution of fingerprint exchange (ANSI/NIST-ITL 1-2011
// §7.7.3, Appendix F).
const DefaultPPI = 500

// Finger is one fingerprint image and what its source says of it.
type Finger struct {
	Image *image.Gray
	// PPI is the horizontal resolution in pixels per inch; DefaultPPI
	// when the source states none (PPIStated false, and a note).
	PPI       float64
	PPIStated bool
	// Position is the finger position code (ANSI/NIST-ITL Table 8,
	// 19794-4 Table 5): 0 unknown, 1-10 the fingers, 11-15 and up plain
	// and palm positions.
	Position int
	// Impression is the impression type code (ANSI/NIST-ITL Table 7);
	// -1 when the source does not say.
	Impression int
	// Format is the sniffed format of the input: "tiff", "png", "wsq",
	// "an2", "iso19794-4:2011", ...
	Format string
	// Where names the record or view inside the input ("record 3
	// (Type-14, IDC 2)", "view 1"); "" for an image file.
	Where string
	// IDC is the image record's IDC in a transaction (the IDC a Type-9
	// made from it takes); -1 outside a transaction.
	IDC int
	// Notes say what was assumed or changed: an assumed resolution, a
	// colour or 16-bit image made 8-bit grey, unequal resolutions.
	Notes []string
	// Data is the image as it was compressed in the input (not a copy),
	// and Compression its codec, so that a caller can keep the bytes
	// (codec.Unknown for TIFF and BMP, which the codecs do not carry).
	Data        []byte
	Compression codec.Compression
	// Decoded is the image as decoded when Image is a conversion of it
	// (colour, 16-bit, padded rows), for callers that keep images
	// losslessly; nil when Image is the decoded image itself.
	Decoded image.Image
}

// Options bounds what Load accepts; nil means the defaults.
type Options struct {
	// MaxPixels is the largest image accepted, in pixels, checked from
	// the header before decoding; 0 means DefaultMaxPixels.
	MaxPixels int
}

// DefaultMaxPixels is 64 Mpixels: a 1000-ppi ten-print card is about
// 8000×8000.
const DefaultMaxPixels = 64 << 20

func (o *Options) maxPixels() int {
	if o == nil || o.MaxPixels <= 0 {
		return DefaultMaxPixels
	}
	return o.MaxPixels
}

// ErrNoImage is returned when an input of a readable kind holds no
// friction-ridge image (a transaction with none, say).
var ErrNoImage = errors.New("no friction-ridge image")

// Error is a failure to read one image, saying where.
type Error struct {
	Where string // "record 3 (Type-14, IDC 2)", "view 1", "" for the file
	Err   error
}

func (e *Error) Error() string {
	if e.Where == "" {
		return e.Err.Error()
	}
	return fmt.Sprintf("%s: %v", e.Where, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// ppiNote is the note of an assumed resolution.
func ppiNote(why string) string {
	return fmt.Sprintf("resolution assumed %d ppi: %s", DefaultPPI, why)
}

// Loose returns the image as convert.WrapImages takes it, named name:
// the decoded original when Image is a conversion of it (so that colour
// or 16-bit scans are kept losslessly), the compressed bytes as they
// came, the resolution, position and impression (0, live-scan plain,
// when unknown).
func (f *Finger) Loose(name string) convert.LooseImage {
	im := image.Image(f.Image)
	if f.Decoded != nil {
		im = f.Decoded
	}
	return convert.LooseImage{Image: im, PPI: f.PPI, Position: f.Position, Impression: max(f.Impression, 0),
		Data: f.Data, Compression: f.Compression, Name: name}
}
