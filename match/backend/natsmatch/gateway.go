package natsmatch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/embedded"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Backend is the gateway side: a backend.Backend whose enrolments go to
// the gallery stream and whose searches go to the shards (see the
// package doc). It is safe for concurrent use.
type Backend struct {
	o   Options
	nc  *nats.Conn
	own bool // the connection is the backend's to close
	js  jetstream.JetStream

	mu     sync.Mutex
	stream jetstream.Stream // nil until ensured (lazily: NATS may be down at start)

	closed atomic.Bool
}

var _ backend.Backend = (*Backend)(nil)

// New connects to the NATS server(s) at url (comma-separated) and returns
// the backend. Nothing needs to answer yet: while NATS is unreachable the
// calls fail as backend.ErrUnavailable, and the client keeps reconnecting.
func New(url string, o Options) (*Backend, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	nc, err := nats.Connect(url, nats.Name("biogate gateway (natsmatch)"),
		nats.RetryOnFailedConnect(true), nats.MaxReconnects(-1), nats.ReconnectWait(time.Second))
	if err != nil {
		return nil, fmt.Errorf("nats backend: %s: %w", url, err)
	}
	b, err := NewConn(nc, o)
	if err != nil {
		nc.Close()
		return nil, err
	}
	b.own = true
	return b, nil
}

// NewConn returns the backend over a connection the caller keeps (and
// closes after the backend).
func NewConn(nc *nats.Conn, o Options) (*Backend, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, fmt.Errorf("nats backend: %w", err)
	}
	return &Backend{o: o, nc: nc, js: js}, nil
}

// Name implements backend.Backend.
func (b *Backend) Name() string { return Name }

// Capabilities implements backend.Backend: the embedded backend's, which
// every shard runs.
func (b *Backend) Capabilities() backend.Capabilities { return shardCapabilities }

// shardCapabilities are the embedded backend's (a constant of its kind:
// its Capabilities reads no field of the backend).
var shardCapabilities = new(embedded.Backend).Capabilities()

// Close implements backend.Backend: it closes the connection New made.
func (b *Backend) Close() error {
	if !b.closed.Swap(true) && b.own {
		b.nc.Close()
	}
	return nil
}

func (b *Backend) fail(op string, err error) error {
	return &backend.Error{Backend: Name, Op: op, Err: err}
}

// begin checks that the backend is open and the names usable, and bounds
// ctx by the call timeout.
func (b *Backend) begin(ctx context.Context, names ...[2]string) (context.Context, context.CancelFunc, error) {
	if b.closed.Load() {
		return nil, nil, fmt.Errorf("%w: closed", backend.ErrUnavailable)
	}
	for _, n := range names {
		if err := checkName(n[0], n[1]); err != nil {
			return nil, nil, err
		}
	}
	ctx, cancel := context.WithTimeout(ctx, b.o.Timeout)
	return ctx, cancel, nil
}

// unavailable marks a NATS failure as retryable, unless it is the
// caller's cancellation.
func unavailable(ctx context.Context, err error) error {
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		return err
	}
	return fmt.Errorf("%w: %w", backend.ErrUnavailable, err)
}

// streamOf returns the gallery stream, ensuring it the first time.
func (b *Backend) streamOf(ctx context.Context) (jetstream.Stream, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.stream == nil {
		s, err := ensureStream(ctx, b.js, b.o)
		if err != nil {
			return nil, err
		}
		b.stream = s
	}
	return b.stream, nil
}

// publish stores one subject's last state in the stream; opts add
// conditions.
func (b *Backend) publish(ctx context.Context, m *enrolMsg, opts ...jetstream.PublishOpt) error {
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	if max := b.nc.MaxPayload(); max > 0 && int64(len(data)) > max {
		return fmt.Errorf("%w: the enrolment takes %d bytes, above the NATS server's max_payload of %d", backend.ErrInvalidSample, len(data), max)
	}
	if _, err := b.streamOf(ctx); err != nil {
		return unavailable(ctx, err)
	}
	msg := &nats.Msg{Subject: enrolSubject(b.o.Prefix, m.Gallery, m.Subject), Data: data}
	_, err = b.js.PublishMsg(ctx, msg, append(opts, jetstream.WithExpectStream(b.o.Stream))...)
	return err
}

// Enrol implements backend.Backend: the samples prepared here (refused
// here when they cannot be read), then stored in the stream as the
// subject's last state; durable when JetStream acknowledges it.
func (b *Backend) Enrol(ctx context.Context, gallery, subject string, samples []backend.Sample) error {
	const op = "enrol"
	ctx, cancel, err := b.begin(ctx, [2]string{"gallery", gallery}, [2]string{"subject", subject})
	if err != nil {
		return b.fail(op, err)
	}
	defer cancel()
	if len(samples) > maxSamples {
		return b.fail(op, fmt.Errorf("%w: %d samples, at most %d", backend.ErrInvalidSample, len(samples), maxSamples))
	}
	ss, err := embedded.Prepare(samples)
	if err != nil {
		return b.fail(op, err)
	}
	err = b.publish(ctx, &enrolMsg{V: wireVersion, Op: opEnrol, Gallery: gallery, Subject: subject, Samples: ss})
	if err != nil && !errors.Is(err, backend.ErrInvalidSample) {
		err = unavailable(ctx, err)
	}
	if err != nil {
		return b.fail(op, err)
	}
	return nil
}

// removeAttempts bounds Remove's retries when the subject changes between
// its read and its tombstone.
const removeAttempts = 8

// Remove implements backend.Backend: a tombstone as the subject's last
// state, on condition that the state read is still the last (JetStream's
// expected last subject sequence), so that an enrolment made meanwhile is
// not removed unseen.
func (b *Backend) Remove(ctx context.Context, gallery, subject string) error {
	const op = "remove"
	ctx, cancel, err := b.begin(ctx, [2]string{"gallery", gallery}, [2]string{"subject", subject})
	if err != nil {
		return b.fail(op, err)
	}
	defer cancel()
	s, err := b.streamOf(ctx)
	if err != nil {
		return b.fail(op, unavailable(ctx, err))
	}
	subj := enrolSubject(b.o.Prefix, gallery, subject)
	notFound := fmt.Errorf("%w: subject %q in gallery %q", backend.ErrNotFound, subject, gallery)
	for range removeAttempts {
		last, err := s.GetLastMsgForSubject(ctx, subj)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			return b.fail(op, notFound)
		}
		if err != nil {
			return b.fail(op, unavailable(ctx, err))
		}
		tok, hash, _ := parseEnrolSubject(b.o.Prefix, subj)
		if m, err := decodeEnrolMsg(tok, hash, last.Data); err != nil || m.Op == opRemove {
			return b.fail(op, notFound) // no shard holds a removed subject, nor a malformed one
		}
		err = b.publish(ctx, &enrolMsg{V: wireVersion, Op: opRemove, Gallery: gallery, Subject: subject},
			jetstream.WithExpectLastSequencePerSubject(last.Sequence))
		var apiErr *jetstream.APIError
		if errors.As(err, &apiErr) && (apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence ||
			apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequenceConstant) {
			continue // enrolled again meanwhile: read the new state
		}
		if err != nil {
			return b.fail(op, unavailable(ctx, err))
		}
		return nil
	}
	return b.fail(op, fmt.Errorf("%w: subject %q of gallery %q changed %d times while being removed", backend.ErrUnavailable, subject, gallery, removeAttempts))
}

// checkProbe refuses before sending what every shard would refuse.
func checkProbe(probe []backend.Sample) error {
	if len(probe) == 0 {
		return fmt.Errorf("%w: no sample", backend.ErrInvalidSample)
	}
	if len(probe) > maxSamples {
		return fmt.Errorf("%w: %d samples, at most %d", backend.ErrInvalidSample, len(probe), maxSamples)
	}
	return nil
}

// Identify implements backend.Backend: every shard's top k, merged;
// backend.ErrUnavailable unless every shard answers. k above MaxK is
// taken as MaxK.
func (b *Backend) Identify(ctx context.Context, gallery string, probe []backend.Sample, k int) ([]backend.Candidate, error) {
	const op = "identify"
	ctx, cancel, err := b.begin(ctx, [2]string{"gallery", gallery})
	if err != nil {
		return nil, b.fail(op, err)
	}
	defer cancel()
	if err := checkProbe(probe); err != nil {
		return nil, b.fail(op, err)
	}
	if k <= 0 {
		return nil, nil
	}
	k = min(k, MaxK)
	shards := make([]int, b.o.Shards)
	for i := range shards {
		shards[i] = i
	}
	rs, err := b.ask(ctx, reqSearch, &request{Gallery: gallery, K: k, Probe: probe}, shards)
	if err != nil {
		return nil, b.fail(op, err)
	}
	lists := make([][]backend.Candidate, len(rs))
	for i, r := range rs {
		lists[i] = r.Candidates
	}
	return MergeTopK(k, lists...), nil
}

// Verify implements backend.Backend: the subject's shard compares.
func (b *Backend) Verify(ctx context.Context, gallery, subject string, probe []backend.Sample) (*backend.Verification, error) {
	const op = "verify"
	ctx, cancel, err := b.begin(ctx, [2]string{"gallery", gallery}, [2]string{"subject", subject})
	if err != nil {
		return nil, b.fail(op, err)
	}
	defer cancel()
	if err := checkProbe(probe); err != nil {
		return nil, b.fail(op, err)
	}
	shard := ShardOf(gallery, subject, b.o.Shards)
	rs, err := b.ask(ctx, reqVerify, &request{Gallery: gallery, Subject: subject, Probe: probe}, []int{shard})
	if err != nil {
		return nil, b.fail(op, err)
	}
	return rs[0].Verification, nil
}

// Health implements backend.Backend: OK when the stream and every shard
// answer; the subjects of each gallery summed over the shards.
func (b *Backend) Health(ctx context.Context) (*backend.Health, error) {
	const op = "health"
	ctx, cancel, err := b.begin(ctx)
	if err != nil {
		return nil, b.fail(op, err)
	}
	defer cancel()
	shards := make([]int, b.o.Shards)
	for i := range shards {
		shards[i] = i
	}
	rs, err := b.ask(ctx, reqHealth, &request{}, shards)
	if err != nil {
		return nil, b.fail(op, err)
	}
	h := &backend.Health{OK: true, Subjects: map[string]int{}}
	total := 0
	for _, r := range rs {
		for g, n := range r.Subjects {
			h.Subjects[g] += n
			total += n
		}
	}
	h.Detail = fmt.Sprintf("%d subjects in %d galleries over %d shards (stream %s)", total, len(h.Subjects), b.o.Shards, b.o.Stream)
	return h, nil
}

// ask sends r (op) to each of shards and returns their replies in that
// order: all of them, or backend.ErrUnavailable naming the shards that
// did not answer in time, or the first shard's error by shard order.
// The request carries the stream's last sequence, which each shard
// applies before it answers.
func (b *Backend) ask(ctx context.Context, op string, r *request, shards []int) ([]*reply, error) {
	s, err := b.streamOf(ctx)
	if err != nil {
		return nil, unavailable(ctx, err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		return nil, unavailable(ctx, fmt.Errorf("stream %s: %w", b.o.Stream, err))
	}
	deadline, _ := ctx.Deadline() // begin set one
	r.V, r.After, r.BudgetMs = wireVersion, info.State.LastSeq, max(time.Until(deadline).Milliseconds(), 1)
	data, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	if max := b.nc.MaxPayload(); max > 0 && int64(len(data)) > max {
		return nil, fmt.Errorf("%w: the probe takes %d bytes, above the NATS server's max_payload of %d", backend.ErrInvalidSample, len(data), max)
	}
	gallery := r.Gallery
	if op == reqHealth {
		gallery = "_"
	}
	rs := make([]*reply, len(shards))
	errs := make([]error, len(shards))
	var wg sync.WaitGroup
	for j, i := range shards {
		wg.Go(func() {
			name := shardName(i, b.o.Shards)
			m, err := b.nc.RequestWithContext(ctx, requestSubject(b.o.Prefix, op, gallery, b.o.Shards, i), data)
			switch {
			case errors.Is(err, nats.ErrNoResponders):
				errs[j] = fmt.Errorf("shard %s: no matcher serves it", name)
			case err != nil:
				errs[j] = fmt.Errorf("shard %s: %w", name, err)
			default:
				rs[j], errs[j] = decodeReply(op, name, r.K, m.Data)
			}
		})
	}
	wg.Wait()
	var missing []string
	for _, err := range errs {
		if err != nil {
			missing = append(missing, err.Error())
		}
	}
	if len(missing) > 0 {
		if errors.Is(ctx.Err(), context.Canceled) {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("%w: %d of %d shards did not answer: %s", backend.ErrUnavailable, len(missing), len(shards), strings.Join(missing, "; "))
	}
	for j, r := range rs {
		if r.Error != nil {
			return nil, r.Error.err(shardName(shards[j], b.o.Shards))
		}
	}
	return rs, nil
}
