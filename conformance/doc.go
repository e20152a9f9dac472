// Package conformance checks ANSI/NIST-ITL transactions and ISO/IEC 19794 /
// ANSI INCITS records against catalogues of assertions and reports
// findings a person can act on.
//
// Levels follow NIST BioCTS and ISO/IEC 29109-1: Level 1 is syntax and
// format (fields present, occurrences, character types, lengths, value
// ranges, code tables), Level 2 internal consistency (1.003 CNT agrees with
// the records, IDC references resolve, LEN is right, image dimensions and
// hashes agree with the data), Level 3 content that can be checked (an
// image decodes with its declared compression to its declared size,
// minutiae lie inside the image).
//
// Every [Finding] carries a stable assertion id, its level, its severity,
// where it is (record index and type, field, subfield, item, byte offset)
// and a sentence saying what is wrong and what is expected, citing the
// clause or table of the standard.
//
// Catalogues are data: one per standard version, each rule citing its
// source and its basis (catalogue/*.tsv, [Basis]): a rule checked against
// the standard's published text makes errors; one taken from a validator's
// profile (NBIS chkan2k), a draft or field labels only makes warnings that
// name that source, since the standard may not support it. Application
// profiles (INT-I, EBTS, a partner's own) add rules to the base standard;
// they never hide its findings.
package conformance
