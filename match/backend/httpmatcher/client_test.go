package httpmatcher

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/biogate/biogate/match/backend"
)

// TestNewURL: New takes an http or https URL with a host and an optional
// path prefix, and refuses what would carry the token elsewhere or
// nowhere.
func TestNewURL(t *testing.T) {
	for _, tt := range []struct {
		url  string
		base string // "" when refused
	}{
		{"http://127.0.0.1:8091", "http://127.0.0.1:8091"},
		{"http://127.0.0.1:8091/", "http://127.0.0.1:8091"},
		{"https://afis.example.org/biogate/", "https://afis.example.org/biogate"},
		{"127.0.0.1:8091", ""},
		{"ftp://afis.example.org", ""},
		{"http://", ""},
		{"http://user:pw@afis.example.org", ""},
		{"http://afis.example.org/?tenant=1", ""},
		{"http://afis.example.org/#x", ""},
		{"http://[::1", ""},
	} {
		c, err := New(tt.url, ClientOptions{})
		switch {
		case tt.base == "" && err == nil:
			t.Errorf("New(%q) accepted", tt.url)
		case tt.base != "" && (err != nil || c.base != tt.base):
			t.Errorf("New(%q): %v, base %v; want %q", tt.url, err, c, tt.base)
		}
	}
}

// TestCapabilitiesCached: the capabilities are asked once, then kept;
// Refresh asks again and keeps the new answer.
func TestCapabilitiesCached(t *testing.T) {
	m := newMemory()
	var asked atomic.Int32
	counting := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/v1/capabilities" {
				asked.Add(1)
			}
			next.ServeHTTP(w, r)
		})
	}
	ts := httptest.NewServer(counting(NewHandler(m, ServerOptions{Token: testToken})))
	defer ts.Close()
	c, err := New(ts.URL, ClientOptions{Token: testToken, Transport: newValidating(t, ts.URL)})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if caps := c.Capabilities(); !caps.Supports(backend.Finger) || !caps.Takes(backend.FingerMinutiae) || !caps.Scores {
			t.Errorf("Capabilities %+v", caps)
		}
	}
	if n := asked.Load(); n != 1 {
		t.Errorf("capabilities asked %d times, want once", n)
	}
	caps, err := c.Refresh(context.Background())
	if err != nil || asked.Load() != 2 || !caps.Supports(backend.Finger) {
		t.Errorf("Refresh: %+v, %v, asked %d times", caps, err, asked.Load())
	}
}

// TestClientRefusesBadNames: names the protocol refuses are refused
// before a request is sent, saying which.
func TestClientRefusesBadNames(t *testing.T) {
	m := newMemory()
	c, _ := serveTest(t, m, ServerOptions{})
	ctx := context.Background()
	probe := []backend.Sample{minutiae("FMR", 1)}
	for _, err := range []error{
		c.Enrol(ctx, "Gallery", "s", probe),
		c.Enrol(ctx, "g", "../s", probe),
		c.Remove(ctx, "g", ""),
		func() error { _, err := c.Identify(ctx, "g/h", probe, 1); return err }(),
		func() error { _, err := c.Identify(ctx, "g", probe, 0); return err }(),
		func() error { _, err := c.Verify(ctx, "g", "s?x", probe); return err }(),
	} {
		var be *backend.Error
		if err == nil || !strings.Contains(err.Error(), "http backend") || backend.Retryable(err) {
			t.Errorf("%v: want a non-retryable error of the http backend", err)
		} else if !errors.As(err, &be) {
			t.Errorf("%v: not a *backend.Error", err)
		}
	}
}

// TestClientRefusesNoSample: a call without samples is
// ErrInvalidSample, as the embedded backend answers it, and is not sent.
func TestClientRefusesNoSample(t *testing.T) {
	m := newMemory()
	m.fail["enrol"], m.fail["identify"], m.fail["verify"] = errors.New("asked"), errors.New("asked"), errors.New("asked")
	c, _ := serveTest(t, m, ServerOptions{})
	ctx := context.Background()
	for op, err := range map[string]error{
		"enrol":    c.Enrol(ctx, "g", "s", nil),
		"identify": func() error { _, err := c.Identify(ctx, "g", nil, 1); return err }(),
		"verify":   func() error { _, err := c.Verify(ctx, "g", "s", []backend.Sample{}); return err }(),
	} {
		if !errors.Is(err, backend.ErrInvalidSample) || strings.Contains(err.Error(), "asked") {
			t.Errorf("%s without samples: %v", op, err)
		}
	}
}

// TestReadToken: one line of 16 to 4096 printable characters, white
// space around it ignored.
func TestReadToken(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		content, want string
	}{
		{"correct-horse-battery-staple\n", "correct-horse-battery-staple"},
		{"  \tcorrect-horse-battery-staple\r\n\n", "correct-horse-battery-staple"},
		{"short\n", ""},
		{"", ""},
		{"correct horse battery staple\n", ""},
		{"correct-horse\nbattery-staple\n", ""},
		{"correct-horse-battery-staple-\x00\n", ""},
		{strings.Repeat("x", 4097), ""},
	} {
		name := filepath.Join(dir, "token")
		os.WriteFile(name, []byte(tt.content), 0o600)
		got, err := ReadToken(name)
		if got != tt.want || (err == nil) != (tt.want != "") {
			t.Errorf("ReadToken(%.30q): %q, %v; want %q", tt.content, got, err, tt.want)
		}
	}
	if _, err := ReadToken(filepath.Join(dir, "absent")); err == nil {
		t.Error("ReadToken of an absent file succeeded")
	}
}
