// Package nist implements the ANSI/NIST-ITL transaction model and its
// traditional encoding, for every version from ANSI/NIST-CSL 1-1993 (VER 0200)
// to ANSI/NIST-ITL 1-2011 Update 2015 (VER 0502).
//
// A [Transaction] is a list of [Record] values, each a list of [Field]
// values. The tree is lossless: a field keeps the exact bytes between its tag
// and its terminating separator, so subfields (separated by RS, 0x1E) and
// information items (separated by US, 0x1F) are views over those bytes, and
// [Encode] writes back what [Decode] read. Binary records (types 3 to 8) are
// presented as numbered fields too, one per header element (see
// [BinaryLayout]), so every record can be walked the same way.
//
// Typed views sit on top of the tree: [Header] for the Type-1 transaction
// information record and [Image] for the image records (types 3-8, 10, 13-17,
// 19, 20, 22).
//
// Decoding is strict by default: the first problem is an error. With
// [DecodeOptions.Lenient] the decoder goes on past every problem it can
// recover from and returns the transaction together with [Problems], each
// naming the record, field, subfield, item and byte offset. Bytes it cannot
// interpret (a truncated last record, bytes after the last record listed in
// 1.003 CNT) are kept in [Transaction.Trailing] and written back by [Encode].
//
// [Encode] recomputes every record's LEN (xx.001, the self-referential fixed
// point of ANSI/NIST-ITL 1-2011 §7.1 and §8.1.1) and keeps the text of a LEN
// that is already right. The builder methods ([Transaction.AddRecord],
// [Transaction.RemoveRecord], [Transaction.SyncCNT]) keep 1.003 CNT and the
// IDCs consistent.
//
// References: ANSI/NIST-ITL 1-2011 (NIST SP 500-290) with Update 2013 (SP
// 500-290 Ed. 2) and Update 2015 (SP 500-290 Ed. 3): §5 (encodings), §7.1-7.2
// (record and field syntax), Table 9 (Type-1), §8.3-8.8 (binary records).
package nist
