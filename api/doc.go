// Package api is Biogate's REST service: a thin echo (github.com/labstack/echo/v4)
// layer over the HTTP-free core of internal/exchange.
//
// routes.go lists every route. Each handler reads the request (the body,
// already read and checked by the middleware), calls one Core method and
// writes the result; errors go to a single handler (problem.go) that
// maps core errors to RFC 9457 problem details with their findings. The
// gallery routes (handlers_galleries.go: enrol, unenrol, search, verify a
// subject; scopes enrol and search) are handlers of the same shape over
// the core's matching methods; a matching backend that does not answer
// is a 503 with Retry-After.
//
// Every request passes, in order: panic recovery, a request id
// (X-Request-Id), a structured log line (log/slog), metrics, the
// concurrency limiter (503 with Retry-After when the service is full),
// a per-request timeout, a memory budget (budget.go), the body size
// limit (413), authentication of the
// bearer token and its scope (401, 403), and a check of its parameters and
// JSON body against the OpenAPI document (openapi.json, served at
// /openapi.json). Every call under /v1 is audited (audit.go): one entry in
// the audit log once it is answered, refusals by authentication, scope or
// request checks included, with who, the operation id, the transaction,
// its TOT, the outcome and the reason.
//
// Bounds on one request, beyond the body limit: the timeout
// (Options.Timeout, 60 s) reaches the decoders through the request's
// context, so work stops when it passes and the answer is a 503 timeout
// problem, written well within the server's write timeout (timeout + 30
// s); the memory the decoders estimate they build is charged to the
// request's budget (Options.RequestMemory, 256 MiB: 413 past it) and to a
// pool shared by the requests in progress (Options.TotalMemory, 1 GiB: 503
// with Retry-After); a transaction holds at most 1000 records (nist.MaxRecords,
// from 1.003 CNT), an XML element at most 256 attributes and 64
// namespace declarations; a JSON body's numbers at most 40 characters
// with exponents within ±400 (jsonbody.go).
package api
