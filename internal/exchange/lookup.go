package exchange

// Lookup is the configuration as an auth.PartnerLookup: a partner's
// issuer and the scopes its tokens may carry, for auth.NewVerifier.
func (c *Config) Lookup(name string) (issuer string, scopes []string, ok bool) {
	p, ok := c.Partner(name)
	if !ok {
		return "", nil, false
	}
	return p.Issuer, p.Scopes, true
}
