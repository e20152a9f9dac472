package exchange

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// BackendConfig is one matching backend of the partners file
// ("backends"): the embedded matcher, Biogate's http matcher protocol,
// or a MOSIP Bio-SDK service.
type BackendConfig struct {
	Name string `json:"name"`
	Type string `json:"type"` // BackendEmbedded, BackendHTTP, BackendMOSIP, BackendNATS
	// URL is the http matcher's or Bio-SDK service's base URL, or the
	// NATS server(s) of a nats backend (nats://host:4222, comma-separated).
	URL string `json:"url,omitempty"`
	// TokenFile holds the bearer token the http backend sends, relative
	// to the configuration file.
	TokenFile string `json:"tokenFile,omitempty"`
	// Timeout bounds each call (a Go duration, "30s"); 0: DefaultBackendTimeout.
	Timeout string `json:"timeout,omitempty"`
	// Stream, SubjectPrefix and Shards are a nats backend's gallery
	// stream (default BIOGATE_GALLERIES), the prefix of its subjects
	// (default biogate) and its number of matcher shards, which must be
	// the N of every `biogate matcher serve --nats URL --shard I/N`.
	Stream        string `json:"stream,omitempty"`
	SubjectPrefix string `json:"subjectPrefix,omitempty"`
	Shards        int    `json:"shards,omitempty"`
}

// Backend types.
const (
	BackendEmbedded = "embedded"
	BackendHTTP     = "http"
	BackendMOSIP    = "mosip-biosdk"
	BackendNATS     = "nats"
)

// DefaultBackendTimeout bounds a call to an external backend whose
// configuration gives no timeout.
const DefaultBackendTimeout = 30 * time.Second

// GalleryConfig names the backends of a gallery, in order: each modality
// goes to the first of them that supports it.
type GalleryConfig struct {
	Name     string   `json:"name"`
	Backends []string `json:"backends"`
}

// Matching is a partner's matching rules: which transaction types (1.004
// TOT) it submits enrol into which gallery, and which are searches of
// which galleries.
type Matching struct {
	Enrol  []EnrolRule  `json:"enrol,omitempty"`
	Search []SearchRule `json:"search,omitempty"`
}

// EnrolRule: a transaction of one of Types enrols into Gallery for
// Purpose.
type EnrolRule struct {
	Types   []string `json:"types"`
	Gallery string   `json:"gallery"`
	Purpose string   `json:"purpose,omitempty"`
}

// SearchRule: a transaction of one of Types searches Galleries for
// Purpose and is answered with at most Limit candidates (0:
// DefaultLimit).
type SearchRule struct {
	Types     []string `json:"types"`
	Galleries []string `json:"galleries"`
	Purpose   string   `json:"purpose,omitempty"`
	Limit     int      `json:"limit,omitempty"`
}

// CallTimeout returns the bound of each call to the backend.
func (b BackendConfig) CallTimeout() time.Duration {
	d, err := time.ParseDuration(b.Timeout)
	if err != nil || d <= 0 {
		return DefaultBackendTimeout
	}
	return d
}

// Path resolves a file name of the configuration (a token file, say)
// relative to the configuration file's folder.
func (c *Config) Path(name string) string {
	if filepath.IsAbs(name) || c.dir == "" {
		return name
	}
	return filepath.Join(c.dir, name)
}

// backendNames returns the names of the configured backends, in order;
// with none configured, the one embedded backend.
func (c *Config) backendNames() []string {
	if len(c.Backends) == 0 {
		return []string{BackendEmbedded}
	}
	names := make([]string, len(c.Backends))
	for i, b := range c.Backends {
		names[i] = b.Name
	}
	return names
}

// GalleryBackends returns the names of gallery's backends: those its
// "galleries" entry lists, else (a gallery created at first enrolment)
// every configured backend in order.
func (c *Config) GalleryBackends(gallery string) []string {
	for _, g := range c.Galleries {
		if g.Name == gallery {
			return g.Backends
		}
	}
	return c.backendNames()
}

// EnrolRuleFor returns the sender's enrol rule naming tot, nil if none.
func (p *Partner) EnrolRuleFor(tot string) *EnrolRule {
	if p.Matching == nil {
		return nil
	}
	tot = strings.TrimSpace(tot)
	for i, r := range p.Matching.Enrol {
		if slices.Contains(r.Types, tot) {
			return &p.Matching.Enrol[i]
		}
	}
	return nil
}

// SearchRuleFor returns the sender's search rule naming tot, nil if none.
func (p *Partner) SearchRuleFor(tot string) *SearchRule {
	if p.Matching == nil {
		return nil
	}
	tot = strings.TrimSpace(tot)
	for i, r := range p.Matching.Search {
		if slices.Contains(r.Types, tot) {
			return &p.Matching.Search[i]
		}
	}
	return nil
}

// checkMatching checks what the schema cannot: unique backend and gallery
// names, galleries naming configured backends, timeouts that parse, rules
// naming valid and known galleries, and no TOT in two rules of a partner.
// A search rule must name a gallery that is configured under "galleries"
// or filled by some partner's enrol rule (else it would search nothing);
// an enrol rule may name a new gallery, created at its first enrolment
// with every backend.
func (c *Config) checkMatching() error {
	backends := map[string]bool{}
	embeddeds := 0
	for _, b := range c.Backends {
		if b.Type == BackendEmbedded {
			if embeddeds++; embeddeds > 1 {
				return fmt.Errorf("backend %q: only one embedded backend can be configured (its templates are kept in the service's store)", b.Name)
			}
		}
		if backends[b.Name] {
			return fmt.Errorf("backend %q is configured twice", b.Name)
		}
		backends[b.Name] = true
		if b.Timeout != "" {
			if d, err := time.ParseDuration(b.Timeout); err != nil || d <= 0 {
				return fmt.Errorf("backend %q: timeout %q is not a positive Go duration such as \"30s\"", b.Name, b.Timeout)
			}
		}
		if b.Type != BackendEmbedded && b.URL == "" {
			return fmt.Errorf("backend %q: a %s backend needs a url", b.Name, b.Type)
		}
		// The schema takes either scheme for any type; the type decides.
		if nats := b.Type == BackendNATS; b.URL != "" && nats != (strings.HasPrefix(b.URL, "nats://") || strings.HasPrefix(b.URL, "tls://")) {
			return fmt.Errorf("backend %q: url %q: a %s backend's url is %s", b.Name, b.URL, b.Type, map[bool]string{true: "nats://HOST:PORT or tls://HOST:PORT", false: "http:// or https://"}[nats])
		}
		if b.Type != BackendNATS && (b.Stream != "" || b.SubjectPrefix != "" || b.Shards != 0) {
			return fmt.Errorf("backend %q: stream, subjectPrefix and shards are a nats backend's", b.Name)
		}
	}
	if len(c.Backends) == 0 {
		backends[BackendEmbedded] = true
	}
	known := map[string]bool{}
	for _, g := range c.Galleries {
		if !galleryName.MatchString(g.Name) {
			return fmt.Errorf("gallery %q: not a gallery name (%s)", g.Name, galleryName)
		}
		if known[g.Name] {
			return fmt.Errorf("gallery %q is configured twice", g.Name)
		}
		known[g.Name] = true
		if len(g.Backends) == 0 {
			return fmt.Errorf("gallery %q names no backend", g.Name)
		}
		for _, b := range g.Backends {
			if !backends[b] {
				return fmt.Errorf("gallery %q: backend %q is not configured (backends: %s)", g.Name, b, strings.Join(c.backendNames(), ", "))
			}
		}
	}
	for _, p := range c.Partners {
		if p.Matching == nil {
			continue
		}
		for _, r := range p.Matching.Enrol {
			if !galleryName.MatchString(r.Gallery) {
				return fmt.Errorf("partner %q: enrol rule for %v: %q is not a gallery name", p.Name, r.Types, r.Gallery)
			}
			known[r.Gallery] = true
		}
	}
	for _, p := range c.Partners {
		if p.Matching == nil {
			continue
		}
		tots := map[string]string{}
		claim := func(types []string, what string) error {
			for _, t := range types {
				if prev, ok := tots[t]; ok {
					return fmt.Errorf("partner %q: transaction type %q is in its %s rule and its %s rule", p.Name, t, prev, what)
				}
				tots[t] = what
			}
			return nil
		}
		for _, r := range p.Matching.Enrol {
			if err := claim(r.Types, "enrol"); err != nil {
				return err
			}
		}
		for _, r := range p.Matching.Search {
			if err := claim(r.Types, "search"); err != nil {
				return err
			}
			for _, g := range r.Galleries {
				if !known[g] {
					return fmt.Errorf("partner %q: search rule for %v: gallery %q is neither configured under \"galleries\" nor filled by an enrol rule", p.Name, r.Types, g)
				}
			}
		}
	}
	return nil
}
