// Package iso models the binary biometric data interchange records of
// ISO/IEC 19794 (parts 2, 4, 5 and 6, editions 2005 and 2011) and of
// ANSI INCITS 378 (2004, 2009 and 2009/AM1), 381-2004 and 385-2004.
//
// There is one Go type per kind of record, and every edition maps onto it:
//
//	*MinutiaeRecord     finger minutiae  (19794-2, INCITS 378)
//	*FingerImageRecord  finger images    (19794-4, INCITS 381)
//	*FaceRecord         face images      (19794-5, INCITS 385)
//	*IrisRecord         iris images      (19794-6)
//
// The codecs live in sub-packages, one per edition family, each keeping that
// edition's quirks to itself: iso/fmr2005 (19794-2:2005 and its two card
// formats), iso/fmr2011 (19794-2:2011), iso/ansi378 (378-2004, the 2007
// draft read by NIST libbiomeval, 378-2009 and 378-2009/AM1), iso/fir
// (19794-4:2005, 19794-4:2011, 381-2004), iso/face (19794-5:2005, 2011,
// 385-2004) and iso/iris (19794-6:2005, 2011). A codec registers itself with
// this package when it is linked in, so that [Decode] and [Encode] can
// dispatch on a [Format]; import iso/all to link every codec.
//
// The model is lossless: whatever an edition carries that the common fields
// cannot hold (reserved bits, vendor blocks, lengths that disagree with the
// content, bytes after the last view) is kept, so that decoding and
// re-encoding gives back the same bytes. Converting between editions is
// decoding one and encoding the other; see [Format.Units] for what a
// minutia's numbers mean in each edition.
//
// Input is sniffed from its bytes by [Identify], never from a file name.
// Editions sharing a version string (INCITS 378-2004 and 19794-2:2005,
// " 20"; INCITS 378-2009 and 19794-2:2011, "030") are told apart by walking
// the header structure.
package iso
