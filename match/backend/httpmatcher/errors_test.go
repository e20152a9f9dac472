package httpmatcher

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/biogate/biogate/match/backend"
)

// call runs one backend operation by name.
func call(ctx context.Context, b backend.Backend, op string) error {
	probe := []backend.Sample{minutiae("FMR-probe", 1)}
	var err error
	switch op {
	case "enrol":
		err = b.Enrol(ctx, "g", "s", probe)
	case "remove":
		err = b.Remove(ctx, "g", "s")
	case "identify":
		_, err = b.Identify(ctx, "g", probe, 5)
	case "verify":
		_, err = b.Verify(ctx, "g", "s", probe)
	case "health":
		_, err = b.Health(ctx)
	default:
		panic(op)
	}
	return err
}

var operations = []string{"enrol", "remove", "identify", "verify", "health"}

// TestErrorMapping: each sentinel a backend returns crosses the
// protocol and comes back as the same sentinel (retryable only for
// unavailable and a passed deadline); any other failure is a 500 the
// client takes as unavailable, its cause in the server's log only.
func TestErrorMapping(t *testing.T) {
	tests := []struct {
		backendErr error
		status     int
		typ        string
		want       error // the sentinel the client's error wraps
		retryable  bool
		ops        []string // the operations that may fail so (openapi.json documents it for them)
	}{
		{backend.ErrNotFound, 404, "not-found", backend.ErrNotFound, false, []string{"remove", "identify", "verify"}},
		{backend.ErrUnsupported, 422, "unsupported", backend.ErrUnsupported, false, []string{"enrol", "identify", "verify"}},
		{backend.ErrInvalidSample, 422, "invalid-sample", backend.ErrInvalidSample, false, []string{"enrol", "identify", "verify"}},
		{backend.ErrUnavailable, 503, "unavailable", backend.ErrUnavailable, true, operations},
		{fmt.Errorf("index: %w", context.DeadlineExceeded), 503, "unavailable", backend.ErrUnavailable, true, operations},
		{errors.New("disk on fire"), 500, "internal", backend.ErrUnavailable, true, operations},
	}
	for _, tt := range tests {
		for _, op := range tt.ops {
			t.Run(fmt.Sprintf("%s/%v", op, tt.backendErr), func(t *testing.T) {
				m := newMemory()
				m.fail[op] = tt.backendErr
				c, _ := serveTest(t, m, ServerOptions{})
				err := call(context.Background(), c, op)
				var be *backend.Error
				var pe *ProblemError
				if !errors.As(err, &be) || be.Backend != "http" || be.Op != op || !errors.As(err, &pe) {
					t.Fatalf("%v: not a *backend.Error of http/%s holding a *ProblemError", err, op)
				}
				if pe.Status != tt.status || pe.Type != ProblemType+tt.typ {
					t.Errorf("%v: status %d type %q, want %d %s", err, pe.Status, pe.Type, tt.status, tt.typ)
				}
				if !errors.Is(err, tt.want) || backend.Retryable(err) != tt.retryable {
					t.Errorf("%v: Is(%v) %v, Retryable %v", err, tt.want, errors.Is(err, tt.want), backend.Retryable(err))
				}
				if tt.status == 503 && pe.RetryAfter != 5*time.Second {
					t.Errorf("%v: Retry-After %s, want 5s", err, pe.RetryAfter)
				}
				if tt.status == 500 && strings.Contains(err.Error(), "fire") {
					t.Errorf("%v: the answer shows the internal cause", err)
				}
			})
		}
	}
}

// TestUnreachable: a matcher that refuses connections, answers too
// slowly, or fails behind a proxy that answers HTML is unavailable
// (retryable); the caller's own cancellation is not turned into
// unavailability.
func TestUnreachable(t *testing.T) {
	ctx := context.Background()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + ln.Addr().String()
	ln.Close()

	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer slow.Close()
	defer close(release)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		fmt.Fprint(w, "<html><body><h1>502 Bad Gateway</h1></body></html>")
	}))
	defer proxy.Close()

	for _, tt := range []struct{ name, url string }{{"refused", refused}, {"slow", slow.URL}, {"proxy", proxy.URL}} {
		c, err := New(tt.url, ClientOptions{Token: testToken, Timeout: 200 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		for _, op := range operations {
			err := call(ctx, c, op)
			if !errors.Is(err, backend.ErrUnavailable) || !backend.Retryable(err) || errors.Is(err, backend.ErrNotFound) {
				t.Errorf("%s %s: %v, want a retryable ErrUnavailable", tt.name, op, err)
			}
		}
		if caps := c.Capabilities(); len(caps.Modalities) != 0 {
			t.Errorf("%s: capabilities %+v from a matcher that did not answer", tt.name, caps)
		}
		if _, err := c.Refresh(ctx); !errors.Is(err, backend.ErrUnavailable) {
			t.Errorf("%s: Refresh: %v", tt.name, err)
		}
	}

	c, _ := New(slow.URL, ClientOptions{Timeout: 10 * time.Second})
	cctx, cancel := context.WithCancel(ctx)
	time.AfterFunc(50*time.Millisecond, cancel)
	if err := call(cctx, c, "health"); !errors.Is(err, context.Canceled) || errors.Is(err, backend.ErrUnavailable) {
		t.Errorf("cancelled: %v, want context.Canceled alone", err)
	}
}

// TestNotFoundOnlyByType: a 404 that is not the protocol's not-found (a
// wrong base URL, a proxy's page) is never taken for "not enrolled",
// which would let a caller believe a removal done.
func TestNotFoundOnlyByType(t *testing.T) {
	_, ts := serveTest(t, newMemory(), ServerOptions{})
	wrongBase, _ := New(ts.URL+"/matcher", ClientOptions{Token: testToken})
	err := wrongBase.Remove(context.Background(), "g", "s")
	var pe *ProblemError
	if !errors.As(err, &pe) || pe.Status != 404 || pe.Type != ProblemType+kindNoRoute || errors.Is(err, backend.ErrNotFound) {
		t.Errorf("a wrong base path: %v", err)
	}
	plain := httptest.NewServer(http.NotFoundHandler())
	defer plain.Close()
	c, _ := New(plain.URL, ClientOptions{})
	if err := c.Remove(context.Background(), "g", "s"); err == nil || errors.Is(err, backend.ErrNotFound) || backend.Retryable(err) {
		t.Errorf("a plain 404: %v", err)
	}
}

// TestLargeAnswer: an answer over MaxResponse is refused, not read whole.
func TestLargeAnswer(t *testing.T) {
	big := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"ok":true,"detail":"%s"}`, strings.Repeat("x", 1<<20))
	}))
	defer big.Close()
	c, _ := New(big.URL, ClientOptions{MaxResponse: 64 << 10})
	if _, err := c.Health(context.Background()); err == nil || !strings.Contains(err.Error(), "larger than 65536 bytes") {
		t.Errorf("Health: %v", err)
	}
	c, _ = New(big.URL, ClientOptions{})
	if h, err := c.Health(context.Background()); err != nil || !h.OK {
		t.Errorf("Health within the default bound: %+v, %v", h, err)
	}
}

// TestMisbehavingMatcher: answers that break the protocol (more
// candidates than asked for, not JSON, JSON of another shape) are
// errors of the http backend, never results.
func TestMisbehavingMatcher(t *testing.T) {
	probe := []backend.Sample{minutiae("FMR", 1)}
	for _, tt := range []struct {
		name, contentType, body, want string
	}{
		{"too many candidates", "application/json", `{"candidates":[{"subject":"a","score":1},{"subject":"b","score":0.5}]}`, "more than the 1 asked for"},
		{"HTML", "text/html", `<html>ok</html>`, "not application/json"},
		{"another shape", "application/json", `{"candidates":{"subject":"a"}}`, "the matcher's answer"},
		{"truncated", "application/json", `{"candidates":[`, "the matcher's answer"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.contentType)
				fmt.Fprint(w, tt.body)
			}))
			defer ts.Close()
			c, _ := New(ts.URL, ClientOptions{})
			cs, err := c.Identify(context.Background(), "g", probe, 1)
			var be *backend.Error
			if cs != nil || !errors.As(err, &be) || be.Backend != Name || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%v, %v; want an http backend error saying %q", cs, err, tt.want)
			}
		})
	}
}
