package httpmatcher

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/biogate/biogate/match/backend"
)

// Name is the backend's kind in the partner configuration ("type": "http").
const Name = "http"

// ClientOptions configure New; the zero value has no token and the
// default bounds.
type ClientOptions struct {
	// Token is the matcher's shared secret (ReadToken reads it from a
	// file); "" sends none.
	Token string
	// Timeout bounds each request, answer included (default
	// DefaultClientTimeout).
	Timeout time.Duration
	// MaxResponse is the most bytes of an answer read (default
	// DefaultMaxResponse).
	MaxResponse int64
	// Transport carries the requests (default: a clone of
	// http.DefaultTransport).
	Transport http.RoundTripper
}

// Client bounds.
const (
	DefaultClientTimeout = 30 * time.Second
	DefaultMaxResponse   = 16 << 20
	// maxProblem is the most bytes of an error answer read.
	maxProblem = 64 << 10
)

// Client is the "http" backend: a backend.Backend that asks a matcher
// speaking the protocol. It is safe for concurrent use.
type Client struct {
	base  string // scheme://host[/path], without a trailing slash
	token string
	hc    *http.Client
	max   int64

	mu   sync.Mutex
	caps *backend.Capabilities // nil until fetched
}

var _ backend.Backend = (*Client)(nil)

// New returns a client of the matcher at baseURL (http or https, with
// an optional path prefix). It does not contact the matcher: the first
// call does.
func New(baseURL string, o ClientOptions) (*Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil {
		return nil, fmt.Errorf("http backend: url %q: %w", baseURL, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("http backend: url %q: an http or https URL with a host, and no user, query or fragment, is required", baseURL)
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultClientTimeout
	}
	if o.MaxResponse <= 0 {
		o.MaxResponse = DefaultMaxResponse
	}
	tr := o.Transport
	if tr == nil {
		tr = http.DefaultTransport.(*http.Transport).Clone()
	}
	return &Client{
		base:  strings.TrimSuffix(u.String(), "/"),
		token: o.Token,
		hc: &http.Client{Transport: tr, Timeout: o.Timeout,
			// A matcher does not redirect; following one would carry
			// the token elsewhere.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		max: o.MaxResponse,
	}, nil
}

// Name implements backend.Backend.
func (c *Client) Name() string { return Name }

// Capabilities implements backend.Backend: what the matcher said at the
// first successful GET /v1/capabilities (Refresh asks again). While the
// matcher has never answered it returns no modality, and asks again at
// the next call.
func (c *Client) Capabilities() backend.Capabilities {
	c.mu.Lock()
	caps := c.caps
	c.mu.Unlock()
	if caps != nil {
		return *caps
	}
	ctx, cancel := context.WithTimeout(context.Background(), c.hc.Timeout)
	defer cancel()
	got, _ := c.Refresh(ctx)
	return got
}

// Refresh asks the matcher for its capabilities and keeps them for
// Capabilities.
func (c *Client) Refresh(ctx context.Context) (backend.Capabilities, error) {
	var a capabilitiesAnswer
	if err := c.do(ctx, "capabilities", http.MethodGet, "/v1/capabilities", nil, &a); err != nil {
		return backend.Capabilities{}, err
	}
	caps := fromWireCapabilities(a)
	c.mu.Lock()
	c.caps = &caps
	c.mu.Unlock()
	return caps, nil
}

// Enrol implements backend.Backend.
func (c *Client) Enrol(ctx context.Context, gallery, subject string, samples []backend.Sample) error {
	p, err := subjectPath(gallery, subject)
	if err != nil {
		return c.opError("enrol", err)
	}
	if len(samples) == 0 {
		return c.opError("enrol", errNoSample)
	}
	return c.do(ctx, "enrol", http.MethodPut, p, toWireSamples(samples), nil)
}

// Remove implements backend.Backend.
func (c *Client) Remove(ctx context.Context, gallery, subject string) error {
	p, err := subjectPath(gallery, subject)
	if err != nil {
		return c.opError("remove", err)
	}
	return c.do(ctx, "remove", http.MethodDelete, p, nil, nil)
}

// Identify implements backend.Backend; k is bounded to 1..MaxLimit (the
// protocol's limit), so a k over MaxLimit gives at most MaxLimit.
func (c *Client) Identify(ctx context.Context, gallery string, probe []backend.Sample, k int) ([]backend.Candidate, error) {
	if err := checkGallery(gallery); err != nil {
		return nil, c.opError("identify", err)
	}
	if k < 1 {
		return nil, c.opError("identify", fmt.Errorf("k %d: at least 1 candidate must be asked for", k))
	}
	if len(probe) == 0 {
		return nil, c.opError("identify", errNoSample)
	}
	k = min(k, MaxLimit)
	var a searchAnswer
	p := "/v1/galleries/" + gallery + "/search?limit=" + strconv.Itoa(k)
	if err := c.do(ctx, "identify", http.MethodPost, p, toWireSamples(probe), &a); err != nil {
		return nil, err
	}
	if len(a.Candidates) > k {
		return nil, c.opError("identify", fmt.Errorf("the matcher answered %d candidates, more than the %d asked for", len(a.Candidates), k))
	}
	return fromWireCandidates(a), nil
}

// Verify implements backend.Backend.
func (c *Client) Verify(ctx context.Context, gallery, subject string, probe []backend.Sample) (*backend.Verification, error) {
	p, err := subjectPath(gallery, subject)
	if err != nil {
		return nil, c.opError("verify", err)
	}
	if len(probe) == 0 {
		return nil, c.opError("verify", errNoSample)
	}
	var a verifyAnswer
	if err := c.do(ctx, "verify", http.MethodPost, p+"/verify", toWireSamples(probe), &a); err != nil {
		return nil, err
	}
	return &backend.Verification{Score: a.Score, Match: a.Match, Threshold: a.Threshold}, nil
}

// Health implements backend.Backend. A matcher that cannot be reached is
// an error wrapping backend.ErrUnavailable, not an unhealthy answer.
func (c *Client) Health(ctx context.Context) (*backend.Health, error) {
	var a healthAnswer
	if err := c.do(ctx, "health", http.MethodGet, "/v1/health", nil, &a); err != nil {
		return nil, err
	}
	return &backend.Health{OK: a.OK, Detail: a.Detail, Subjects: a.Subjects}, nil
}

// Close implements backend.Backend: it closes the idle connections.
func (c *Client) Close() error {
	c.hc.CloseIdleConnections()
	return nil
}

// errNoSample is a call without samples, refused before it is sent (the
// protocol requires one at least), as the embedded backend refuses it.
var errNoSample = fmt.Errorf("%w: no sample", backend.ErrInvalidSample)

// subjectPath is the path of a subject, its names checked (they need no
// escaping once checked: the name patterns take no reserved character
// but ":", which a path segment may hold, RFC 3986 section 3.3).
func subjectPath(gallery, subject string) (string, error) {
	if err := checkGallery(gallery); err != nil {
		return "", err
	}
	if err := checkSubject(subject); err != nil {
		return "", err
	}
	return "/v1/galleries/" + gallery + "/subjects/" + subject, nil
}

func (c *Client) opError(op string, err error) error {
	return &backend.Error{Backend: Name, Op: op, Err: err}
}

// do sends one request with body (nil: none) as JSON and decodes a 2xx
// answer into out (nil: the answer is not read). Every failure is a
// *backend.Error naming op.
func (c *Client) do(ctx context.Context, op, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return c.opError(op, err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return c.opError(op, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json, "+MediaProblem)
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return c.opError(op, transportError(ctx, err))
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return c.opError(op, readProblem(resp))
	}
	if out == nil {
		return nil
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "application/json" {
		return c.opError(op, fmt.Errorf("the matcher answered %d with %.60q, not application/json", resp.StatusCode, resp.Header.Get("Content-Type")))
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, c.max+1))
	if err != nil {
		return c.opError(op, transportError(ctx, err))
	}
	if int64(len(b)) > c.max {
		return c.opError(op, fmt.Errorf("the matcher's answer is larger than %d bytes", c.max))
	}
	if err := json.Unmarshal(b, out); err != nil {
		return c.opError(op, fmt.Errorf("the matcher's answer: %w", err))
	}
	return nil
}

// transportError is a request that got no whole answer: the caller's
// own cancellation as it is, anything else (refused, reset, timed out)
// the matcher's unavailability.
func transportError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return fmt.Errorf("%w: %w", backend.ErrUnavailable, err)
}

// readProblem reads an error answer.
func readProblem(resp *http.Response) error {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxProblem))
	e := &ProblemError{Status: resp.StatusCode}
	var p problemBody
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt == MediaProblem && json.Unmarshal(b, &p) == nil {
		e.Type, e.Detail = p.Type, p.Detail
	} else {
		e.Detail = strings.Join(strings.Fields(string(b[:min(len(b), 200)])), " ")
	}
	if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
		e.RetryAfter = time.Duration(min(s, 86400)) * time.Second
	}
	e.sentinel = sentinelOf(e.Type, e.Status)
	if errors.Is(e.sentinel, backend.ErrNotFound) && resp.StatusCode != http.StatusNotFound {
		e.sentinel = nil // a type and a status that disagree prove nothing
	}
	return e
}
