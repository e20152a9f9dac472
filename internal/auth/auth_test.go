package auth

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lestrrat-go/jwx/v2/jwk"
)

func TestMintVerify(t *testing.T) {
	key, err := GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	other, _ := GenerateKey()
	set, _ := PublicSet(key)
	v := NewVerifier(map[string]jwk.Set{"iss": set}, func(p string) (string, []string, bool) {
		switch p {
		case "a":
			return "iss", []string{ScopeSubmit, ScopeRead}, true
		case "b":
			return "elsewhere", AllScopes, true
		}
		return "", nil, false
	}, nil)

	good, err := Mint(key, Claims{Issuer: "iss", Partner: "a", Scopes: AllScopes})
	if err != nil {
		t.Fatal(err)
	}
	p, err := v.Verify(good)
	if err != nil {
		t.Fatal(err)
	}
	if p.Partner != "a" || !p.Has(ScopeRead) || p.Has(ScopeAdmin) {
		t.Errorf("principal %+v: want partner a with submit and read only", p)
	}

	mint := func(k jwk.Key, c Claims) string {
		s, err := Mint(k, c)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	bad := map[string]string{
		"not a jwt":     "abc.def",
		"bad signature": mint(other, Claims{Issuer: "iss", Partner: "a"}),
		"expired":       mint(key, Claims{Issuer: "iss", Partner: "a", Now: time.Now().Add(-48 * time.Hour)}),
		"issuer":        mint(key, Claims{Issuer: "nobody", Partner: "a"}),
		"partner":       mint(key, Claims{Issuer: "iss", Partner: "z"}),
		"wrong issuer":  mint(key, Claims{Issuer: "iss", Partner: "b"}),
		"tampered":      good[:len(good)-4] + "AAAA",
	}
	for name, tok := range bad {
		_, err := v.Verify(tok)
		if !errors.Is(err, ErrUnauthenticated) {
			t.Errorf("%s: err = %v, want ErrUnauthenticated", name, err)
		}
	}
	if _, err := v.Verify(bad["expired"]); err == nil || !strings.Contains(err.Error(), "expired") {
		t.Errorf("expired: %v", err)
	}
}

func TestKeyFile(t *testing.T) {
	key, _ := GenerateKey()
	name := filepath.Join(t.TempDir(), "k.jwk")
	if err := WriteKey(name, key); err != nil {
		t.Fatal(err)
	}
	k2, err := ReadKey(name)
	if err != nil {
		t.Fatal(err)
	}
	if !jwk.Equal(key, k2) || k2.KeyID() == "" {
		t.Error("key does not read back the same")
	}
}

func TestVerifyCacheExpiry(t *testing.T) {
	key, _ := GenerateKey()
	set, _ := PublicSet(key)
	now := time.Now()
	v := NewVerifier(map[string]jwk.Set{"iss": set}, func(string) (string, []string, bool) { return "iss", AllScopes, true },
		func() time.Time { return now })
	tok, _ := Mint(key, Claims{Issuer: "iss", Partner: "a", Scopes: []string{ScopeRead}, TTL: time.Minute, Now: now})
	for range 2 { // verified, then from the cache
		if p, err := v.Verify(tok); err != nil || !p.Has(ScopeRead) {
			t.Fatalf("Verify: %+v, %v", p, err)
		}
	}
	now = now.Add(2 * time.Minute)
	if _, err := v.Verify(tok); !errors.Is(err, ErrUnauthenticated) {
		t.Errorf("expired token from the cache: %v", err)
	}
}
