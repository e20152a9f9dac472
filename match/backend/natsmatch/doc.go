// Package natsmatch is a matching backend spread over matcher nodes by
// NATS JetStream: galleries sharded by subject over n matcher shards, each
// holding its part in an embedded backend (package match/backend/embedded),
// searched by a fan-out to every shard whose answers are merged into one
// top k.
//
// Gateway side (Backend, the backend kind "nats"):
//   - Enrol prepares the samples once (embedded.Prepare: minutiae record
//     and prepared form per finger, the bad ones refused then, typed) and
//     publishes them to the gallery stream, subject
//     PREFIX.enrol.GALLERY.HASH, HASH naming the gallery and subject
//     (hash.go). The stream keeps one message per subject
//     (MaxMsgsPerSubject 1): the stream is the last state of every
//     subject, and the enrolment is acknowledged when JetStream has
//     stored it (its PubAck). The gateway's own record of the enrolment
//     is written before (internal/exchange's order), so an acknowledged
//     enrolment is in both.
//   - Remove publishes a tombstone on the subject (the last state: gone),
//     conditional on the subject's last sequence, so that a concurrent
//     enrolment is not undone silently; a subject whose last state is
//     absent or a tombstone is backend.ErrNotFound.
//   - Identify sends the probe to each of the n shards
//     (PREFIX.match.search.GALLERY.N.I, request and reply) with the
//     stream's last sequence, which a shard must have applied before it
//     answers (so a search sees every acknowledged enrolment, whichever
//     gateway took it), and gathers exactly n answers within the call's
//     deadline. A shard that does not answer makes the search
//     backend.ErrUnavailable (retryable), never a partial answer. The n
//     top k lists are merged by MergeTopK.
//   - Verify asks the one shard that holds the subject.
//
// Matcher side (Shard, `biogate matcher serve --nats URL --shard I/N`):
// shard I of N reads the whole stream in order (an ordered consumer) and
// keeps the subjects whose hash modulo N is I in an embedded backend over
// no store of its own (the stream is its store): at start it replays the
// stream and answers requests only once it has caught up; then it
// follows the stream. Several processes may run the same shard: they
// share its requests (a queue group), so a shard can have a standby.
//
// Scores: a shard's answer is its embedded backend's, over its part of
// the gallery; since a subject's fused score depends on the subject's
// own samples only, the merge of the shards' top k lists is the top k of
// one embedded backend holding the whole gallery, scores included (the
// test TestShardedEqualsEmbedded checks it on the FVC corpus).
//
// What it costs: every shard reads every enrolment message (the stream
// is not split by shard), each keeps its part only. Removed subjects
// leave a small tombstone each in the stream.
package natsmatch
