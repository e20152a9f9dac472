// Package exchange is the HTTP-free core of the Biogate service: what the
// REST API (package api) and the CLI do with transactions, without
// knowing how the request arrived.
//
// Stateless operations read their input whatever its format (sniffed from
// the bytes, never named by the caller):
//
//   - Inspect summarises a transaction, an ISO/IEC 19794 record or an image;
//   - Validate checks it against a conformance profile through a Validator;
//   - Convert writes it in another format of DESIGN.md: an2, xml (with a
//     dialect), json, the ISO/IEC 19794 and INCITS record formats (from a
//     record of another edition), and png, wsq, jpeg, jp2 (from an image or
//     from one image record of a transaction).
//
// A Service adds the exchange between partners, over a store.Store:
//
//   - Submit validates a transaction against the sender's profile,
//     refuses it (KindNonconformant, with the report) when the profile's
//     errors forbid acceptance, routes it by its Type-1 destination
//     (1.007 DAI) to the partner owning that agency identifier, converts it
//     to the recipient's form (an2, or xml in the recipient's dialect) and
//     stores original, metadata, report and delivery in one durable step.
//     A destination no partner owns is refused (KindUnroutable); a
//     delivery that cannot be converted is stored as failed and reported
//     to the sender, and the transaction is kept.
//   - Get, Meta, List and Delete read back and remove transactions, each
//     partner seeing only what it submitted or what was delivered to it;
//   - Inbox, InboxGet and Ack serve a partner's deliveries in its own form.
//
// Trust between partners (packages sign, policy, audit) is applied here:
//
//   - Sign signs a transaction with the service's own key, Verify checks a
//     signature against the trusted partner keys and the service's own;
//   - each partner's disclosure policy (Config.Policy) is applied on every
//     path: AllowSubmit in Submit; AllowRead and Redact on every read (Get
//     in every format, Meta, List, Inbox, InboxGet) and on every delivery,
//     redacted by the recipient's policy before conversion; a signed
//     transaction that lost something is signed again with the service's
//     key (when there is one). Convert, of the caller's own input, applies
//     none;
//   - Audit appends to the audit log; the service itself records each
//     delivery (action "deliver", To the recipient) and each purge;
//   - nothing past its sender's retention (or a reader's own) is returned,
//     and Purge (on demand) and RunRetention (on schedule) delete it.
//
// Matching (issue 13) puts the galleries of the matching backends
// (match/backend) behind the same partners, policies and audit:
//
//   - the partners file names the backends, the galleries' backends and
//     each partner's matching rules (matching_config.go); package
//     internal/matchers opens the backends and gives WithBackends and
//     WithSampleBuilder;
//   - Enrol, Unenrol, Search and VerifySubject take a transaction, an
//     ISO/INCITS record or an image; each modality goes to the first
//     backend of the gallery supporting it (route.go), several backends'
//     answers are fused by rank (fuse.go); each partner's policy says which
//     galleries it may enrol into and search for which purposes, how many
//     candidates it gets and whether it sees scores (package policy);
//     enrol, unenrol, search, disclose (one per candidate) and
//     verify-subject are audited;
//   - Submit of a transaction the sender's rules name stores it with its
//     job in one durable step, enrols it, or searches with it and answers
//     with reply transactions (package internal/reply) in the sender's
//     inbox (searchtx.go, replytx.go); RunSearches retries what a backend
//     that was down left pending (jobs.go);
//   - retention removes a purged transaction's enrolments from every
//     backend (retention_enrol.go).
//
// Errors are *Error values with a Kind the API maps to a status code;
// nothing here imports net/http.
package exchange
