// Package sign signs ANSI/NIST-ITL transactions and verifies their
// signatures: a JSON Web Signature (RFC 7515) carried in a Type-98
// Information Assurance record (ANSI/NIST-ITL 1-2011 §8.98, Table 49;
// STANDARDS.md §5), plus the SHA-256 hash of every image in its HAS field
// (xx.996).
//
// # What is signed
//
// The standard fixes no signature layout: DFO/DFT name an information
// assurance format and its data lives in the user-defined fields
// 98.200-98.899 (STANDARDS.md §5.2). This package defines one, DFO
// "BIOGATE", DFT "JWS1":
//
//   - 98.003 DFO "BIOGATE", 98.005 DFT "JWS1";
//   - 98.004 SRC, the signing agency (by default 1.008 ORI);
//   - 98.006 DCD, the signing time in GMT (YYYYMMDDhhmmssZ, §7.7.2.2);
//   - 98.200, the compact JWS with a detached, unencoded payload
//     ("HEADER..SIGNATURE", RFC 7515 Appendix F with RFC 7797 "b64": false);
//   - 98.900 ALF, one audit log entry (event "added", the signature's
//     key id and algorithm as reason, IID "IDC,98.200,NA,NA", the agent).
//
// The payload, the canonical form of the transaction, is the traditional
// encoding (§7) of every record of the transaction except the Type-98 record
// that carries the signature, in transaction order, each record written by
// [nist.EncodeRecord] (LEN recomputed, every other byte as the model holds
// it). There is no separator between records and nothing before or after
// them. Because the Type-1 record is included with its 1.003 CNT as it is
// after the Type-98 record was added, the CNT lists every record,
// signature included, by type and IDC: a record added, removed or moved
// changes the Type-1 bytes, and a changed byte in any other record changes
// that record's bytes, so either breaks the signature. Bytes after the last
// record (nist.Transaction.Trailing) are never covered: Sign refuses a
// transaction that has them and Verify fails on one.
//
// The JWS protected header holds "alg" (ES256, EdDSA or RS256), "kid" (the
// key's id, by default its RFC 7638 thumbprint), "b64": false with "crit":
// ["b64"], and "src" and "dcd", copies of 98.004 and 98.006, which Verify
// compares with the record, so those two fields are covered too. 98.003 and
// 98.005 select the record; LEN and IDC of the Type-98 are bound through
// 1.003 CNT. Only 98.900 ALF, an audit log meant to grow as the transaction
// travels, is not covered.
//
// Because the payload is the traditional encoding of records, which the XML
// encoding carries losslessly (package xml), a signed transaction converted
// to XML and back still verifies. Any JWS library checks the signature on
// its own, given the canonical form as the detached payload (see
// [CanonicalForm]): jws.Verify(sig, jws.WithKey(alg, key),
// jws.WithDetachedPayload(form)) with lestrrat-go/jwx.
//
// Before signing, [Sign] sets xx.996 HAS to the SHA-256 of the .999 field as
// 64 upper-case hexadecimal characters (STANDARDS.md §5.3) on every record
// of a type that defines HAS (10-17, 19-22, 99) and has a .999 field, so a
// receiver can check each image on its own; [Verify] compares every HAS
// present, ignoring case.
//
// One Biogate signature per transaction: Sign refuses a transaction that
// already carries one unless [Options.Replace] is set (a re-signing after
// conversion or redaction, which change the covered bytes anyway). Type-98
// records of other formats are covered like any other record.
//
// # Detached signatures of bytes
//
// Where a form has no place for a Type-98 record (INT-I XML: int-i.xsd
// defines none), [SignDetached] signs the bytes themselves: a compact JWS
// "HEADER..SIGNATURE" with "alg", "kid", "b64": false and "crit": ["b64"]
// whose detached payload is exactly those bytes, carried beside them (the
// service's Biogate-Signature header); [VerifyDetached] checks it, with
// the sentinels of [Verify].
//
// Keys are JWKs (RFC 7517): [GenerateKey] makes one, [ParseKey] reads a
// private key, [ParseKeySet] a set of trusted public keys.
package sign
