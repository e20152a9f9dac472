package mosiptest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"time"

	"github.com/biogate/biogate/match/backend/mosip/internal/wire"
)

// DefaultThreshold is the matcher's score at FMR 0.1% over seven FVC sets
// (README, "Threshold guidance").
const DefaultThreshold = 0.0293

// Defaults of Options.
const (
	DefaultMaxRequestBytes = 256 << 20
	DefaultCacheSize       = 20000
)

// Options tune the server; the zero value means the defaults.
type Options struct {
	// Threshold is the finger score at or above which a pair matches
	// (DefaultThreshold).
	Threshold float64
	// ScoreKey, when not empty, makes the server put the best finger
	// score in each finger decision's analyticsInfo under that key, as
	// some vendors' SDKs do.
	ScoreKey string
	// BasePath is the path the service is mounted under, as a deployed
	// service is under /biosdk-service; "" for the root.
	BasePath string
	// MaxRequestBytes bounds a request body (DefaultMaxRequestBytes).
	MaxRequestBytes int64
	// CacheSize bounds the templates cached (DefaultCacheSize).
	CacheSize int
	// Intercept, when set, sees each request's route first and may answer
	// it instead (status and body), for tests of failures; it returns
	// false to let the server answer.
	Intercept func(route string) (status int, body []byte, done bool)
}

// Handler serves the wire format.
type Handler struct {
	o       Options
	matcher *matcher
	calls   atomic.Int64
	now     func() time.Time
}

// NewHandler returns the handler.
func NewHandler(o *Options) *Handler {
	h := &Handler{now: time.Now}
	if o != nil {
		h.o = *o
	}
	if h.o.Threshold <= 0 {
		h.o.Threshold = DefaultThreshold
	}
	if h.o.MaxRequestBytes <= 0 {
		h.o.MaxRequestBytes = DefaultMaxRequestBytes
	}
	if h.o.CacheSize <= 0 {
		h.o.CacheSize = DefaultCacheSize
	}
	h.matcher = newMatcher(h.o.CacheSize)
	return h
}

// Server is a started test server.
type Server struct {
	*httptest.Server
	Handler *Handler
}

// NewServer starts a test server; Close it when done.
func NewServer(o *Options) *Server {
	h := NewHandler(o)
	return &Server{Server: httptest.NewServer(h), Handler: h}
}

// Calls is the number of /match calls served.
func (h *Handler) Calls() int64 { return h.calls.Load() }

// Extractions is the number of records whose minutiae were extracted
// (cache misses).
func (h *Handler) Extractions() int64 { return h.matcher.extractions.Load() }

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	route, ok := strings.CutPrefix(r.URL.Path, strings.TrimSuffix(h.o.BasePath, "/"))
	if !ok {
		http.Error(w, `{"status":404,"error":"Not Found"}`, http.StatusNotFound)
		return
	}
	if route = strings.TrimSuffix(route, "/"); route == "" {
		route = "/"
	}
	if h.o.Intercept != nil {
		if status, body, done := h.o.Intercept(route); done {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			w.Write(body)
			return
		}
	}
	switch {
	case route == wire.RouteStatus && r.Method == http.MethodGet:
		fmt.Fprintf(w, "Service is running... %s", h.now().UTC().Format(time.UnixDate))
	case route == wire.RouteMatch && r.Method == http.MethodPost:
		h.calls.Add(1)
		h.serveMatch(w, r)
	default:
		http.Error(w, `{"status":404,"error":"Not Found"}`, http.StatusNotFound)
	}
}

// serveMatch answers POST /match as MainController.match does: HTTP 200
// with errors[] for whatever the SDK or the decoding throws.
func (h *Handler) serveMatch(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, h.o.MaxRequestBytes+1))
	if err != nil {
		http.Error(w, "reading the request", http.StatusBadRequest)
		return
	}
	if int64(len(body)) > h.o.MaxRequestBytes {
		http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
		return
	}
	var env wire.Envelope
	if err := json.Unmarshal(body, &env); err != nil {
		// Spring refuses a body it cannot bind with 400, before the controller.
		http.Error(w, `{"status":400,"error":"Bad Request"}`, http.StatusBadRequest)
		return
	}
	version, payload, err := wire.DecodeEnvelope(body)
	switch {
	case version != wire.SpecVersion:
		h.answer(w, version, nil, wire.ServiceError{Code: wire.CodeNoProviders, Message: "No Bio SDK service provider implementations found for given version"})
		return
	case err != nil:
		h.answer(w, version, nil, wire.ServiceError{Code: wire.CodeInvalidRequestBody, Message: "Unable to parse request body: " + err.Error()})
		return
	}
	var req wire.MatchRequest
	if err := json.Unmarshal(payload, &req); err != nil {
		// The provider reads the DTO inside its try: a library exception.
		h.answer(w, version, nil, wire.ServiceError{Code: wire.CodeLibException, Message: "Exception thrown by BioSDK library: " + err.Error()})
		return
	}
	h.answer(w, version, h.matcher.decide(&req, h.o.Threshold, h.o.ScoreKey))
}

// answer writes the ResponseDto: the SDK's response, or "" and errors.
func (h *Handler) answer(w http.ResponseWriter, version string, sdk *wire.MatchResponse, errs ...wire.ServiceError) {
	resp := struct {
		Version      string              `json:"version"`
		ResponseTime string              `json:"responsetime"`
		Response     any                 `json:"response"`
		Errors       []wire.ServiceError `json:"errors"`
	}{Version: version, ResponseTime: h.now().UTC().Format("2006-01-02T15:04:05.000Z"), Response: "", Errors: errs}
	if resp.Errors == nil {
		resp.Errors = []wire.ServiceError{}
	}
	if sdk != nil {
		resp.Response = sdk
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	json.NewEncoder(w).Encode(resp)
}
