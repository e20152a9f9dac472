// Package codec decodes and encodes the image data of biometric records by
// compression code, and maps between the ways the standards number those
// codes:
//
//   - ANSI/NIST-ITL 1-2011 (Update 2013, 2015) Table 15: the CGA strings of
//     tagged image records (field xx.011: NONE, WSQ20, JPEGB, JPEGL, JP2,
//     JP2L, PNG) and the numeric GCA codes (0-6) of binary Types 3 and 4
//     (field x.008); see [FromCGA] and [FromGCA];
//   - ISO/IEC 19794-4 (finger image; 2005, also ANSI INCITS 381-2004, and
//     2011), 19794-5 (face image data type; 2005, also INCITS 385-2004, and
//     2011) and 19794-6 (iris image format; 2005 and 2011), whose numbers
//     differ between parts and between editions of the same part; see
//     [FromISO] and [Compression.ISOCode];
//   - the data itself, from its magic bytes; see [Sniff] and [Check].
//
// [Decode] and [Encode] dispatch to the codecs: codec/wsq (FBI WSQ,
// IAFIS-IC-0110 v3.1), image/jpeg (ITU-T T.81 baseline), image/png,
// codec/jp2 (JPEG 2000, ITU-T T.800, through libopenjp2 in builds with
// -tags openjp2) and raw pixels (whose layout the caller gives, since raw
// data has no header). Lossless JPEG (T.81 process 14) is recognised but not
// decoded.
package codec
