package exchange

// PartnerLookup tells a token verifier (auth.NewVerifier's
// auth.PartnerLookup) whether a partner is configured, which issuer
// vouches for it and the scopes its agreement allows.
func (c *Config) PartnerLookup(name string) (issuer string, scopes []string, ok bool) {
	p, ok := c.Partner(name)
	if !ok {
		return "", nil, false
	}
	return p.Issuer, p.Scopes, true
}
