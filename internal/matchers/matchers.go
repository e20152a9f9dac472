// Package matchers opens the matching backends a partner configuration
// names (internal/exchange's "backends") and gives the exchange service
// what it matches with: the backends and the sample builder
// (match/backend/samples). It is apart from package exchange because the
// backends and the sample builder read their input through packages
// (match/input, match/source) that themselves use the exchange's loader.
//
// What `biogate serve` does:
//
//	bs, err := matchers.Open(cfg, st, log)
//	...
//	defer bs.Close()
//	svc := exchange.New(st, cfg, append(opts, matchers.Options(bs)...)...)
package matchers

import (
	"fmt"
	"log/slog"

	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/embedded"
	"github.com/biogate/biogate/match/backend/httpmatcher"
	"github.com/biogate/biogate/match/backend/mosip"
	"github.com/biogate/biogate/match/backend/natsmatch"
	"github.com/biogate/biogate/match/backend/samples"
	"github.com/biogate/biogate/store"
)

// opener opens one configured backend over the service's store.
type opener func(c *exchange.Config, bc exchange.BackendConfig, st store.Store, log *slog.Logger) (backend.Backend, error)

// openers are the backend types, by the name the configuration uses
// (CONVENTIONS.md 17: a registry by name).
var openers = map[string]opener{
	exchange.BackendEmbedded: openEmbedded,
	exchange.BackendHTTP:     openHTTP,
	exchange.BackendMOSIP:    openMOSIP,
	exchange.BackendNATS:     openNATS,
}

// Options are the exchange options matching needs: the backends, and
// package samples as the sample builder.
func Options(bs exchange.Backends) []exchange.Option {
	return []exchange.Option{exchange.WithBackends(bs), exchange.WithSampleBuilder(samples.FromInput)}
}

// Open opens the matching backends cfg names, in order; with none
// named, one embedded backend named "embedded" on st. The caller closes
// them (Backends.Close) after the service is done with them. Nothing is
// contacted yet: an external backend that is down makes the calls that
// need it answer KindUnavailable, not the start fail.
func Open(cfg *exchange.Config, st store.Store, log *slog.Logger) (exchange.Backends, error) {
	if log == nil {
		log = slog.Default()
	}
	bcs := cfg.Backends
	if len(bcs) == 0 {
		bcs = []exchange.BackendConfig{{Name: exchange.BackendEmbedded, Type: exchange.BackendEmbedded}}
	}
	var out exchange.Backends
	for _, bc := range bcs {
		open, ok := openers[bc.Type]
		if !ok {
			out.Close()
			return nil, fmt.Errorf("backend %q: type %q is not built into this binary", bc.Name, bc.Type)
		}
		b, err := open(cfg, bc, st, log)
		if err != nil {
			out.Close()
			return nil, fmt.Errorf("backend %q: %w", bc.Name, err)
		}
		out = append(out, exchange.NamedBackend{Name: bc.Name, Backend: b})
	}
	return out, nil
}

// openHTTP opens an "http" backend: a client of Biogate's matcher
// protocol, with the bearer token of its tokenFile (relative to the
// configuration file).
func openHTTP(c *exchange.Config, bc exchange.BackendConfig, _ store.Store, _ *slog.Logger) (backend.Backend, error) {
	o := httpmatcher.ClientOptions{Timeout: bc.CallTimeout()}
	if bc.TokenFile != "" {
		tok, err := httpmatcher.ReadToken(c.Path(bc.TokenFile))
		if err != nil {
			return nil, err
		}
		o.Token = tok
	}
	return httpmatcher.New(bc.URL, o)
}

// openMOSIP opens a "mosip-biosdk" backend: the adapter keeps the
// gallery's images in the store (a space of its own per backend, the
// Bio-SDK service keeping nothing) and sends them with each probe.
func openMOSIP(_ *exchange.Config, bc exchange.BackendConfig, st store.Store, _ *slog.Logger) (backend.Backend, error) {
	g, ok := any(st).(store.Galleries)
	if !ok {
		return nil, fmt.Errorf("the store keeps no gallery enrolments")
	}
	space := mosip.Space
	if bc.Name != exchange.BackendMOSIP {
		space += "-" + bc.Name
	}
	return mosip.New(bc.URL, g, mosip.Options{Timeout: bc.CallTimeout(), Space: space})
}

// openNATS opens a "nats" backend: enrolments to its gallery stream,
// searches fanned out to its shards (package natsmatch). The NATS
// connection is made in the background: NATS down at start makes the
// calls unavailable, as for the other external backends.
func openNATS(_ *exchange.Config, bc exchange.BackendConfig, _ store.Store, _ *slog.Logger) (backend.Backend, error) {
	return natsmatch.New(bc.URL, natsmatch.Options{Stream: bc.Stream, Prefix: bc.SubjectPrefix,
		Shards: bc.Shards, Timeout: bc.CallTimeout()})
}

// openEmbedded opens the "embedded" backend on the service's store (its
// templates in store.SpaceEmbedded, its index rebuilt here, at start).
// One store holds one embedded backend's templates, so a configuration
// names at most one (exchange.Config's checks).
func openEmbedded(_ *exchange.Config, _ exchange.BackendConfig, st store.Store, log *slog.Logger) (backend.Backend, error) {
	g, ok := any(st).(store.Galleries)
	if !ok {
		return nil, fmt.Errorf("the store keeps no gallery enrolments")
	}
	return embedded.New(g, embedded.Options{Log: log})
}
