// Package xml implements the XML encoding of ANSI/NIST-ITL transactions: the
// NIEM 2.x exchange of ANSI/NIST-ITL 1-2011 (Annex C, "NIEM-conformant
// encoding rules") as profiled by INTERPOL's INT-I v6, the ANSI/NIST-ITL
// 2-2008 generation (NIEM 2.0, ansi-nist domain), and the element names the
// NIEM 4 schemas of the 2015 update are known to use. Callers import it as
// nistxml.
//
// [Marshal] turns a [nist.Transaction] into an XML document and [Unmarshal]
// turns a document back into a transaction. The correspondence between a
// traditional field (record type, field, subfield, information item) and an
// XML element path is data, not code: mapping.tsv (derived from INTERPOL's
// machine-readable field table and sorted into XSD sequence order),
// records.tsv (record elements, ANSI/NIST-ITL 1-2011 Annex C Table C.1) and
// names.tsv (aliases and per-dialect renames).
//
// The traditional encoding carries things the XML encoding has no place
// for (LEN, non-canonical tags, field and record order, Type-1 fields
// without an element, Types 3, 5 and 6 in 2011, trailing bytes). Marshal
// keeps the conversion lossless by construction: a field is written to its
// standard element only when decoding that element gives back the same
// bytes; otherwise it travels, item by item or base64-encoded, in Biogate's
// substitution for itl:UserDefinedFields (schema/biogate-2011.xsd), the
// extension point every data record of the NIEM 2.x schemas provides. What
// a record element cannot say at all goes into bg:TraditionalEncodingRecord,
// Biogate's substitution for the abstract itl:PackageDataRecord, written
// last in the package. mapping.tsv is generated (go generate, gen_mapping.go)
// from INTERPOL's MRT CSV plus mapping_supplement.tsv.
//
// Every document Marshal writes is meant to validate against its
// dialect's XSDs (2011 and INT-I: INTERPOL's XMLschemas with
// schema/biogate-2011.xsd; 2008: NBIS convertutil's 2-2008 schemas with
// schema/biogate-2008.xsd). The XSD facts are data too: xsd.tsv, generated
// by gen_xsd.go from those XSDs (elements, content models, simple-type
// facets), against which validate.go checks each record element before it
// is written. A field whose value or element the schema does not accept
// at its standard place goes to the extension, with a finding; a record
// whose required elements its fields cannot fill travels whole in
// bg:TraditionalEncodingRecord, with a finding. Where the schema requires
// what the traditional file lacks, Marshal decides per case, each with a
// finding: a TOT outside the code list is written as
// bg:TransactionCategoryText and a DAT that is no date as bg:DateText
// (Biogate's substitutions for the abstract biom:TransactionCategory and
// nc:DateRepresentation); a 1.003 CNT naming record types the dialect has
// no code for gets a stand-in summary of the record elements present,
// marked as such (bg:Record standIn); a 1.002 VER of fewer than four
// digits ("500", "0") fills the required version elements with the same
// number as four digits ("0500", "0000"), the field itself travelling in
// bg:TraditionalEncodingRecord with bg:Record standIn="2", so Unmarshal
// gives back the original text; a 2008 package without a Type-2
// record gets a placeholder one (bg:UserDefinedFields placeholder="true")
// that Unmarshal drops. The dialect-fallback rule: a transaction whose
// Type-1 record the requested dialect cannot accept is written in the 2011
// dialect and validated against the 2011 schema set, with a finding
// beginning [FallbackTo2011]: always for INT-I (a file that is not an INT-I
// transaction, e.g. without the 1.017 organisation names and countries
// INT-I requires or with a TOT outside INT-I's codes, cannot become a
// valid INT-I document), and for 2008 when 2011 can take the record (a TOT
// outside the 2-2008 code list). What still cannot be valid without
// inventing data (a transaction whose only data records are Types 3, 5
// or 6, with a TOT outside the 2-2008 code list) is written as is and
// reported.
//
// Items and elements. An empty information item is an empty element
// where the element's type accepts the empty string, and no element
// where it does not (an absent optional element; Unmarshal restores
// empty items before a present one), so "PNG<US>" in 20.015 and
// <SourceFileCategoryText>PNG</...><SourceFileDecodingInstructionsText/>
// are each other's image. A mapping path step a#n names the n-th
// element a among its siblings: the three biom:ImageLocationThetaAngleMeasure
// of an INCITS delta are 9.140 item C and 9.141 items A and B, two
// fields in one group element per delta (Marshal checks such fields
// with each other in place and reads them back from the finished record).
//
// Dates and times. Traditional date-times are GMT (YYYYMMDDhhmmssZ,
// ANSI/NIST-ITL 1-2011 §7.7.2.2) and dates have no zone (YYYYMMDD,
// §7.7.2.3). Unmarshal converts an xs:dateTime with a zone offset
// (1.014 "2016-04-10T10:46:32-05:00") to the same instant in UTC
// ("20160410154632Z", with a finding), and an xs:date with a zone to its
// date; Marshal writes a GMT value as xs:dateTime with "Z". The offset
// itself is not kept: the traditional file has no place for it, so
// XML -> traditional -> XML gives the same instant in "Z" form, and the
// equivalence check compares date-times as instants. A date-time without
// a zone or with fractional seconds is passed through as it is.
//
// Namespaces are matched by URI, never by prefix. Unmarshal parses with
// its own strict XML 1.0 reader (parse.go), which scans character data in
// bulk and builds an etree tree in one pass; it processes no
// DTD and no entity other than the five predefined ones, and bounds input
// size, element depth, element count, attributes and namespace
// declarations per element, records, the estimated memory of the tree and
// the size of each base64 object ([DecodeOptions]); its work is linear in
// the input, and [UnmarshalContext] stops when its context is done.
// Malformed input yields a [*SyntaxError] with line and column.
package xml
