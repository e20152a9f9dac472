package exchange

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/biogate/biogate/internal/auth"
	"github.com/biogate/biogate/internal/schema"
	"github.com/biogate/biogate/policy"
)

// PartnersSchema is the JSON Schema (draft 2020-12) of the partner
// configuration file.
//
//go:embed partners.schema.json
var PartnersSchema []byte

// Config is the partner configuration: who may call the service, with
// which keys, and how each partner receives what is sent to it.
type Config struct {
	Issuers  []Issuer  `json:"issuers"`
	Partners []Partner `json:"partners"`
	// Backends are the matching backends (none: one embedded backend),
	// Galleries the backends of each gallery (matching_config.go).
	Backends  []BackendConfig `json:"backends,omitempty"`
	Galleries []GalleryConfig `json:"galleries,omitempty"`

	dir      string                    // the file's folder, for relative jwksFile and policy names
	policies map[string]*policy.Policy // each partner's disclosure policy, by name
}

// Issuer is a token issuer and its keys.
type Issuer struct {
	Name     string          `json:"name"`
	JWKS     json.RawMessage `json:"jwks,omitempty"`
	JWKSFile string          `json:"jwksFile,omitempty"`
}

// Partner is one party to the exchange.
type Partner struct {
	Name     string   `json:"name"`
	Issuer   string   `json:"issuer"`
	Scopes   []string `json:"scopes"`
	Agencies []string `json:"agencies,omitempty"` // ORI/DAI values it owns; "*" for any other
	// Country is the ISO 3166-1 alpha-3 code of the partner's agencies.
	// INT-I's XML encoding requires the country of the destination and
	// originating agencies (INTERPOL MRT 01.017-C/-D), which the
	// traditional encoding does not carry; deliveries in INT-I XML take
	// them from here.
	Country string  `json:"country,omitempty"`
	Profile string  `json:"profile,omitempty"` // what its submissions are checked against
	Level   int     `json:"level,omitempty"`   // up to which conformance level (0: DefaultLevel)
	Receive Receive `json:"receive"`
	// Policy is the partner's disclosure policy (package policy): a
	// policy document inline, or the name of a policy file relative to
	// the configuration file. Without one the partner is not restricted
	// beyond its scopes, and its transactions are kept until deleted.
	Policy json.RawMessage `json:"policy,omitempty"`
	// Matching says which of its transaction types enrol into a gallery
	// and which are searches (matching_config.go); nil: none.
	Matching *Matching `json:"matching,omitempty"`
}

// Receive is the form in which a partner receives transactions.
type Receive struct {
	Format  string `json:"format"`            // an2 or xml
	Dialect string `json:"dialect,omitempty"` // for xml
	Profile string `json:"profile,omitempty"` // what it receives must meet
	Level   int    `json:"level,omitempty"`   // up to which conformance level
}

// AnyAgency in a partner's agencies makes it receive every transaction
// whose destination no other partner owns.
const AnyAgency = "*"

// partnersSchema is compiled on first use, not at start-up.
var partnersSchema = sync.OnceValue(func() *schema.Schema { return schema.MustCompile(PartnersSchema) })

// LoadConfig reads a partner configuration file and checks it against
// PartnersSchema and for consistency.
func LoadConfig(name string) (*Config, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	c, err := parseConfig(b, filepath.Dir(name))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return c, nil
}

// ParseConfig reads a partner configuration; policy file names are
// relative to the working directory.
func ParseConfig(b []byte) (*Config, error) { return parseConfig(b, "") }

func parseConfig(b []byte, dir string) (*Config, error) {
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	if err := partnersSchema().Validate(doc); err != nil {
		return nil, fmt.Errorf("the partner configuration does not match its schema: %v", err)
	}
	c := &Config{dir: dir}
	if err := json.Unmarshal(b, c); err != nil {
		return nil, err
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	return c, c.loadPolicies()
}

// loadPolicies reads every partner's policy, inline or from its file,
// and checks that it names the partner.
func (c *Config) loadPolicies() error {
	c.policies = map[string]*policy.Policy{}
	for _, p := range c.Partners {
		if len(p.Policy) == 0 {
			continue
		}
		var name string
		var pol *policy.Policy
		var err error
		if json.Unmarshal(p.Policy, &name) == nil {
			if !filepath.IsAbs(name) {
				name = filepath.Join(c.dir, name)
			}
			pol, err = policy.LoadFile(name)
		} else {
			pol, err = policy.Load(p.Policy)
		}
		if err != nil {
			return fmt.Errorf("partner %q: %w", p.Name, err)
		}
		if pol.Partner != p.Name {
			return fmt.Errorf("partner %q: its policy is written for partner %q", p.Name, pol.Partner)
		}
		c.policies[p.Name] = pol
	}
	return nil
}

// Policy returns the disclosure policy of the partner named name, nil
// when it has none.
func (c *Config) Policy(name string) *policy.Policy {
	if c == nil {
		return nil
	}
	return c.policies[name]
}

// Policies returns every partner's policy, by partner name.
func (c *Config) Policies() map[string]*policy.Policy { return c.policies }

func (c *Config) check() error {
	issuers := map[string]bool{}
	for _, is := range c.Issuers {
		if issuers[is.Name] {
			return fmt.Errorf("issuer %q is configured twice", is.Name)
		}
		issuers[is.Name] = true
	}
	names := map[string]bool{}
	owner := map[string]string{}
	for _, p := range c.Partners {
		if names[p.Name] {
			return fmt.Errorf("partner %q is configured twice", p.Name)
		}
		names[p.Name] = true
		if !issuers[p.Issuer] {
			return fmt.Errorf("partner %q: issuer %q is not configured", p.Name, p.Issuer)
		}
		for _, a := range p.Agencies {
			if o, ok := owner[a]; ok {
				return fmt.Errorf("agency %q belongs to both %q and %q", a, o, p.Name)
			}
			owner[a] = p.Name
		}
	}
	return c.checkMatching()
}

// KeySets returns each issuer's JWK set.
func (c *Config) KeySets() (map[string]auth.KeySet, error) {
	sets := map[string]auth.KeySet{}
	for _, is := range c.Issuers {
		b := []byte(is.JWKS)
		if is.JWKSFile != "" {
			name := is.JWKSFile
			if !filepath.IsAbs(name) {
				name = filepath.Join(c.dir, name)
			}
			var err error
			if b, err = os.ReadFile(name); err != nil {
				return nil, fmt.Errorf("issuer %q: %w", is.Name, err)
			}
		}
		set, err := auth.ParseKeySet(b)
		if err != nil {
			return nil, fmt.Errorf("issuer %q: its JWK set: %w", is.Name, err)
		}
		sets[is.Name] = set
	}
	return sets, nil
}

// Partner returns the partner named name.
func (c *Config) Partner(name string) (*Partner, bool) {
	for i := range c.Partners {
		if c.Partners[i].Name == name {
			return &c.Partners[i], true
		}
	}
	return nil, false
}

// Owner returns the partner owning an agency identifier (compared
// without surrounding spaces), or the partner owning AnyAgency.
func (c *Config) Owner(agency string) (*Partner, bool) {
	agency = strings.TrimSpace(agency)
	var any *Partner
	for i := range c.Partners {
		p := &c.Partners[i]
		for _, a := range p.Agencies {
			if a == agency && agency != "" {
				return p, true
			}
			if a == AnyAgency {
				any = p
			}
		}
	}
	return any, any != nil
}
