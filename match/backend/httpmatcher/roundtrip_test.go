package httpmatcher

import (
	"context"
	"errors"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/biogate/biogate/match/backend"
)

const testToken = "correct-horse-battery-staple"

// serveTest serves b over the protocol on a test server and returns a
// client of it whose every request and answer is checked against
// openapi.json.
func serveTest(t testing.TB, b backend.Backend, o ServerOptions) (*Client, *httptest.Server) {
	t.Helper()
	if o.Token == "" {
		o.Token = testToken
	}
	ts := httptest.NewServer(NewHandler(b, o))
	t.Cleanup(ts.Close)
	c, err := New(ts.URL, ClientOptions{Token: o.Token, Transport: newValidating(t, ts.URL)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, ts
}

func minutiae(data string, position int) backend.Sample {
	return backend.Sample{Format: backend.FingerMinutiae, Position: position, Data: []byte(data)}
}

// TestRoundTrip drives every operation through the client and the
// server and compares what the client returns with what the backend
// answers when asked directly.
func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	m := newMemory()
	c, _ := serveTest(t, m, ServerOptions{})

	if c.Name() != "http" {
		t.Errorf("Name %q", c.Name())
	}
	if got, want := c.Capabilities(), m.Capabilities(); !reflect.DeepEqual(got, want) {
		t.Errorf("Capabilities %+v, the backend's %+v", got, want)
	}
	enrol := []struct {
		gallery, subject string
		samples          []backend.Sample
	}{
		{"criminal", "FR:2026:000123", []backend.Sample{minutiae("FMR-aaaaaaaa", 2), minutiae("FMR-bbbbbbbb", 7)}},
		{"criminal", "B-2", []backend.Sample{minutiae("FMR-aaaazzzz", 1)}},
		{"criminal", "c_3.x", []backend.Sample{minutiae("FMR-zzzzzzzz", 3)}},
		{"missing.persons", "A1", []backend.Sample{{Format: backend.FingerImage, Data: []byte{0, 1, 2, 255}}}},
	}
	for _, e := range enrol {
		if err := c.Enrol(ctx, e.gallery, e.subject, e.samples); err != nil {
			t.Fatalf("Enrol %s/%s: %v", e.gallery, e.subject, err)
		}
		if got := m.galleries[e.gallery][e.subject]; !reflect.DeepEqual(got, e.samples) {
			t.Errorf("Enrol %s/%s: the backend holds %+v, want %+v", e.gallery, e.subject, got, e.samples)
		}
	}
	probe := []backend.Sample{minutiae("FMR-aaaaaaaa", 0)}
	for _, k := range []int{1, 2, 10, 1000} {
		got, err := c.Identify(ctx, "criminal", probe, k)
		if err != nil {
			t.Fatalf("Identify k=%d: %v", k, err)
		}
		want, _ := m.Identify(ctx, "criminal", probe, min(k, MaxLimit))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Identify k=%d: %+v, the backend's %+v", k, got, want)
		}
	}
	if got, _ := c.Identify(ctx, "criminal", probe, 3); len(got) != 3 || got[0].Subject != "FR:2026:000123" || got[0].Score != 1 || got[0].Position != 2 {
		t.Errorf("Identify: %+v, want FR:2026:000123 first with score 1 at position 2", got)
	}
	if got, err := c.Identify(ctx, "empty", probe, 5); err != nil || len(got) != 0 {
		t.Errorf("Identify of an unknown gallery: %+v, %v", got, err)
	}
	for _, subject := range []string{"FR:2026:000123", "c_3.x"} {
		got, err := c.Verify(ctx, "criminal", subject, probe)
		if err != nil {
			t.Fatalf("Verify %s: %v", subject, err)
		}
		want, _ := m.Verify(ctx, "criminal", subject, probe)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Verify %s: %+v, the backend's %+v", subject, got, want)
		}
	}
	h, err := c.Health(ctx)
	if err != nil || !h.OK || h.Detail != "in memory" || !reflect.DeepEqual(h.Subjects, map[string]int{"criminal": 3, "missing.persons": 1}) {
		t.Errorf("Health: %+v, %v", h, err)
	}
	if err := c.Remove(ctx, "criminal", "B-2"); err != nil {
		t.Fatalf("Remove: %v", err)
	}
	if err := c.Remove(ctx, "criminal", "B-2"); !errors.Is(err, backend.ErrNotFound) {
		t.Errorf("Remove twice: %v, want ErrNotFound", err)
	}
	if _, err := c.Verify(ctx, "criminal", "B-2", probe); !errors.Is(err, backend.ErrNotFound) {
		t.Errorf("Verify of a removed subject: %v, want ErrNotFound", err)
	}
	if got, _ := c.Identify(ctx, "criminal", probe, 10); len(got) != 2 {
		t.Errorf("Identify after Remove: %+v, want 2 candidates", got)
	}
}
