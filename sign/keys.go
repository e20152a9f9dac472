package sign

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jwk"
)

// The signature algorithms this package signs and verifies with (RFC 7518
// §3.3, §3.4; RFC 8037 §3.1). Others, "none" and the HMAC family above all,
// are refused.
var Algorithms = []jwa.SignatureAlgorithm{jwa.ES256, jwa.EdDSA, jwa.RS256}

// minRSABits is the smallest RSA modulus accepted (RFC 7518 §3.3 requires
// 2048 bits or more).
const minRSABits = 2048

// ParseAlgorithm returns the algorithm named s ("ES256", "EdDSA", "RS256").
func ParseAlgorithm(s string) (jwa.SignatureAlgorithm, error) {
	for _, a := range Algorithms {
		if string(a) == s {
			return a, nil
		}
	}
	return "", fmt.Errorf("sign: algorithm %q is not one of ES256, EdDSA, RS256", s)
}

// GenerateKey makes a new private key for alg, as a JWK with "alg", "use"
// ("sig") and "kid" (its RFC 7638 SHA-256 thumbprint) set.
func GenerateKey(alg jwa.SignatureAlgorithm) (jwk.Key, error) {
	var raw any
	var err error
	switch alg {
	case jwa.ES256:
		raw, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case jwa.EdDSA:
		_, raw, err = ed25519.GenerateKey(rand.Reader)
	case jwa.RS256:
		raw, err = rsa.GenerateKey(rand.Reader, 3072)
	default:
		return nil, fmt.Errorf("sign: algorithm %q is not one of ES256, EdDSA, RS256", alg)
	}
	if err != nil {
		return nil, err
	}
	key, err := jwk.FromRaw(raw)
	if err != nil {
		return nil, err
	}
	if err := key.Set(jwk.AlgorithmKey, alg); err != nil {
		return nil, err
	}
	if err := key.Set(jwk.KeyUsageKey, jwk.ForSignature); err != nil {
		return nil, err
	}
	if err := key.Set(jwk.KeyIDKey, Thumbprint(key)); err != nil {
		return nil, err
	}
	return key, nil
}

// Thumbprint returns the RFC 7638 SHA-256 thumbprint of key, base64url
// without padding; a private key and its public key have the same one.
func Thumbprint(key jwk.Key) string {
	tp, err := key.Thumbprint(crypto.SHA256)
	if err != nil {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString(tp)
}

// ParseKey reads a private signing key from a JWK document.
func ParseKey(b []byte) (jwk.Key, error) {
	key, err := jwk.ParseKey(b)
	if err != nil {
		return nil, fmt.Errorf("sign: the key is not a JWK: %w", err)
	}
	if ok, _ := jwk.IsPrivateKey(key); !ok {
		return nil, errors.New("sign: the JWK holds no private key")
	}
	if _, err := keyAlgorithm(key, ""); err != nil {
		return nil, err
	}
	return key, nil
}

// ParseKeySet reads trusted keys from a JWK set document (or a single JWK).
// Every key is reduced to its public part, and each must have a "kid",
// which is how Verify finds it.
func ParseKeySet(b []byte) (jwk.Set, error) {
	set, err := jwk.Parse(b)
	if err != nil {
		return nil, fmt.Errorf("sign: the trusted keys are not a JWK set: %w", err)
	}
	pub, err := jwk.PublicSetOf(set)
	if err != nil {
		return nil, fmt.Errorf("sign: the trusted keys: %w", err)
	}
	for i := 0; i < pub.Len(); i++ {
		k, _ := pub.Key(i)
		if k.KeyID() == "" {
			return nil, fmt.Errorf("sign: trusted key %d has no \"kid\"", i+1)
		}
	}
	return pub, nil
}

// PublicSet returns the public keys of keys as a JWK set, the document a
// partner is given to verify signatures.
func PublicSet(keys ...jwk.Key) (jwk.Set, error) {
	set := jwk.NewSet()
	for _, k := range keys {
		pub, err := k.PublicKey()
		if err != nil {
			return nil, err
		}
		if pub.KeyID() == "" {
			if err := pub.Set(jwk.KeyIDKey, Thumbprint(k)); err != nil {
				return nil, err
			}
		}
		if err := set.AddKey(pub); err != nil {
			return nil, err
		}
	}
	return set, nil
}

// keyAlgorithm returns the algorithm to use with key: want when given,
// else the key's "alg", else the one its type implies. It checks that key
// and algorithm go together.
func keyAlgorithm(key jwk.Key, want jwa.SignatureAlgorithm) (jwa.SignatureAlgorithm, error) {
	alg := want
	if a := key.Algorithm(); a != nil && a.String() != "" {
		if alg != "" && a.String() != string(alg) {
			return "", fmt.Errorf("sign: the key is for %s, not %s", a, alg)
		}
		alg = jwa.SignatureAlgorithm(a.String())
	}
	var raw any
	if err := key.Raw(&raw); err != nil {
		return "", fmt.Errorf("sign: the key: %w", err)
	}
	implied, err := impliedAlgorithm(raw)
	if err != nil {
		return "", err
	}
	if alg == "" {
		alg = implied
	}
	if alg != implied {
		return "", fmt.Errorf("sign: a %s key cannot sign %s", keyKind(raw), alg)
	}
	return alg, nil
}

// impliedAlgorithm returns the one algorithm of Algorithms a raw key fits.
func impliedAlgorithm(raw any) (jwa.SignatureAlgorithm, error) {
	switch k := raw.(type) {
	case *ecdsa.PrivateKey:
		return impliedAlgorithm(&k.PublicKey)
	case *ecdsa.PublicKey:
		if k.Curve != elliptic.P256() {
			return "", fmt.Errorf("sign: EC curve %s is not supported (ES256 needs P-256)", k.Curve.Params().Name)
		}
		return jwa.ES256, nil
	case ed25519.PrivateKey, ed25519.PublicKey:
		return jwa.EdDSA, nil
	case *rsa.PrivateKey:
		return impliedAlgorithm(&k.PublicKey)
	case *rsa.PublicKey:
		if k.N.BitLen() < minRSABits {
			return "", fmt.Errorf("sign: RSA key of %d bits; RS256 needs %d or more (RFC 7518 §3.3)", k.N.BitLen(), minRSABits)
		}
		return jwa.RS256, nil
	}
	return "", fmt.Errorf("sign: %s keys are not supported (ES256, EdDSA, RS256 only)", keyKind(raw))
}

func keyKind(raw any) string {
	switch raw.(type) {
	case *ecdsa.PrivateKey, *ecdsa.PublicKey:
		return "EC"
	case ed25519.PrivateKey, ed25519.PublicKey:
		return "Ed25519"
	case *rsa.PrivateKey, *rsa.PublicKey:
		return "RSA"
	case []byte:
		return "symmetric"
	}
	return fmt.Sprintf("%T", raw)
}
