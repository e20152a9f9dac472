// Package wsq implements a decoder and encoder for FBI Wavelet Scalar
// Quantization (WSQ) grey-scale fingerprint images, as specified in
// "WSQ Gray-scale Fingerprint Image Compression Specification",
// IAFIS-IC-0110 (V3.1), FBI Criminal Justice Information Services.
//
// The decoder accepts any compliant stream: even- and odd-length filter
// banks (DTT), tables and comments in any order before the first block,
// Huffman tables between blocks, restart markers, and Huffman tables that
// contain an all-ones code. Its floating-point arithmetic follows the order
// used by NIST's reference software (NBIS 5.0), so decoded pixels match NIST's
// reference decodes.
//
// The encoder is FBI "encoder number one" of Part 3 of the specification
// (7/9 biorthogonal filters, 60 subbands, three blocks, two Huffman tables),
// with NBIS's single-precision arithmetic.
//
// Images are 8-bit grey; [Decode] returns an [*image.Gray]. The package
// registers itself with [image.RegisterFormat] under the name "wsq".
//
// # Limits
//
// Decode and Encode refuse, with an [UnsupportedError], images of more than
// [MaxPixels] pixels, images narrower or shorter than [MinDimension] pixels,
// and streams whose filters are too long for the size of their subbands.
// Decode allocates memory in proportion to the image only after the
// entropy-coded data has been decoded and found to cover the whole image.
package wsq
