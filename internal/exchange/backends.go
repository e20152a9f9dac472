package exchange

import (
	"errors"

	"github.com/biogate/biogate/match/backend"
)

// NamedBackend is one configured matching backend: its configuration
// name (BackendConfig.Name) and the backend.
type NamedBackend struct {
	Name string
	backend.Backend
}

// Backends are the service's matching backends, in configuration order.
type Backends []NamedBackend

// Close closes every backend.
func (bs Backends) Close() error {
	var errs []error
	for _, b := range bs {
		errs = append(errs, b.Backend.Close())
	}
	return errors.Join(errs...)
}

// byName returns the backend configured as name.
func (bs Backends) byName(name string) (NamedBackend, bool) {
	for _, b := range bs {
		if b.Name == name {
			return b, true
		}
	}
	return NamedBackend{}, false
}

// SampleBuilder turns a body (a transaction, an ISO/INCITS record, an
// image) into the samples a backend takes, in the first of formats the
// body can give, with notes on what was assumed: package
// match/backend/samples (FromInput), which this package cannot import
// (match/source reads transactions through it); internal/matchers
// passes it. Errors wrap backend.ErrUnsupported (nothing in formats) or
// backend.ErrInvalidSample.
type SampleBuilder func(body []byte, formats []string) ([]backend.Sample, []string, error)

// WithSampleBuilder sets how bodies become samples.
func WithSampleBuilder(f SampleBuilder) Option { return func(s *Service) { s.samples = f } }

// WithBackends gives the service its matching backends (package
// internal/matchers opens those a configuration names). Without any, the gallery calls
// answer KindUnavailable.
func WithBackends(bs Backends) Option { return func(s *Service) { s.backends = bs } }
