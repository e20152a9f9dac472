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
// Namespaces are matched by URI, never by prefix. Unmarshal parses with
// its own strict XML 1.0 reader (parse.go), which scans character data in
// bulk and builds an etree tree in one pass; it processes no
// DTD and no entity other than the five predefined ones, and bounds input
// size, element depth, element count and the size of each base64 object
// ([DecodeOptions]). Malformed input yields a [*SyntaxError] with line and
// column.
package xml
