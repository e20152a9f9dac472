package codec

import (
	"image"
	"image/jpeg"
	"image/png"
	"io"

	"github.com/biogate/biogate/codec/jp2"
	"github.com/biogate/biogate/codec/wsq"
)

// Options are the encoding parameters of each compression. The zero value
// (and a nil *Options) gives each codec's defaults.
type Options struct {
	// WSQ20: target bit rate in bits per pixel (0 means codec/wsq's
	// default, 0.75, the FBI's rate for 500 ppi prints) and the resolution
	// recorded in the file (0 means 500 ppi).
	WSQBitrate float64
	WSQPPI     int
	// JPEGB: quality 1-100 (0 means image/jpeg's default, 75).
	JPEGQuality int
	// JP2: compression ratio, e.g. 15 for 15:1 (0 means codec/jp2's default,
	// 10:1). JP2L is always lossless, with the reversible 5/3 wavelet.
	JP2Ratio float64
}

// Encode writes m compressed as c. None writes the pixels in the layout
// [RawLayoutOf] gives; NoneBitPacked and JPEGL are not written.
func Encode(w io.Writer, m image.Image, c Compression, o *Options) error {
	var opt Options
	if o != nil {
		opt = *o
	}
	var err error
	switch c {
	case None:
		return encodeRaw(w, m)
	case WSQ20:
		err = wsq.Encode(w, m, &wsq.Options{Bitrate: opt.WSQBitrate, PPI: opt.WSQPPI})
	case JPEGB:
		q := opt.JPEGQuality
		if q == 0 {
			q = jpeg.DefaultQuality
		}
		err = jpeg.Encode(w, m, &jpeg.Options{Quality: q})
	case JPEGL:
		return &UnsupportedError{Compression: c, Feature: jpeglFeature}
	case JP2:
		err = jp2.Encode(w, m, &jp2.Options{Ratio: opt.JP2Ratio})
	case JP2L:
		err = jp2.Encode(w, m, &jp2.Options{Lossless: true})
	case PNG:
		err = png.Encode(w, m)
	default:
		return &UnsupportedError{Compression: c, Feature: "encoding " + c.String()}
	}
	if u := unsupported(c, err); u != nil {
		return u
	}
	return err
}
