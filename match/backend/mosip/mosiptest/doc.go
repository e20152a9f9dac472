// Package mosiptest is a test server of the MOSIP Bio-SDK REST service's
// wire format (mosip/biosdk-services; the facts and their sources are
// listed in package mosip/internal/wire), for testing the mosip-biosdk
// adapter without a vendor SDK.
//
// It reads the request envelope (Base64 of the operation's JSON), the
// BiometricRecords and their BIRs (bdb as a JSON array of signed bytes,
// or Base64), and answers POST /match with the nested response
// (response.response[] of {galleryIndex, decisions}) and HTTP 200 even on
// error, with the service's error codes in errors[]. GET / answers the
// status line.
//
// Decisions are real for fingers: each ISO/IEC 19794-4 record is decoded
// (package match/source), its minutiae extracted (match/extract through
// match/input) and compared with Biogate's matcher (match.Prepare,
// match.Score); a gallery subject is MATCHED when some probe finger and
// some enrolled finger of compatible position (same subtype, or either
// unknown) score at or above Options.Threshold, by default 0.0293, the
// matcher's FMR 0.1% operating point (README, "Threshold guidance").
// Templates are cached by the SHA-256 of their bytes, so a 1:N search
// does not extract the gallery again on every call.
//
// Faces and irises are matched by byte equality of the records only: a
// test server's stand-in, not a face or iris matcher. A modality the
// request names but a gallery record lacks is an ERROR decision for that
// record.
package mosiptest
