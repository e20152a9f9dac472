package jp2

// Implementation limits (not format limits, see the package doc).
const (
	// MaxPixels bounds width×height of an image to decode or encode:
	// 2^26 pixels (e.g. 8192×8192) covers a full palm at 1000 ppi
	// (about 5.5 × 8 inches, 44 million pixels).
	MaxPixels = 1 << 26
	// MaxComponents bounds the number of image components (grey, grey and
	// alpha, RGB, RGB and alpha).
	MaxComponents = 4
	// MaxPrecision bounds the bits per sample.
	MaxPrecision = 16
)

// DefaultRatio is the compression ratio of lossy encoding when
// [Options.Ratio] is zero.
const DefaultRatio = 10

// Options are the encoding parameters. The zero value (and a nil *Options)
// means lossy at [DefaultRatio]:1.
type Options struct {
	// Lossless selects the reversible 5/3 wavelet with no rate limit
	// (T.800 Annex F.3.8.1), what ANSI/NIST-ITL calls JP2L.
	Lossless bool
	// Ratio is the compression ratio of lossy encoding with the
	// irreversible 9/7 wavelet (T.800 Annex F.3.8.2): the size of the
	// uncompressed samples divided by the size of the codestream, so 15
	// means 15:1 (8-bit grey at 15:1 is 0.53 bits per pixel). It must be
	// 1 or more; zero means DefaultRatio. Ignored when Lossless is set.
	Ratio float64
}
