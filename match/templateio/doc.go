// Package templateio converts between Biogate's fingerprint template
// ([match.Template]) and every finger minutiae format Biogate reads:
// ISO/IEC 19794-2:2005 (record and card formats), 19794-2:2011, ANSI
// INCITS 378-2004, the 2007 draft, 378-2009 and 378-2009/AM1, and
// ANSI/NIST-ITL Type-9 records (the INCITS 378 block 9.126-9.141 and the
// legacy block 9.005-9.012). It also reads NBIS mindtct's text minutiae
// (.xyt).
//
// The unit rules are those of package convert, which this package calls
// for every change of edition, of coordinate unit and of Type-9 block: a
// template is read from the record's own units (pixels, the edition's
// angle unit) and written through a hub edition, INCITS 378-2009 for the
// INCITS targets (2-degree angles) and ISO/IEC 19794-2:2011 for the others
// (360/256-degree angles), so that record → template → record in the same
// edition gives the minutiae back exactly. What a template has no place
// for (capture device, dates, vendor extended data) or what a target
// cannot carry is named in the returned *convert.Report, never lost
// silently.
//
// Entry points: [FromRecord] and [ToRecord] for ISO/INCITS records,
// [FromTransaction] and [AddType9] for ANSI/NIST-ITL transactions,
// [Read] for the bytes of any of them, [ReadXYT] for mindtct output.
package templateio
