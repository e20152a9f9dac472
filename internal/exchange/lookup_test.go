package exchange

import (
	"slices"
	"testing"
)

func TestLookup(t *testing.T) {
	c, err := ParseConfig([]byte(`{"issuers": [{"name": "x", "jwks": {"keys": []}}], "partners": [
	  {"name": "a", "issuer": "x", "scopes": ["read", "convert"], "receive": {"format": "an2"}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, issuer string
		scopes       []string
		ok           bool
	}{
		{"a", "x", []string{"read", "convert"}, true},
		{"b", "", nil, false},
	} {
		issuer, scopes, ok := c.Lookup(tc.name)
		if issuer != tc.issuer || !slices.Equal(scopes, tc.scopes) || ok != tc.ok {
			t.Errorf("Lookup(%q) = %q, %v, %v; want %q, %v, %v", tc.name, issuer, scopes, ok, tc.issuer, tc.scopes, tc.ok)
		}
	}
}
