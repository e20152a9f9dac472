package natsmatch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/embedded"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// ShardOptions configure one matcher shard.
type ShardOptions struct {
	Options
	// Index is the shard's number I, 0 <= I < Options.Shards.
	Index int
	// Embedded tunes the shard's embedded backend (its Log is Log).
	Embedded embedded.Options
	// Log receives the replay's figures and the messages skipped
	// (slog.Default() when nil).
	Log *slog.Logger
}

// Shard is shard I of N on the matcher side: the subjects of the gallery
// stream whose hash modulo N is I, in an embedded backend, answering the
// gateway's requests (see the package doc).
type Shard struct {
	o    ShardOptions
	name string
	nc   *nats.Conn
	b    *embedded.Backend
	log  *slog.Logger
	cc   jetstream.ConsumeContext
	subs []*nats.Subscription
	sem  chan struct{} // bounds the requests worked on at once
	wg   sync.WaitGroup

	mu      sync.Mutex
	applied uint64        // the last stream sequence applied
	changed chan struct{} // closed (and replaced) when applied moves
	live    bool          // the consumer has caught up with the stream once
	closing bool          // Close has begun: no new request is taken

	kept, skipped atomic.Int64 // messages of the shard's subjects applied, messages that could not be
}

// StartShard starts shard o.Index of o.Shards on nc: it replays the
// gallery stream (creating it when absent) and, once caught up with it,
// answers requests. It returns when the shard answers, or with ctx's
// error if the replay outlasts ctx. The caller keeps nc (closing it
// stops the shard as a crash would: its requests go unanswered) and
// calls Close.
func StartShard(ctx context.Context, nc *nats.Conn, o ShardOptions) (*Shard, error) {
	var err error
	if o.Options, err = o.Options.withDefaults(); err != nil {
		return nil, err
	}
	if o.Index < 0 || o.Index >= o.Shards {
		return nil, fmt.Errorf("nats shard: index %d of %d shards", o.Index, o.Shards)
	}
	s := &Shard{o: o, name: shardName(o.Index, o.Shards), nc: nc, log: o.Log, changed: make(chan struct{}),
		sem: make(chan struct{}, max(4, 2*runtime.GOMAXPROCS(0)))}
	if s.log == nil {
		s.log = slog.Default()
	}
	s.log = s.log.With("shard", s.name)
	start := time.Now()
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, fmt.Errorf("nats shard %s: %w", s.name, err)
	}
	stream, err := ensureStream(ctx, js, o.Options)
	if err != nil {
		return nil, fmt.Errorf("nats shard %s: %w", s.name, err)
	}
	info, err := stream.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("nats shard %s: stream %s: %w", s.name, o.Stream, err)
	}
	eo := o.Embedded
	eo.Log = s.log
	if s.b, err = embedded.New(discard{}, eo); err != nil {
		return nil, fmt.Errorf("nats shard %s: %w", s.name, err)
	}
	cons, err := js.OrderedConsumer(ctx, o.Stream, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{enrolFilter(o.Prefix)}, DeliverPolicy: jetstream.DeliverAllPolicy})
	if err == nil {
		s.cc, err = cons.Consume(s.apply, jetstream.ConsumeErrHandler(func(_ jetstream.ConsumeContext, err error) {
			s.log.Warn("gallery stream consumer", "stream", o.Stream, "error", err) // it resumes by itself (ordered consumer)
		}))
	}
	if err != nil {
		s.b.Close()
		return nil, fmt.Errorf("nats shard %s: consuming stream %s: %w", s.name, o.Stream, err)
	}
	if info.State.Msgs > 0 {
		if err := s.waitCaughtUp(ctx, info.State.LastSeq, true); err != nil {
			s.Close()
			return nil, fmt.Errorf("nats shard %s: replaying stream %s: %w", s.name, o.Stream, err)
		}
	}
	for _, op := range []string{reqSearch, reqVerify, reqHealth} {
		subj := fmt.Sprintf("%s.match.%s.*.%d.%d", o.Prefix, op, o.Shards, o.Index)
		sub, err := nc.QueueSubscribe(subj, "biogate-shard-"+s.name, s.serve(op))
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("nats shard %s: %w", s.name, err)
		}
		s.subs = append(s.subs, sub)
	}
	// The server has the subscriptions once the flush's PONG is back: a
	// request sent after StartShard returns finds the shard.
	if err := nc.FlushTimeout(time.Minute); err != nil {
		s.Close()
		return nil, fmt.Errorf("nats shard %s: %w", s.name, err)
	}
	index := ""
	if h, err := s.b.Health(ctx); err == nil {
		index = h.Detail
	}
	s.log.Info("matcher shard ready: stream replayed", "stream", o.Stream, "applied_seq", s.Applied(),
		"messages_kept", s.kept.Load(), "skipped", s.skipped.Load(), "index", index, "elapsed", time.Since(start))
	return s, nil
}

// Close stops answering and following the stream, waits for the requests
// in progress, and releases the index. The connection is the caller's.
func (s *Shard) Close() error {
	for _, sub := range s.subs {
		sub.Unsubscribe()
	}
	if s.cc != nil {
		s.cc.Stop()
	}
	s.mu.Lock()
	s.closing = true
	s.mu.Unlock()
	s.wg.Wait()
	return s.b.Close()
}

// Applied returns the last stream sequence the shard has applied.
func (s *Shard) Applied() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.applied
}

// apply is the stream consumer's handler (called for one message at a
// time, in stream order): a message of the shard's subjects replaces the
// subject in the index; others only move the applied sequence.
func (s *Shard) apply(msg jetstream.Msg) {
	meta, err := msg.Metadata()
	if err != nil {
		s.log.Warn("stream message without metadata skipped", "error", err)
		return
	}
	if err := s.applyMsg(msg.Subject(), msg.Data()); err != nil {
		s.skipped.Add(1)
		s.log.Warn("stream message skipped", "seq", meta.Sequence.Stream, "subject", msg.Subject(), "error", err)
	}
	s.mu.Lock()
	s.applied = max(s.applied, meta.Sequence.Stream)
	s.live = s.live || meta.NumPending == 0
	close(s.changed)
	s.changed = make(chan struct{})
	s.mu.Unlock()
}

// applyMsg applies one stream message to the index if it is the shard's.
func (s *Shard) applyMsg(subject string, data []byte) error {
	tok, hash, err := parseEnrolSubject(s.o.Prefix, subject)
	if err != nil {
		return err
	}
	i, err := shardOfHash(hash, s.o.Shards)
	if err != nil || i != s.o.Index {
		return err
	}
	m, err := decodeEnrolMsg(tok, hash, data)
	if err != nil {
		return err
	}
	ctx := context.Background() // the index is in memory; nothing to wait for
	if m.Op == opRemove {
		if err := s.b.Remove(ctx, m.Gallery, m.Subject); err != nil && !errors.Is(err, backend.ErrNotFound) {
			return err
		}
		s.kept.Add(1)
		return nil
	}
	if err := s.b.Put(ctx, m.Gallery, m.Subject, m.Samples); err != nil {
		return err
	}
	s.kept.Add(1)
	return nil
}

// waitCaughtUp waits until the shard has applied seq or, when orEnd (the
// replay at start, whose last sequence a limit may have removed), has
// seen the end of the stream once (a message with nothing pending after
// it). A request waits for its own sequence, always: the stream holds
// enrolment messages only (ensureStream), so the message of the last
// sequence the gateway read comes, and having once been at the end of
// the stream says nothing of the enrolments acknowledged since.
func (s *Shard) waitCaughtUp(ctx context.Context, seq uint64, orEnd bool) error {
	for {
		s.mu.Lock()
		applied, live, ch := s.applied, s.live, s.changed
		s.mu.Unlock()
		if applied >= seq || (orEnd && live) {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("%w: shard %s has applied the stream up to %d, the request needs %d: %w",
				backend.ErrUnavailable, s.name, applied, seq, ctx.Err())
		}
	}
}

// serve returns the handler of op's requests: each worked on in a
// goroutine of its own (the embedded backend's search itself uses every
// core), at most cap(s.sem) at once.
func (s *Shard) serve(op string) nats.MsgHandler {
	return func(msg *nats.Msg) {
		s.sem <- struct{}{}
		s.mu.Lock()
		if s.closing { // Close is waiting for the requests in progress
			s.mu.Unlock()
			<-s.sem
			return
		}
		s.wg.Add(1)
		s.mu.Unlock()
		go func() {
			defer s.wg.Done()
			defer func() { <-s.sem }()
			data, err := json.Marshal(s.handle(op, msg.Data))
			if err == nil {
				err = msg.Respond(data)
			}
			if err != nil {
				s.log.Warn("reply not sent", "op", op, "error", err)
			}
		}()
	}
}

// handle answers one request.
func (s *Shard) handle(op string, data []byte) *reply {
	rep := &reply{V: wireVersion, Shard: s.name}
	r, err := decodeRequest(op, data)
	if err != nil {
		rep.Error = errorOf(err)
		return rep
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(r.BudgetMs)*time.Millisecond)
	defer cancel()
	if err = s.waitCaughtUp(ctx, r.After, false); err == nil {
		switch op {
		case reqSearch:
			rep.Candidates, err = s.b.Identify(ctx, r.Gallery, r.Probe, r.K)
		case reqVerify:
			rep.Verification, err = s.b.Verify(ctx, r.Gallery, r.Subject, r.Probe)
		case reqHealth:
			var h *backend.Health
			if h, err = s.b.Health(ctx); err == nil {
				rep.Subjects = h.Subjects
			}
		}
	}
	rep.Applied = s.Applied()
	if err != nil {
		var be *backend.Error
		if errors.As(err, &be) {
			err = be.Err // the shard's embedded backend is no news to the gateway
		}
		rep.Error = errorOf(err)
	}
	return rep
}
