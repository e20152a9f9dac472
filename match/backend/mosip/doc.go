// Package mosip is the mosip-biosdk matching backend: an adapter to a
// MOSIP Bio-SDK REST service (github.com/mosip/biosdk-services), so that
// any vendor SDK certified for MOSIP can serve as Biogate's matcher for
// fingers, faces and irises.
//
// # Wire format
//
// Every call is POST {base}/match with the envelope
// {"version":"1.0","request":"<Base64 of the match request's JSON>"}; the
// request holds "sample" (the probe, a BiometricRecord whose segments are
// CBEFF BIRs), "gallery" (one BiometricRecord per subject),
// "modalitiesToMatch" (["FINGER"], ...) and "flags". Each BIR's bdbInfo
// names the record format (organization "Mosip", type "7" for an ISO/IEC
// 19794-4:2011 finger image, "8" 19794-5:2011 face, "9" 19794-6:2011
// iris), its type (["FINGER"]) and subtype (["Left","IndexFinger"],
// ["Right"] for an eye), and bdb carries the record as a JSON array of
// signed bytes. The answer nests the SDK's Response in the service's:
// response.response[] holds {galleryIndex, decisions: {"FINGER": {match:
// MATCHED | NOT_MATCHED | ERROR, errors, analyticsInfo}}}, and the HTTP
// status is 200 even when the top-level errors[] says the call failed.
// Health is GET {base}/. The repositories, files and commits each fact
// was read in are listed in internal/wire's documentation.
//
// # Decisions, not scores: what ranking means
//
// The SDK answers, for each gallery subject, whether it matches at the
// SDK's own operating threshold; it gives no similarity. So:
//
//   - a search's candidates are all the subjects the SDK says MATCHED, not
//     the top k by similarity; there is no order among them that says one
//     is more likely than another;
//   - they are listed in enrolment order (oldest enrolment first, then by
//     subject name), rank 1 being merely the earliest enrolled, and when
//     more than k match, the first k in that order are returned (the
//     gallery is sent chunk by chunk and no further chunk is sent once k
//     have matched);
//   - Candidate.Score and Verification.Score are 0 and
//     Capabilities().Scores is false, so the service omits scores; the
//     false match rate is the SDK's, at its threshold, which Biogate
//     neither sees nor sets;
//   - the decision is per modality, fused over the fingers (or eyes) sent
//     by the SDK as it sees fit, so Candidate.Position is known only when
//     the subject has a single enrolled sample of the probe's modalities.
//
// Some vendors put a score in analyticsInfo. Options.ScoreKey names such
// an entry; when set, every chunk is sent and the matched subjects are
// ranked by that value (and it is their Score). This is vendor-specific:
// MOSIP defines no such key and the adapter never assumes one.
//
// # State
//
// The SDK is stateless: the gallery is sent with every match. The adapter
// keeps each subject's samples durably in a store.Galleries under its own
// space (Space), written before Enrol returns, and reads them for each
// search. A search of a gallery of n subjects is ceil(n / ChunkSize)
// calls, each carrying the images of its chunk (about five times their
// size on the wire), so this backend suits galleries of thousands rather
// than millions.
//
// # Errors
//
// Transport failures, timeouts, HTTP 5xx/408/429 and the SDK library's
// failures (BIOSDK_LIB_EXCEPTION, SDK status 500) wrap
// backend.ErrUnavailable (retryable); a request the service cannot read
// (INVALID_REQUEST_BODY) or samples the SDK refuses (status 401, 402, 403,
// 406) wrap backend.ErrInvalidSample; a spec version the service has no
// SDK for (BIO_SDK_001, NO_BIOSDK_PROVIDER_FOUND) wraps
// backend.ErrUnsupported.
package mosip
