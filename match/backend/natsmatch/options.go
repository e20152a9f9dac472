package natsmatch

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Name is the backend's kind.
const Name = "nats"

// Defaults and bounds.
const (
	DefaultStream  = "BIOGATE_GALLERIES"
	DefaultPrefix  = "biogate"
	DefaultTimeout = 30 * time.Second
	// MaxShards bounds the shard count (a search waits for every shard).
	MaxShards = 256
	// MaxK bounds the candidates a search returns: the exchange asks at
	// most 100 (exchange.MaxLimit); MaxK keeps an answer of every shard
	// far below NATS's default max_payload of 1 MiB.
	MaxK = 1000
)

// Options are what the gateway and the shards agree on.
type Options struct {
	// Stream is the JetStream stream of the enrolments (DefaultStream
	// when empty).
	Stream string
	// Prefix starts every subject (DefaultPrefix when empty): the
	// enrolments are PREFIX.enrol.>, the requests PREFIX.match.>.
	Prefix string
	// Shards is the number of shards n (1 when 0).
	Shards int
	// Timeout bounds each call (DefaultTimeout when 0).
	Timeout time.Duration
}

// Check reports what is wrong with o (empty fields taking their
// defaults).
func (o Options) Check() error {
	_, err := o.withDefaults()
	return err
}

// withDefaults checks o and fills in the defaults.
func (o Options) withDefaults() (Options, error) {
	if o.Stream == "" {
		o.Stream = DefaultStream
	}
	if o.Prefix == "" {
		o.Prefix = DefaultPrefix
	}
	if o.Shards == 0 {
		o.Shards = 1
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	switch {
	case !plainToken.MatchString(o.Stream) || len(o.Stream) > 32:
		return o, fmt.Errorf("nats backend: stream name %q: 1 to 32 letters, digits, '-' or '_'", o.Stream)
	case !prefixPattern.MatchString(o.Prefix):
		return o, fmt.Errorf("nats backend: subject prefix %q: dot-separated tokens of letters, digits, '-' or '_'", o.Prefix)
	case o.Shards < 1 || o.Shards > MaxShards:
		return o, fmt.Errorf("nats backend: %d shards: 1 to %d", o.Shards, MaxShards)
	case o.Timeout < 0:
		return o, fmt.Errorf("nats backend: timeout %v is negative", o.Timeout)
	}
	return o, nil
}

// streamConfig is the gallery stream: every enrolment subject of the
// prefix, one message (the last state) per subject, on disk.
func (o Options) streamConfig() jetstream.StreamConfig {
	return jetstream.StreamConfig{
		Name:              o.Stream,
		Description:       "Biogate gallery enrolments: the last state of each subject (match/backend/natsmatch)",
		Subjects:          []string{enrolFilter(o.Prefix)},
		Retention:         jetstream.LimitsPolicy,
		MaxMsgsPerSubject: 1,
		Discard:           jetstream.DiscardOld,
		Storage:           jetstream.FileStorage,
		AllowDirect:       true,
	}
}

// ensureStream returns the gallery stream, creating it when absent. An
// existing stream is used as it is (its replicas and limits are the
// operator's) unless it could not be the last state of each subject.
func ensureStream(ctx context.Context, js jetstream.JetStream, o Options) (jetstream.Stream, error) {
	s, err := js.Stream(ctx, o.Stream)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		s, err = js.CreateStream(ctx, o.streamConfig())
		if errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) { // another node made it meanwhile
			s, err = js.Stream(ctx, o.Stream)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("stream %s: %w", o.Stream, err)
	}
	c := s.CachedInfo().Config
	if c.MaxMsgsPerSubject != 1 || !slices.Equal(c.Subjects, []string{enrolFilter(o.Prefix)}) || c.Retention != jetstream.LimitsPolicy {
		return nil, fmt.Errorf("stream %s exists but is not a gallery stream (subjects %v, max messages per subject %d, retention %v; want [%s], 1, limits)",
			o.Stream, c.Subjects, c.MaxMsgsPerSubject, c.Retention, enrolFilter(o.Prefix))
	}
	return s, nil
}
