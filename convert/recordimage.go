package convert

import (
	"errors"
	"fmt"
	"image"
	"math"

	"github.com/biogate/biogate/codec"
	"github.com/biogate/biogate/nist"
)

// RecordImage decodes the image of an ANSI/NIST-ITL image record with the
// compression the record declares: the GCA code of Types 3 and 4, the CGA
// name of tagged records, bit-packed for Types 5, 6 and 8 when they say
// NONE, and otherwise what the data's first bytes show. Uncompressed data
// takes its width, height and depth from the record (HLL, VLL, BPX); a
// record that states no depth has it inferred from the data's size.
// A compression Biogate cannot decode is a *codec.UnsupportedError.
func RecordImage(im nist.Image) (image.Image, error) {
	data := im.Data()
	if len(data) == 0 {
		return nil, errors.New("the record holds no image data")
	}
	comp := RecordCompression(im)
	if comp == codec.Unknown {
		declared, _ := im.Compression()
		return nil, &codec.UnsupportedError{Feature: fmt.Sprintf("compression %q", declared)}
	}
	var raw *codec.RawLayout
	if comp == codec.None || comp == codec.NoneBitPacked {
		w, okw := im.Width()
		h, okh := im.Height()
		if !okw || !okh || w <= 0 || h <= 0 {
			return nil, errors.New("uncompressed image without a usable width and height")
		}
		depth, ok := im.BitsPerPixel()
		if comp == codec.NoneBitPacked {
			depth, ok = 1, true
		}
		if !ok || depth <= 0 {
			depth = int(math.Round(float64(len(data)) * 8 / float64(w*h)))
		}
		raw = &codec.RawLayout{Width: w, Height: h, Depth: depth}
	}
	return codec.Decode(data, comp, raw)
}

// RecordCompression is the compression RecordImage decodes the image of
// im with: the GCA code of Types 3 and 4, the CGA name of tagged records,
// bit-packed pixels for Types 5, 6 and 8 when they say NONE, and otherwise what the
// data's first bytes show; codec.Unknown when none of them names one.
func RecordCompression(im nist.Image) codec.Compression {
	declared, _ := im.Compression()
	comp := codec.Unknown
	switch r := im.Record(); r.Type {
	case 3, 4:
		if f := r.Field(8); f != nil {
			if gca, ok := f.Int(); ok {
				comp, _ = codec.FromGCA(gca)
			}
		}
	case 5, 6, 8:
		// Uncompressed bi-level images of the binary Types 5 and 6 and
		// the scanned signatures of Type-8: one bit a pixel, eight pixels
		// to a byte, each line starting on a byte (ANSI/NIST-ITL 1-2011
		// §8.5.8, §8.6.8, §8.8.8).
		if declared == nist.CompressionNone {
			comp = codec.NoneBitPacked
		}
	default:
		comp, _ = codec.FromCGA(string(declared))
	}
	if comp == codec.Unknown {
		comp = codec.Sniff(im.Data())
	}
	return comp
}
