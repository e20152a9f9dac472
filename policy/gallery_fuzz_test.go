package policy

import "testing"

// FuzzGalleries: a policy document either loads, and then answers every
// gallery question without panicking, or is refused.
func FuzzGalleries(f *testing.F) {
	f.Add([]byte(matcher), "criminal", "criminal-records", 10)
	f.Add([]byte(ipsg), "x", "", 0)
	f.Fuzz(func(t *testing.T, b []byte, gallery, purpose string, k int) {
		p, err := Load(b)
		if err != nil {
			return
		}
		enrol, search := p.AllowEnrol(gallery, purpose), p.AllowSearch(gallery, purpose)
		if (enrol == nil || search == nil) && p.access(gallery) == nil {
			t.Fatalf("gallery %q granted without an entry", gallery)
		}
		if n := p.CandidateLimit(k); n > k {
			t.Fatalf("CandidateLimit(%d) = %d", k, n)
		}
	})
}
