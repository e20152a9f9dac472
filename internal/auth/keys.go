package auth

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jwk"
	"github.com/lestrrat-go/jwx/v2/jwt"
)

// GenerateKey returns a new ES256 signing key with its key id (the RFC
// 7638 thumbprint) and algorithm set.
func GenerateKey() (jwk.Key, error) {
	raw, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	k, err := jwk.FromRaw(raw)
	if err != nil {
		return nil, err
	}
	if err := jwk.AssignKeyID(k); err != nil {
		return nil, err
	}
	if err := k.Set(jwk.AlgorithmKey, jwa.ES256); err != nil {
		return nil, err
	}
	return k, nil
}

// PublicSet returns the JWK set holding the public half of key, the set
// to configure for its issuer.
func PublicSet(key jwk.Key) (jwk.Set, error) {
	pub, err := jwk.PublicKeyOf(key)
	if err != nil {
		return nil, err
	}
	set := jwk.NewSet()
	if err := set.AddKey(pub); err != nil {
		return nil, err
	}
	return set, nil
}

// WriteKey writes key as JSON to name, readable by its owner only.
func WriteKey(name string, key any) error {
	b, err := json.MarshalIndent(key, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(name, append(b, '\n'), 0o600)
}

// ReadKey reads a private JWK from name.
func ReadKey(name string) (jwk.Key, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	k, err := jwk.ParseKey(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return k, nil
}

// Claims are what Mint puts in a token.
type Claims struct {
	Issuer  string
	Partner string
	Scopes  []string
	TTL     time.Duration // 0 means 24 hours
	Now     time.Time     // zero means the system clock
}

// Mint signs a token for c with key, whose "alg" names the algorithm
// (ES256 when unset).
func Mint(key jwk.Key, c Claims) (string, error) {
	now := c.Now
	if now.IsZero() {
		now = time.Now()
	}
	ttl := c.TTL
	if ttl == 0 {
		ttl = 24 * time.Hour
	}
	tok, err := jwt.NewBuilder().
		Issuer(c.Issuer).
		Subject(c.Partner).
		Audience([]string{Audience}).
		IssuedAt(now).
		Expiration(now.Add(ttl)).
		Claim("scope", strings.Join(c.Scopes, " ")).
		Build()
	if err != nil {
		return "", err
	}
	var alg jwa.SignatureAlgorithm = jwa.ES256
	if a := key.Algorithm(); a != nil && a.String() != "" {
		alg = jwa.SignatureAlgorithm(a.String())
	}
	b, err := jwt.Sign(tok, jwt.WithKey(alg, key))
	return string(b), err
}

// KeySet is a JWK set of token-signing keys (jwx v2's type; packages other
// than auth and sign name it through this alias, see sign.KeySet).
type KeySet = jwk.Set

// ParseKeySet reads an issuer's JWK set document.
func ParseKeySet(b []byte) (KeySet, error) { return jwk.Parse(b) }
