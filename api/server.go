package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"strings"
	"time"

	"github.com/biogate/biogate/internal/budget"
	"github.com/biogate/biogate/web"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"
)

// Options configure a Server; the zero value of each field means the
// default given.
type Options struct {
	Logger        *slog.Logger  // slog.Default()
	BodyLimit     string        // "64M": the largest request body (echo's BodyLimit syntax)
	Timeout       time.Duration // 60s: how long one request may take
	MaxInFlight   int           // 8 × GOMAXPROCS: requests worked on at once
	MaxPerPartner int           // MaxInFlight/2 (at least 1): requests of one partner worked on at once
	QueueWait     time.Duration // 250ms: how long a request waits for a slot before 503
	BodyGrace     time.Duration // 5s: how long a body may take before BodyMinRate applies
	BodyMinRate   int           // 16384: the slowest average rate (bytes/s) a request body may arrive at

	// RequestMemory bounds the memory one request's decoding may take, by
	// the decoders' estimate (413 past it); TotalMemory bounds that of
	// all requests in progress together (503 past it).
	RequestMemory int64 // DefaultRequestMemory
	TotalMemory   int64 // DefaultTotalMemory

	// Node, when set, labels every metric of /metrics node="Node": one of
	// several gateway nodes (issue 16). Collectors are more metrics to
	// serve (the node's job queue's).
	Node       string
	Collectors []prometheus.Collector
}

func (o *Options) defaults() {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.BodyLimit == "" {
		o.BodyLimit = "64M"
	}
	if o.Timeout == 0 {
		o.Timeout = 60 * time.Second
	}
	if o.MaxInFlight == 0 {
		o.MaxInFlight = 8 * runtime.GOMAXPROCS(0)
	}
	if o.MaxPerPartner <= 0 {
		o.MaxPerPartner = max(1, o.MaxInFlight/2)
	}
	if o.BodyGrace == 0 {
		o.BodyGrace = 5 * time.Second
	}
	if o.BodyMinRate <= 0 {
		o.BodyMinRate = 16 << 10
	}
	if o.QueueWait == 0 {
		o.QueueWait = 250 * time.Millisecond
	}
	if o.RequestMemory <= 0 {
		o.RequestMemory = DefaultRequestMemory
	}
	if o.TotalMemory <= 0 {
		o.TotalMemory = DefaultTotalMemory
	}
}

// Server is the REST service.
type Server struct {
	e       *echo.Echo
	core    Core
	auth    Authenticator
	opts    Options
	log     *slog.Logger
	spec    *spec
	metrics *metrics
	limit   *limiter
	memory  *budget.Pool
	unauth  *unauthLog
}

// New returns a Server over core, verifying tokens with a.
func New(core Core, a Authenticator, o Options) (*Server, error) {
	o.defaults()
	sp, err := loadSpec(OpenAPI)
	if err != nil {
		return nil, err
	}
	s := &Server{core: core, auth: a, opts: o, log: o.Logger, spec: sp, metrics: newMetrics(o.Node, o.Collectors...),
		limit: newLimiter(o.MaxInFlight, o.MaxPerPartner, o.QueueWait), unauth: &unauthLog{burst: 10},
		memory: budget.NewPool(o.TotalMemory)}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.errorHandler
	e.Use(secured, middleware.RequestID(), s.observe, middleware.Recover(), s.timeout, s.budgeted, middleware.BodyLimit(o.BodyLimit))
	for _, r := range s.routes() {
		op := sp.ops[r.method+" "+r.path]
		if op == nil {
			return nil, errors.New("api: route " + r.method + " " + r.path + " is not in openapi.json")
		}
		// Authentication first (an anonymous call is refused unaudited),
		// then the audit entry, scope and parameters, the body (read
		// before a slot is taken), the slot, and the body's schema.
		mw := []echo.MiddlewareFunc{s.authenticate(r.scope)}
		if strings.HasPrefix(r.path, "/v1/") {
			mw = append(mw, s.audited(op))
		}
		mw = append(mw, s.requireScope(r.scope), s.checkParams(op), s.receive(op))
		if strings.HasPrefix(r.path, "/v1/") {
			mw = append(mw, s.limited)
		}
		mw = append(mw, s.checkBody(op))
		e.Add(r.method, r.path, r.handler, mw...)
	}
	// The console (package web): static pages and assets, public, outside
	// the API's route table and openapi.json (they are documents, not
	// operations: nothing is read or written through them).
	console := echo.WrapHandler(web.Handler())
	for _, p := range consolePaths {
		e.GET(p, console)
		e.HEAD(p, console)
	}
	s.e = e
	return s, nil
}

// Handler returns the service as an http.Handler.
func (s *Server) Handler() http.Handler { return s.e }

// Serve answers requests on ln until ctx is done, then stops accepting
// and waits up to 30 seconds for requests in progress.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s.e,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       s.opts.Timeout + 30*time.Second,
		WriteTimeout:      s.opts.Timeout + 30*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := hs.Shutdown(sctx)
	<-errc
	return err
}

func jsonEncoder(w io.Writer) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc
}
