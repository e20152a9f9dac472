package codec

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
	"image/png"

	"github.com/biogate/biogate/codec/jp2"
	"github.com/biogate/biogate/codec/wsq"
)

// jpeglFeature is how an UnsupportedError names lossless JPEG.
const jpeglFeature = "JPEGL (lossless JPEG, ITU-T T.81 process 14)"

// Decode decodes image data compressed as c. Uncompressed data (None,
// NoneBitPacked) needs raw, which is ignored otherwise. With c Unknown the
// compression is sniffed from the data (see [Sniff]). The data is decoded as
// declared: use [Check] first to catch a record whose code and data
// disagree.
//
// Grey images come back as [*image.Gray] (or [*image.Gray16]), whatever
// the codec; colour ones in the codec's own type.
func Decode(data []byte, c Compression, raw *RawLayout) (image.Image, error) {
	if c == Unknown {
		if c = Sniff(data); c == Unknown {
			return nil, &FormatError{Compression: Unknown, Msg: "not a format this package recognises"}
		}
	}
	var (
		m   image.Image
		err error
	)
	switch c {
	case None, NoneBitPacked:
		return decodeRaw(data, c, raw)
	case WSQ20:
		m, err = wsq.Decode(bytes.NewReader(data))
	case JPEGB:
		m, err = jpeg.Decode(bytes.NewReader(data))
	case JPEGL:
		return nil, &UnsupportedError{Compression: c, Feature: jpeglFeature}
	case JP2, JP2L:
		m, err = jp2.DecodeBytes(data)
	case PNG:
		m, err = png.Decode(bytes.NewReader(data))
	default:
		return nil, &UnsupportedError{Compression: c, Feature: "unknown compression"}
	}
	if err != nil {
		return nil, wrap(c, err)
	}
	return m, nil
}

// Decodable reports whether [Decode] can decode data compressed as c in
// this build: JPEG 2000 needs libopenjp2 (-tags openjp2), lossless JPEG
// is recognised but not decoded, and Unknown is sniffed, so it says
// nothing yet.
func Decodable(c Compression) bool {
	switch c {
	case None, NoneBitPacked, WSQ20, JPEGB, PNG:
		return true
	case JP2, JP2L:
		return jp2.Available
	}
	return false
}

// wrap turns an underlying codec's decoding error into an UnsupportedError
// or a FormatError that wraps it.
func wrap(c Compression, err error) error {
	if u := unsupported(c, err); u != nil {
		return u
	}
	return &FormatError{Compression: c, Err: err}
}

// unsupported returns an UnsupportedError for an underlying codec's
// "unsupported" error, nil for any other.
func unsupported(c Compression, err error) error {
	var (
		wu wsq.UnsupportedError
		ju jpeg.UnsupportedError
		pu png.UnsupportedError
		ku jp2.UnsupportedError
	)
	switch {
	case errors.As(err, &ku) && !jp2.Available:
		return &UnsupportedError{Compression: c, Feature: "JPEG 2000 needs a build with -tags openjp2 (libopenjp2)"}
	case errors.As(err, &wu), errors.As(err, &ju), errors.As(err, &pu), errors.As(err, &ku):
		return &UnsupportedError{Compression: c, Feature: "a feature of the data", Err: err}
	}
	return nil
}
