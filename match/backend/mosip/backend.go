package mosip

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/store"
)

// Name is the backend's kind.
const Name = "mosip-biosdk"

// Space is the store.Galleries space the adapter keeps its enrolments in
// (the SDK keeps none: the gallery travels with every match call).
const Space = "mosip-biosdk"

// Defaults and bounds of Options.
const (
	DefaultTimeout          = 30 * time.Second
	DefaultChunkSize        = 100
	MaxChunkSize            = 10000
	DefaultMaxRequestBytes  = 64 << 20
	DefaultMaxResponseBytes = 8 << 20
)

// Options tune the adapter; the zero value means the defaults.
type Options struct {
	// Timeout bounds each HTTP call (DefaultTimeout).
	Timeout time.Duration
	// ChunkSize is the number of gallery subjects sent with the probe in
	// one /match call (DefaultChunkSize, at most MaxChunkSize); a chunk
	// is cut earlier when it would pass MaxRequestBytes.
	ChunkSize int
	// MaxRequestBytes bounds one request body (DefaultMaxRequestBytes):
	// images travel as JSON arrays of signed bytes, then in Base64, about
	// five times their size.
	MaxRequestBytes int64
	// MaxResponseBytes bounds what is read of one answer
	// (DefaultMaxResponseBytes).
	MaxResponseBytes int64
	// ScoreKey, when not empty, names an analyticsInfo entry holding a
	// numeric similarity (higher is more similar) that some vendors' SDKs
	// return beside the decision; matched candidates are then ranked by
	// it. This is vendor-specific: the MOSIP specification defines no
	// score, and nothing here assumes one.
	ScoreKey string
	// Flags are sent as the match request's flags (SDK-specific).
	Flags map[string]string
	// Space overrides the store space (Space).
	Space string
	// HTTPClient replaces the client built from Timeout.
	HTTPClient *http.Client
	// Now is the clock of enrolment dates (time.Now).
	Now func() time.Time
}

// Backend is the mosip-biosdk matching backend: an adapter to a MOSIP
// Bio-SDK REST service (mosip/biosdk-services), which returns match
// decisions, not scores.
type Backend struct {
	base string
	st   store.Galleries
	o    Options
	http *http.Client
}

var _ backend.Backend = (*Backend)(nil)

// New returns the adapter to the Bio-SDK service at baseURL (for example
// http://127.0.0.1:9099/biosdk-service), keeping enrolments in st.
func New(baseURL string, st store.Galleries, o Options) (*Backend, error) {
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("mosip-biosdk: base URL %q is not an http(s) URL", baseURL)
	}
	if st == nil {
		return nil, errors.New("mosip-biosdk: no store for the enrolments")
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.ChunkSize <= 0 {
		o.ChunkSize = DefaultChunkSize
	}
	if o.ChunkSize > MaxChunkSize {
		return nil, fmt.Errorf("mosip-biosdk: chunk size %d is over %d", o.ChunkSize, MaxChunkSize)
	}
	if o.MaxRequestBytes <= 0 {
		o.MaxRequestBytes = DefaultMaxRequestBytes
	}
	if o.MaxResponseBytes <= 0 {
		o.MaxResponseBytes = DefaultMaxResponseBytes
	}
	if o.Space == "" {
		o.Space = Space
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	c := o.HTTPClient
	if c == nil {
		c = &http.Client{Timeout: o.Timeout}
	}
	return &Backend{base: strings.TrimRight(baseURL, "/"), st: st, o: o, http: c}, nil
}

// Name returns "mosip-biosdk".
func (b *Backend) Name() string { return Name }

// Capabilities: finger, face and iris images; no scores.
func (b *Backend) Capabilities() backend.Capabilities {
	return backend.Capabilities{
		Modalities: []backend.Modality{backend.Finger, backend.Face, backend.Iris},
		Formats:    []string{backend.FingerImage, backend.FaceImage, backend.IrisImage},
		Scores:     false,
	}
}

func (b *Backend) fail(op string, err error) error {
	if err == nil {
		return nil
	}
	return &backend.Error{Backend: Name, Op: op, Err: err}
}

// Enrol checks the samples and keeps them durably in the store; nothing
// is sent to the SDK, which is stateless.
func (b *Backend) Enrol(ctx context.Context, gallery, subject string, samples []backend.Sample) error {
	if len(samples) == 0 {
		return b.fail("enrol", fmt.Errorf("subject %q: no sample: %w", subject, backend.ErrInvalidSample))
	}
	e := &store.Enrolment{Space: b.o.Space, Gallery: gallery, Subject: subject, Created: b.o.Now().UTC(), Backend: Name}
	for i, s := range samples {
		if _, err := checkSample(s, i); err != nil {
			return b.fail("enrol", fmt.Errorf("subject %q: %w", subject, err))
		}
		e.Samples = append(e.Samples, store.EnrolledSample{Format: s.Format, Position: s.Position, Data: s.Data})
	}
	return b.fail("enrol", b.st.PutEnrolment(ctx, e))
}

// Remove deletes a subject's enrolment.
func (b *Backend) Remove(ctx context.Context, gallery, subject string) error {
	err := b.st.DeleteEnrolment(ctx, b.o.Space, gallery, subject)
	if errors.Is(err, store.ErrNotFound) {
		err = fmt.Errorf("subject %q of gallery %q: %w", subject, gallery, backend.ErrNotFound)
	}
	return b.fail("remove", err)
}

// Health asks the service's status route (GET {base}/).
func (b *Backend) Health(ctx context.Context) (*backend.Health, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.base+"/", nil)
	if err != nil {
		return nil, b.fail("health", err)
	}
	raw, status, err := b.do(req)
	if err != nil {
		return &backend.Health{OK: false, Detail: err.Error()}, nil
	}
	if status != http.StatusOK {
		return &backend.Health{OK: false, Detail: httpStatusError(req, status, raw).Error()}, nil
	}
	return &backend.Health{OK: true, Detail: fmt.Sprintf("Bio-SDK service at %s: %.100s", b.base, strings.TrimSpace(string(raw)))}, nil
}

// Close releases idle connections.
func (b *Backend) Close() error {
	b.http.CloseIdleConnections()
	return nil
}

// marshal encodes a match request.
func marshal(v any) ([]byte, error) {
	p, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encoding the match request: %w", err)
	}
	return p, nil
}
