// Package httpmatcher is Biogate's own matcher protocol, the "http"
// matching backend: a small JSON-over-HTTP protocol (openapi.json in this
// folder, OpenAPI 3.1) with a server (NewHandler, which serves any
// backend.Backend over it) and a client (New, which is a backend.Backend
// speaking it). `biogate matcher serve --addr ADDR --data DIR` serves the
// embedded matcher over it, so that matching can run in processes and on
// machines of its own; a vendor wraps an AFIS by implementing the same
// six operations.
//
// # The protocol
//
// Every request carries "Authorization: Bearer TOKEN", a secret shared by
// the two sides (a matcher may run without one on a loopback address
// only). Bodies are JSON (Content-Type application/json); a sample is
//
//	{"format": "iso19794-2:2011", "position": 2, "data": "<base64>"}
//
// where format is one of iso19794-2:2011 (finger minutiae),
// iso19794-4:2011 (finger image), iso19794-5:2011 (face) and
// iso19794-6:2011 (iris), position the finger position code (ISO/IEC
// 19794-2 Table 8; ANSI/NIST-ITL Table 8) or the eye (19794-6: 1 right,
// 2 left), 0 when unknown or for a face, and data the record, standard
// base64 with padding (RFC 4648 section 4).
//
//	PUT    /v1/galleries/{gallery}/subjects/{subject}          {"samples":[...]}  → 204
//	DELETE /v1/galleries/{gallery}/subjects/{subject}                             → 204
//	POST   /v1/galleries/{gallery}/search?limit=K              {"samples":[...]}  → {"candidates":[{"subject","score","position"}]}
//	POST   /v1/galleries/{gallery}/subjects/{subject}/verify   {"samples":[...]}  → {"score","match","threshold"}
//	GET    /v1/health                                                             → {"ok","detail","subjects":{gallery: n}}
//	GET    /v1/capabilities                                                       → {"modalities","formats","scores"}
//
// A gallery name matches ^[a-z0-9][a-z0-9._-]{0,63}$, a subject
// ^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$; galleries come into being with
// their first enrolment. PUT replaces what the subject had and answers
// only once the enrolment is durable. Search answers at most limit
// (1..100, default 10) candidates, best first, higher scores more
// similar; a matcher that decides without scoring says "scores": false
// in its capabilities and answers score 0, ranking as it lists.
//
// Errors are RFC 9457 problem details (application/problem+json) whose
// type names what went wrong; the client maps them back to the sentinel
// errors of package backend:
//
//	urn:biogate:matcher:not-found       404  backend.ErrNotFound (the subject is not enrolled)
//	urn:biogate:matcher:unsupported     422  backend.ErrUnsupported (modality or format not matched)
//	urn:biogate:matcher:invalid-sample  422  backend.ErrInvalidSample (a record that cannot be read)
//	urn:biogate:matcher:unavailable     503  backend.ErrUnavailable, with Retry-After (seconds)
//	urn:biogate:matcher:invalid-request 400, unauthenticated 401, no-route 404,
//	method-not-allowed 405, too-large 413, unsupported-media-type 415, internal 500
//
// A 404 of another type than not-found (a wrong base URL) is never taken
// for "not enrolled". Every 5xx answer, a refused connection and a
// timeout are backend.ErrUnavailable for the client: the caller may retry.
//
// Limits: the server refuses bodies over ServerOptions.MaxBody (16 MiB by
// default) with 413, more than ServerOptions.MaxSamples samples with 400,
// and gives each request ServerOptions.Timeout; the client bounds each
// request by ClientOptions.Timeout and reads at most
// ClientOptions.MaxResponse bytes of an answer.
package httpmatcher
