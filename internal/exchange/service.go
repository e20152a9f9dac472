package exchange

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/biogate/biogate/audit"
	"github.com/biogate/biogate/conformance"
	"github.com/biogate/biogate/sign"
	"github.com/biogate/biogate/store"
)

// Caller is who asks the Service: a partner, and whether it holds the
// admin scope (admins see and may delete every transaction) and the
// audit scope (the review of the audit log).
type Caller struct {
	Partner string
	Admin   bool
	Audit   bool
}

// Service is the exchange between partners over a store.
type Service struct {
	store     store.Store
	cfg       *Config
	validator Validator
	now       func() time.Time
	log       *slog.Logger
	signKey   sign.Key    // the service's own signing key; nil: it does not sign
	trusted   sign.KeySet // keys whose signatures Verify accepts
	audit     Auditor     // nil: nothing is audited
	backends  Backends    // matching backends, in configuration order
	samples   SampleBuilder
	running   sync.Map      // kind/id of the jobs being worked on (jobs.go, batches.go)
	batch     batches       // batch jobs (batches.go)
	queue     JobQueue      // nil: one node, running its jobs itself (queue.go)
	retry     time.Duration // the longest wait before a job is tried again; 0: retryMax
}

// Auditor records audit entries: *audit.Log implements it.
type Auditor interface {
	Append(e audit.Entry) error
}

// WithAudit sets the audit log the service writes its own events to
// (deliveries, retention purges) and that Audit appends to.
func WithAudit(a Auditor) Option { return func(s *Service) { s.audit = a } }

// WithSigningKey sets the service's own signing key (a private JWK):
// POST /v1/sign signs with it, and redacted copies of signed
// transactions are signed again with it. Its public key is trusted.
func WithSigningKey(k sign.Key) Option { return func(s *Service) { s.signKey = k } }

// WithTrustedKeys sets the partners' public keys whose signatures Verify
// accepts (besides the service's own).
func WithTrustedKeys(set sign.KeySet) Option { return func(s *Service) { s.trusted = set } }

// Option configures a Service.
type Option func(*Service)

// WithValidator sets the validator (DefaultValidator otherwise).
func WithValidator(v Validator) Option { return func(s *Service) { s.validator = v } }

// WithClock sets the clock stamping arrivals and acknowledgements.
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// WithLogger sets the logger of delivery failures.
func WithLogger(l *slog.Logger) Option { return func(s *Service) { s.log = l } }

// WithRetryMax caps the wait before a job whose backend was unavailable
// is tried again (the backoff doubles from 5 s up to it; default an
// hour), so that a search pending while its matcher was down is answered
// at most d after the matcher is back (serve: --search-retry).
func WithRetryMax(d time.Duration) Option { return func(s *Service) { s.retry = d } }

// retryLimit is WithRetryMax's cap, or retryMax.
func (s *Service) retryLimit() time.Duration {
	if s.retry > 0 {
		return s.retry
	}
	return retryMax
}

// New returns a Service storing into st with the partners of cfg.
func New(st store.Store, cfg *Config, opts ...Option) *Service {
	s := &Service{store: st, cfg: cfg, validator: DefaultValidator, now: time.Now, log: slog.Default()}
	for _, o := range opts {
		o(s)
	}
	s.trusted = sign.Trusted(s.trusted, s.signKey)
	return s
}

// Audit appends e to the audit log, if there is one. Its time is the
// service's clock when zero.
func (s *Service) Audit(e audit.Entry) error {
	if s.audit == nil {
		return nil
	}
	if e.Time.IsZero() {
		e.Time = s.now()
	}
	if err := s.audit.Append(e); err != nil {
		s.log.Error("the audit log cannot be written", "error", err, "action", e.Action, "transaction", e.Transaction)
		return &Error{Kind: KindUnavailable, Msg: "the audit log cannot be written", Err: err}
	}
	return nil
}

// Config returns the partner configuration.
func (s *Service) Config() *Config { return s.cfg }

// Validator returns the validator in use.
func (s *Service) Validator() Validator { return s.validator }

// Inspect summarises b; see the package function.
func (s *Service) Inspect(ctx context.Context, b []byte) (*Inspection, error) { return Inspect(ctx, b) }

// Render writes an image of b as PNG; see the package function.
func (s *Service) Render(ctx context.Context, b []byte, o RenderOptions) (*Output, error) {
	return Render(ctx, b, o)
}

// Convert converts b; see the package function.
func (s *Service) Convert(ctx context.Context, b []byte, o ConvertOptions) (*Output, error) {
	return Convert(ctx, b, o)
}

// Validate checks b against a profile up to a conformance level (0 for
// DefaultLevel). An ISO/IEC 19794 or INCITS record is checked as its
// header's edition (CheckRecord, as `biogate validate` does); profiles
// are ANSI/NIST-ITL transaction profiles and do not apply to it.
func (s *Service) Validate(ctx context.Context, b []byte, profile string, level int) (*Report, error) {
	if level < 0 || level > 3 {
		return nil, errorf(KindInvalid, "level %d is not 1, 2 or 3", level)
	}
	if isRecordInput(b, "") {
		return s.ValidateRecord(ctx, b, "", level)
	}
	rep, err := s.validator.Validate(ctx, b, profile, conformance.Level(level))
	if errors.Is(err, ErrUnknownProfile) {
		return nil, &Error{Kind: KindInvalid, Msg: "profile", Err: err}
	}
	if err != nil {
		return nil, err
	}
	return reportOf(rep), nil
}

// Ready reports whether the service can accept transactions.
func (s *Service) Ready(ctx context.Context) error {
	return notReady(s.Checks(ctx))
}

// storeError turns store errors into *Error.
func storeError(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, store.ErrNotFound):
		return errorf(KindNotFound, "%s not found", what)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	}
	return &Error{Kind: KindUnavailable, Msg: "the store failed", Err: err}
}
