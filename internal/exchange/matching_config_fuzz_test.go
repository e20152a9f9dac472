package exchange

import "testing"

// FuzzParseConfig: a partners file, matching members included, either
// parses into a configuration whose galleries and rules hold together
// or is refused with an error; never a panic.
func FuzzParseConfig(f *testing.F) {
	f.Add([]byte(matchingConfig))
	f.Add([]byte(`{"issuers": [{"name": "x", "jwks": {"keys": []}}], "partners": []}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseConfig(b)
		if err != nil {
			return
		}
		for _, p := range c.Partners {
			if p.Matching == nil {
				continue
			}
			for _, r := range p.Matching.Search {
				for _, g := range r.Galleries {
					if len(c.GalleryBackends(g)) == 0 {
						t.Fatalf("gallery %q of a search rule has no backend", g)
					}
				}
			}
		}
	})
}
