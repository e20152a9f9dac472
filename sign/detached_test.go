package sign

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jws"
)

// withHeader returns compact with its protected header replaced by the
// JSON h, the signature kept (it no longer matches, but the header is
// refused before the signature is checked).
func withHeader(compact, h string) string {
	_, rest, _ := strings.Cut(compact, ".")
	return base64.RawURLEncoding.EncodeToString([]byte(h)) + "." + rest
}

func TestDetached(t *testing.T) {
	body := []byte(`<?xml version="1.0"?><itl:NISTBiometricInformationExchangePackage/>`)
	key, set := testKey(t, jwa.ES256)
	_, otherSet := testKey(t, jwa.EdDSA)
	good, err := SignDetached(body, key, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p := strings.Split(good, "."); len(p) != 3 || p[1] != "" {
		t.Fatalf("%q is not a detached compact JWS", good)
	}
	changed := []byte(string(body))
	changed[len(changed)/2] ^= 1
	big := make([]byte, 101)
	tests := []struct {
		name    string
		body    []byte
		jws     string
		trusted KeySet
		want    error
	}{
		{"good", body, good, set, nil},
		{"one byte changed", changed, good, set, ErrInvalid},
		{"one byte more", append([]byte(string(body)), ' '), good, set, ErrInvalid},
		{"untrusted key", body, good, otherSet, ErrUntrusted},
		{"no trusted keys", body, good, nil, ErrUntrusted},
		{"not a JWS", body, "not a jws", set, ErrMalformed},
		{"empty", body, "", set, ErrMalformed},
		{"attached payload", body, strings.Replace(good, "..", ".eA.", 1), set, ErrMalformed},
		{"signature not base64url", body, good + "*", set, ErrMalformed},
		{"b64 true", body, withHeader(good, `{"alg":"ES256","kid":"k","b64":true,"crit":["b64"]}`), set, ErrMalformed},
		{"b64 without crit", body, withHeader(good, `{"alg":"ES256","kid":"k","b64":false}`), set, ErrMalformed},
		{"another critical", body, withHeader(good, `{"alg":"ES256","kid":"k","b64":false,"crit":["b64","exp"],"exp":1}`), set, ErrMalformed},
		{"alg none", body, withHeader(good, `{"alg":"none","kid":"k","b64":false,"crit":["b64"]}`), set, ErrMalformed},
		{"alg HS256", body, withHeader(good, `{"alg":"HS256","kid":"k","b64":false,"crit":["b64"]}`), set, ErrMalformed},
		{"no kid", body, withHeader(good, `{"alg":"ES256","b64":false,"crit":["b64"]}`), set, ErrMalformed},
		{"oversized signature", body, good + strings.Repeat("A", MaxDetachedJWS), set, ErrTooLarge},
		{"oversized body", big, good, set, ErrTooLarge},
	}
	defer func(n int) { maxDetachedBody = n }(maxDetachedBody)
	maxDetachedBody = 100
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := VerifyDetached(tc.body, tc.jws, tc.trusted)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
			if err == nil && (res.KeyID != key.KeyID() || res.Algorithm != "ES256" || res.Bytes != len(body) || res.Key == nil || res.Record != -1) {
				t.Errorf("result %+v", res)
			}
		})
	}
	if _, err := SignDetached(big, key, nil); !errors.Is(err, ErrTooLarge) {
		t.Errorf("signing %d bytes over the limit of %d: %v", len(big), maxDetachedBody, err)
	}
}

// TestDetachedEachAlgorithm signs with every algorithm and checks the
// result with jwx's own verifier given the body as detached payload, as a
// receiver with any JWS library would.
func TestDetachedEachAlgorithm(t *testing.T) {
	body := []byte("ab.c\x00\xff..")
	for _, alg := range Algorithms {
		t.Run(string(alg), func(t *testing.T) {
			key, set := testKey(t, alg)
			compact, err := SignDetached(body, key, &Options{Algorithm: alg})
			if err != nil {
				t.Fatal(err)
			}
			if res, err := VerifyDetached(body, compact, set); err != nil || res.Algorithm != string(alg) {
				t.Fatalf("%+v %v", res, err)
			}
			pub, _ := set.Key(0)
			if _, err := jws.Verify([]byte(compact), jws.WithKey(alg, pub), jws.WithDetachedPayload(body)); err != nil {
				t.Errorf("jws.Verify with the detached payload: %v", err)
			}
		})
	}
	key, _ := testKey(t, jwa.ES256)
	if _, err := SignDetached(body, key, &Options{Algorithm: jwa.EdDSA}); err == nil {
		t.Error("an ES256 key signed EdDSA")
	}
	_, set := testKey(t, jwa.ES256)
	pub, _ := set.Key(0)
	if _, err := SignDetached(body, pub, nil); err == nil {
		t.Error("a public key signed")
	}
}

// FuzzVerifyDetached feeds arbitrary signatures and bodies, seeded with a
// good pair, to VerifyDetached, which reads what partners send: it must
// never panic, and accept only the seed's body.
func FuzzVerifyDetached(f *testing.F) {
	key, err := GenerateKey(jwa.ES256)
	if err != nil {
		f.Fatal(err)
	}
	set, err := PublicSet(key)
	if err != nil {
		f.Fatal(err)
	}
	body := []byte("<x>reply</x>")
	good, err := SignDetached(body, key, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(body, good)
	f.Add(body, strings.Replace(good, "..", ".e30.", 1))
	f.Add([]byte{}, "..")
	f.Fuzz(func(t *testing.T, b []byte, compact string) {
		if _, err := VerifyDetached(b, compact, set); err == nil && string(b) != string(body) {
			t.Fatalf("a body other than the one signed verifies: %q", b)
		}
	})
}
