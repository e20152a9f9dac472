// Package fmr2005 implements ISO/IEC 19794-2:2005 finger minutiae records:
// the record format (clause 7) and the normal and compact size card formats
// (clause 8), decoding into and encoding from [iso.MinutiaeRecord].
//
// Record layout (19794-2:2005 clause 7, all integers big-endian): a 24-byte
// header ("FMR\0", " 20\0", 4-byte record length, capture equipment,
// width, height, X and Y resolution in pixels per centimetre, number of
// views, reserved), then per view a 4-byte header (position; view number
// and impression type in one byte; quality; number of minutiae), 6-byte
// minutiae and the extended data. Angles are in units of 360/256 degrees.
//
// Importing this package registers its formats with package iso.
package fmr2005

import "github.com/biogate/biogate/iso"

func init() {
	iso.Register(iso.Codec{Format: iso.FMR2005, Decode: decodeRecord, Encode: encodeRecord})
	iso.Register(iso.Codec{Format: iso.FMR2005CardNormal, Decode: decodeNormal, Encode: encodeNormal})
	iso.Register(iso.Codec{Format: iso.FMR2005CardCompact, Decode: decodeCompact, Encode: encodeCompact})
}
