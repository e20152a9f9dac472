// Package convert converts biometric records between the families Biogate
// exchanges: ISO/IEC 19794 and ANSI INCITS records (package iso) and
// ANSI/NIST-ITL records (package nist).
//
// Standards: ISO/IEC 19794-2:2005 (record format and the normal and compact
// card formats of clause 8) and 19794-2:2011, ANSI INCITS 378-2004, the
// 2007 draft, 378-2009 and 378-2009/AM1 (finger minutiae); ISO/IEC
// 19794-4:2005/2011 and INCITS 381-2004 (finger images); 19794-5:2005/2011
// and INCITS 385-2004 (faces); 19794-6:2005/2011 (irises); ANSI/NIST-ITL
// 1-2011 with its 2013 and 2015 updates (Type-4, Type-9, Type-10, Type-14,
// Type-17). Section references "STANDARDS.md §n" are to the project's
// digest of these standards.
//
// # Entry points
//
//   - [Minutiae] converts a minutiae record between any two of
//     [MinutiaeFormats];
//   - [MinutiaeToType9] and [Type9ToMinutiae] convert between a finger view
//     and a Type-9 record (the INCITS 378 block 9.126-9.141, the legacy
//     block 9.005-9.012, or both);
//   - [FingerImageToType14], [FingerImageToType4] and [Type14ToFingerImage]
//     (which also reads Type-4), [FaceToType10] and [Type10ToFace],
//     [IrisToType17] and [Type17ToIris] convert image records, keeping the
//     image bytes as they are;
//   - [Modernise] rewrites a VER 0200-0501 transaction as VER 0502
//     (binary finger images as Type-14/13/15, legacy Type-9 with the
//     INCITS 378 block added, Type-1 as 2011 writes it), and [Edition]
//     takes ISO/IEC 19794 2005 records to 2011 and INCITS 378-2004 to
//     2009;
//   - [RecordToISO] and [ISOToTransaction] are what the CLI's
//     `biogate convert --to <format> [--record N] IN` calls in either
//     direction.
//
// Every conversion returns a [Report]: what the target format could not
// carry is named there (dropped, approximated or assumed), never silently
// lost. A conversion fails with an error only when the result could not be
// encoded at all (two views of different image sizes for a format with one
// per record, say).
//
// # Rounding rules
//
// Angles (all conversions): the nearest unit of the target, halves rounded
// up, then wrapped modulo the full circle, never clamped: a =
// floor((2·a·to + from) / (2·from)) mod to, for units of 360/from and
// 360/to degrees (ISO 256, INCITS 378 and the M1 block 180, compact card
// 64, 9.012 360). Rounding to the nearest is the rule of STANDARDS.md
// §9.3's worked example (ANSI 56 ↔ ISO 80) and of the standards' annex
// examples: every angle of INCITS 378-2004 Annex B2 and 19794-2:2005
// Annex C2 is the nearest unit to one whole-degree value, ties going up
// (45° is ANSI 23 and ISO 32 in both). The two examples are not
// conversions of each other: in 14 of their 49 minutiae the ISO angle is
// one less than round(a·256/180), because both were quantised from an
// odd number of degrees that the 2-degree ANSI value cannot recall. So a
// mechanical conversion cannot reproduce C2 from B2; this package
// converts the stored value (B2 → ISO differs from C2 in those 14 angles
// by one unit, and C2 → ANSI from B2 in 8, by one unit). ANSI → ISO → ANSI
// is exact; ISO → ANSI → ISO is within one ISO unit.
//
// Positions between pixels and millimetres (card formats, Type-9 legacy
// block): a pixel coordinate names a cell, the pixel p covering [p, p+1);
// a metric coordinate names a point. Pixels become the metric value of
// the pixel's centre, rounded to the nearest unit (halves up); metric
// values become the pixel that holds them (floor). Both use the
// resolution the ISO/INCITS record states (whole pixels per centimetre),
// so that the converted record is consistent with itself; pixel → metric
// → pixel is then exact whenever the metric unit is finer than a pixel
// (0.01 mm: always, below 2540 ppi), and metric → pixel → metric is
// within half a pixel. The compact card format's 0.1 mm is coarser than a
// 500-ppi pixel: there positions come back within one pixel.
//
// Type-9 legacy Y (origin bottom-left, Y up): the point of pixel row y is
// its centre, h - y - 0.5 pixels above the bottom edge of an image h rows
// high; back, the row is floor(h - Y·ppcm/1000). The reverse rule is
// exactly what NIST's reference pair type-9-14-std.an2 → type-9-14-m1.an2
// shows (all 48 minutiae: truncation, image height h, no "h - 1"); NIST
// BIOMDI's fmr2an2k instead truncates from h - 1, and NBIS mindtct rounds
// from h: the three differ by up to one pixel, and BIOMDI's cannot be
// inverted exactly. Theta is the angle rotated by 180 degrees (§4.2).
//
// Qualities: 2004/2005 "0 = not reported" ↔ 2009/2011 "254"; 255 ("failed")
// has no 2004/2005 code and becomes 0 with a finding, as NIST BIOMDI's
// converters do (STANDARDS.md §9.3). The legacy 9.012 quality (0 manual, 1
// none, 2 best ... 63 worst) has no standard mapping onto 0-100: 2..63
// maps linearly onto 100..1 and back (see legacyToScore), 0 and 1 onto
// "not reported", always with a finding.
//
// Resolutions: pixels per inch → pixels per centimetre is round(ppi/2.54)
// (500 → 197); Type-1 NTR in pixels per millimetre is round(ppmm·10)
// (19.69 → 197). A source without a resolution gets 197 (500 ppi), reported
// as assumed.
package convert
