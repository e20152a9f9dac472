package exchange

import (
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/httpmatcher"
	"github.com/biogate/biogate/match/backend/mosip"
	"github.com/biogate/biogate/store"
)

// opener opens one configured backend over the service's store.
type opener func(c *Config, bc BackendConfig, st store.Store, log *slog.Logger) (backend.Backend, error)

// openers are the backend types, by the name the configuration uses
// (CONVENTIONS.md 17: a registry by name). The embedded one is in
// backends_embedded.go.
var openers = map[string]opener{
	BackendHTTP:  openHTTP,
	BackendMOSIP: openMOSIP,
}

// OpenBackends opens the matching backends cfg names, in order; with none
// named, one embedded backend named "embedded" on st. The caller closes
// them (Backends.Close) after the service is done with them. Nothing is
// contacted yet: an external backend that is down makes the calls that
// need it answer KindUnavailable, not the start fail.
func OpenBackends(cfg *Config, st store.Store, log *slog.Logger) (Backends, error) {
	if log == nil {
		log = slog.Default()
	}
	bcs := cfg.Backends
	if len(bcs) == 0 {
		bcs = []BackendConfig{{Name: BackendEmbedded, Type: BackendEmbedded}}
	}
	var out Backends
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
		out = append(out, NamedBackend{Name: bc.Name, Backend: b})
	}
	return out, nil
}

// openHTTP opens an "http" backend: a client of Biogate's matcher
// protocol, with the bearer token of its tokenFile (relative to the
// configuration file).
func openHTTP(c *Config, bc BackendConfig, _ store.Store, _ *slog.Logger) (backend.Backend, error) {
	o := httpmatcher.ClientOptions{Timeout: bc.timeout()}
	if bc.TokenFile != "" {
		name := bc.TokenFile
		if !filepath.IsAbs(name) {
			name = filepath.Join(c.dir, name)
		}
		tok, err := httpmatcher.ReadToken(name)
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
func openMOSIP(_ *Config, bc BackendConfig, st store.Store, _ *slog.Logger) (backend.Backend, error) {
	g, ok := any(st).(store.Galleries)
	if !ok {
		return nil, fmt.Errorf("the store keeps no gallery enrolments")
	}
	space := mosip.Space
	if bc.Name != BackendMOSIP {
		space += "-" + bc.Name
	}
	return mosip.New(bc.URL, g, mosip.Options{Timeout: bc.timeout(), Space: space})
}
