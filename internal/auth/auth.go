// Package auth mints and verifies the bearer tokens partners present to
// the Biogate service: JWTs (RFC 7519) signed with a key of the partner's
// issuer and checked against that issuer's JWK set (RFC 7517), using
// github.com/lestrrat-go/jwx/v2.
//
// A token names its partner in "sub", its issuer in "iss", the audience
// "biogate" in "aud", and its scopes in "scope" as a space-separated list
// (the claim of RFC 8693 §4.2): submit, read, convert, admin, enrol, search,
// audit. It must carry "exp". The package knows nothing of HTTP.
package auth

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/lestrrat-go/jwx/v2/jwk"
	"github.com/lestrrat-go/jwx/v2/jws"
	"github.com/lestrrat-go/jwx/v2/jwt"
)

// Scopes a token may grant.
const (
	ScopeSubmit  = "submit"  // submit transactions
	ScopeRead    = "read"    // read back transactions, list them, read the inbox
	ScopeConvert = "convert" // inspect, validate and convert without storing
	ScopeAdmin   = "admin"   // delete transactions, see every transaction
	ScopeEnrol   = "enrol"   // enrol subjects into galleries and remove them
	ScopeSearch  = "search"  // search galleries (1:N) and verify subjects (1:1)
	// ScopeAudit reads the review of the audit log (GET /v1/audit/report):
	// counts of every partner's calls, shares, refusals, withholdings and
	// purges over a period, no transaction content. It is meant for the
	// officials reviewing an agreement and grants nothing else.
	ScopeAudit = "audit"
)

// AllScopes lists every scope.
var AllScopes = []string{ScopeSubmit, ScopeRead, ScopeConvert, ScopeAdmin, ScopeEnrol, ScopeSearch, ScopeAudit}

// Audience is the "aud" every token must carry.
const Audience = "biogate"

// ErrUnauthenticated is wrapped by every error Verify returns.
var ErrUnauthenticated = errors.New("auth: unauthenticated")

// Principal is who a verified token speaks for.
type Principal struct {
	Partner string
	Issuer  string
	Scopes  []string
}

// Has reports whether p was granted scope.
func (p *Principal) Has(scope string) bool {
	return p != nil && slices.Contains(p.Scopes, scope)
}

// PartnerLookup tells a verifier whether a partner exists, which issuer
// vouches for it, and the scopes its agreement allows (tokens are cut
// down to them).
type PartnerLookup func(partner string) (issuer string, allowed []string, ok bool)

// Verifier checks tokens against a JWK set per issuer.
type Verifier struct {
	issuers  map[string]jwk.Set
	partners PartnerLookup
	now      func() time.Time

	// cache holds tokens already verified, until they expire: a partner
	// presents the same token on every call, and verifying its signature
	// again would cost more than the call itself.
	mu    sync.Mutex
	cache map[string]cached
}

type cached struct {
	p   Principal
	exp time.Time
}

// cacheSize bounds the verified-token cache; it is emptied when full.
const cacheSize = 4096

// NewVerifier returns a verifier trusting the given issuers' keys.
// now may be nil for the system clock.
func NewVerifier(issuers map[string]jwk.Set, partners PartnerLookup, now func() time.Time) *Verifier {
	if now == nil {
		now = time.Now
	}
	return &Verifier{issuers: issuers, partners: partners, now: now, cache: map[string]cached{}}
}

type clockFunc func() time.Time

func (f clockFunc) Now() time.Time { return f() }

// Verify checks a compact JWT and returns its principal. Every error
// wraps ErrUnauthenticated and says why in words fit for the caller.
func (v *Verifier) Verify(token string) (*Principal, error) {
	v.mu.Lock()
	c, ok := v.cache[token]
	v.mu.Unlock()
	if ok && v.now().Before(c.exp) {
		p := c.p
		return &p, nil
	}
	fail := func(format string, a ...any) error {
		return fmt.Errorf("%w: %s", ErrUnauthenticated, fmt.Sprintf(format, a...))
	}
	// The issuer picks the key set; nothing of the unverified token is
	// trusted beyond that choice.
	raw, err := jwt.ParseInsecure([]byte(token))
	if err != nil {
		return nil, fail("the bearer token is not a JWT")
	}
	set, ok := v.issuers[raw.Issuer()]
	if !ok {
		return nil, fail("the token's issuer %q is not trusted", raw.Issuer())
	}
	tok, err := jwt.Parse([]byte(token),
		jwt.WithKeySet(set, jws.WithInferAlgorithmFromKey(true)),
		jwt.WithValidate(true),
		jwt.WithIssuer(raw.Issuer()),
		jwt.WithAudience(Audience),
		jwt.WithRequiredClaim(jwt.ExpirationKey),
		jwt.WithRequiredClaim(jwt.SubjectKey),
		jwt.WithAcceptableSkew(30*time.Second),
		jwt.WithClock(clockFunc(v.now)),
	)
	if err != nil {
		switch {
		case errors.Is(err, jwt.ErrTokenExpired()):
			return nil, fail("the token has expired")
		case errors.Is(err, jwt.ErrInvalidAudience()):
			return nil, fail("the token is not for audience %q", Audience)
		}
		return nil, fail("the token does not verify: %v", err)
	}
	p := &Principal{Partner: tok.Subject(), Issuer: tok.Issuer()}
	issuer, allowed, ok := v.partners(p.Partner)
	if !ok {
		return nil, fail("partner %q is not configured", p.Partner)
	}
	if issuer != p.Issuer {
		return nil, fail("partner %q is not vouched for by issuer %q", p.Partner, p.Issuer)
	}
	if s, ok := tok.Get("scope"); ok {
		str, _ := s.(string)
		for _, sc := range strings.Fields(str) {
			if slices.Contains(allowed, sc) && !slices.Contains(p.Scopes, sc) {
				p.Scopes = append(p.Scopes, sc)
			}
		}
	}
	v.mu.Lock()
	if len(v.cache) >= cacheSize {
		clear(v.cache)
	}
	v.cache[token] = cached{p: *p, exp: tok.Expiration()}
	v.mu.Unlock()
	return p, nil
}
