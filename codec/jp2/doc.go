// Package jp2 decodes and encodes JPEG 2000 images (ITU-T T.800 | ISO/IEC
// 15444-1): JP2 files (Annex I) and raw codestreams (Annex A), as carried by
// ANSI/NIST-ITL image records with CGA JP2 or JP2L (ANSI/NIST-ITL 1-2011
// Table 15), ISO/IEC 19794-4/-5/-6 records, and the FBI/NIST JPEG 2000
// profile for fingerprints.
//
// The codec is OpenJPEG's libopenjp2 (2.5), reached through cgo. It is
// compiled only with the build tag openjp2 and cgo enabled:
//
//	apt-get install libopenjp2-7-dev   # Debian/Ubuntu: headers + pkg-config libopenjp2
//	go build -tags openjp2 ./...
//
// Without the tag every function returns an [UnsupportedError] saying so, and
// [Available] is false, so the rest of the module builds as pure Go.
//
// # What is supported
//
// Decode accepts JP2 files and raw codestreams holding one component (grey,
// 1-16 bits), two (grey and alpha), three (RGB, or YCC that is converted to
// RGB) or four (RGB and alpha), all of the full image size (no component
// subsampling). It returns [*image.Gray] or [*image.Gray16] for grey, and
// [*image.RGBA] / [*image.NRGBA] or their 16-bit forms for colour; samples of
// other precisions are scaled to 8 or 16 bits. Encode writes a JP2 file:
// lossless with the reversible 5/3 wavelet ([Options.Lossless]), or lossy
// with the irreversible 9/7 wavelet at a compression ratio ([Options.Ratio]).
//
// # Hostile input
//
// The image size in the codestream's SIZ marker is checked against
// [MaxPixels] and the component count against [MaxComponents] after the
// header is read and before any sample buffer is allocated; OpenJPEG's
// error and warning messages are collected (never printed) and returned in a
// [FormatError]; all C memory is released before a call returns. The limits
// are this implementation's, not the format's (SIZ allows 2^32-1 × 2^32-1
// samples and 16384 components).
package jp2
