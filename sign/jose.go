package sign

import (
	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jwk"
)

// Key, KeySet and Algorithm are the JOSE types of the library this package
// is built on (jwx v2). Packages outside sign and internal/auth name them
// only through these aliases, so that a move to another JOSE library or
// major version changes these two packages and nothing else.
type (
	Key       = jwk.Key
	KeySet    = jwk.Set
	Algorithm = jwa.SignatureAlgorithm
)

// The algorithms of Algorithms, by name (RFC 7518 §3.1; RFC 8037 §3.1).
const (
	ES256 = jwa.ES256
	EdDSA = jwa.EdDSA
	RS256 = jwa.RS256
)

// NewKeySet returns an empty key set.
func NewKeySet() KeySet { return jwk.NewSet() }

// Trusted returns the keys Verify is to trust: those of set (nil for
// none) plus the public half of own, the service's own key (nil for
// none).
func Trusted(set KeySet, own Key) KeySet {
	out := jwk.NewSet()
	if set != nil {
		for i := 0; i < set.Len(); i++ {
			if k, ok := set.Key(i); ok {
				out.AddKey(k)
			}
		}
	}
	if own != nil {
		if pub, err := PublicSet(own); err == nil {
			if k, ok := pub.Key(0); ok {
				out.AddKey(k)
			}
		}
	}
	return out
}
