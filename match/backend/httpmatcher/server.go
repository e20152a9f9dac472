package httpmatcher

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/biogate/biogate/match/backend"
)

// ServerOptions configure NewHandler; the zero value serves without a
// token, with the default bounds.
type ServerOptions struct {
	// Token is the shared secret every request must carry as
	// "Authorization: Bearer TOKEN" (ReadToken reads it from a file);
	// "" serves without authentication, for a loopback address only.
	Token string
	// MaxBody is the largest request body (default DefaultMaxBody).
	MaxBody int64
	// MaxSamples is the most samples in one request (default
	// DefaultMaxSamples).
	MaxSamples int
	// Timeout bounds the backend's work on one request (default
	// DefaultServerTimeout); past it the answer is 503 unavailable.
	Timeout time.Duration
	// RetryAfter is the Retry-After of a 503 (default 5 s; whole seconds).
	RetryAfter time.Duration
	// Logger receives the internal errors, whose details the answer
	// does not show (default: discarded).
	Logger *slog.Logger
}

// DefaultServerTimeout bounds one request's work by default.
const DefaultServerTimeout = 60 * time.Second

// Search limits (openapi.json, parameter limit).
const (
	DefaultLimit = 10
	MaxLimit     = 100
)

func (o ServerOptions) withDefaults() ServerOptions {
	if o.MaxBody <= 0 {
		o.MaxBody = DefaultMaxBody
	}
	if o.MaxSamples <= 0 {
		o.MaxSamples = DefaultMaxSamples
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultServerTimeout
	}
	if o.RetryAfter < time.Second {
		o.RetryAfter = 5 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// server serves one backend.
type server struct {
	b     backend.Backend
	o     ServerOptions
	token [sha256.Size]byte // the token's hash, compared in constant time
}

// route is one operation of the protocol: its method, its path pattern
// (net/http's ServeMux syntax, which is also openapi.json's path) and
// its handler. routes is the one table of them; a test checks it
// against openapi.json.
type route struct {
	method, path string
	handle       func(*server, http.ResponseWriter, *http.Request) error
}

const (
	pathSubject = "/v1/galleries/{gallery}/subjects/{subject}"
	pathSearch  = "/v1/galleries/{gallery}/search"
	pathVerify  = "/v1/galleries/{gallery}/subjects/{subject}/verify"
)

var routes = []route{
	{http.MethodPut, pathSubject, (*server).enrol},
	{http.MethodDelete, pathSubject, (*server).remove},
	{http.MethodPost, pathSearch, (*server).search},
	{http.MethodPost, pathVerify, (*server).verify},
	{http.MethodGet, "/v1/health", (*server).health},
	{http.MethodGet, "/v1/capabilities", (*server).capabilities},
}

// NewHandler serves b over the protocol. The handler does not close b.
func NewHandler(b backend.Backend, o ServerOptions) http.Handler {
	s := &server{b: b, o: o.withDefaults()}
	s.token = sha256.Sum256([]byte(s.o.Token))
	mux := http.NewServeMux()
	allowed := map[string][]string{}
	for _, r := range routes {
		mux.HandleFunc(r.method+" "+r.path, s.serve(r.handle))
		allowed[r.path] = append(allowed[r.path], r.method)
	}
	// A known path with another method: 405 with Allow; no known path:
	// 404 no-route (never not-found, which means "not enrolled").
	for path, methods := range allowed {
		allow := strings.Join(methods, ", ")
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allow)
			s.writeProblem(w, http.StatusMethodNotAllowed, kindMethod, r.Method+" is not an operation of "+r.URL.Path+"; allowed: "+allow)
		})
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.writeProblem(w, http.StatusNotFound, kindNoRoute, "no operation of the matcher protocol at "+r.URL.Path)
	})
	return s.authenticate(mux)
}

// authenticate refuses a request without the shared token, before
// anything else (the paths a matcher serves included).
func (s *server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.o.Token != "" {
			// The scheme is case-insensitive (RFC 9110 section 11.1).
			scheme, got, ok := strings.Cut(r.Header.Get("Authorization"), " ")
			ok = ok && strings.EqualFold(scheme, "Bearer")
			// Hashes, so that neither the token's bytes nor its length
			// shows in the comparison's time.
			h := sha256.Sum256([]byte(got))
			if subtle.ConstantTimeCompare(h[:], s.token[:]) != 1 || !ok {
				w.Header().Set("WWW-Authenticate", `Bearer realm="biogate-matcher"`)
				s.writeProblem(w, http.StatusUnauthorized, kindUnauthenticated, "a bearer token the matcher knows is required")
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// serve bounds a request in size and time and turns its handler's error
// into a problem.
func (s *server) serve(h func(*server, http.ResponseWriter, *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > s.o.MaxBody {
			s.fail(w, r, &http.MaxBytesError{Limit: s.o.MaxBody})
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, s.o.MaxBody)
		ctx, cancel := context.WithTimeout(r.Context(), s.o.Timeout)
		defer cancel()
		if err := h(s, w, r.WithContext(ctx)); err != nil {
			s.fail(w, r, err)
		}
	}
}

// names reads and checks the path's gallery and, when the route has
// one, subject.
func names(r *http.Request) (gallery, subject string, err error) {
	gallery = r.PathValue("gallery")
	if err := checkGallery(gallery); err != nil {
		return "", "", &requestError{err.Error()}
	}
	subject = r.PathValue("subject")
	if strings.Contains(r.Pattern, "{subject}") {
		if err := checkSubject(subject); err != nil {
			return "", "", &requestError{err.Error()}
		}
	}
	return gallery, subject, nil
}

func (s *server) samples(r *http.Request) ([]backend.Sample, error) {
	return decodeSamples(r.Body, r.Header.Get("Content-Type"), s.o.MaxSamples)
}

func (s *server) enrol(w http.ResponseWriter, r *http.Request) error {
	gallery, subject, err := names(r)
	if err != nil {
		return err
	}
	samples, err := s.samples(r)
	if err != nil {
		return err
	}
	if err := s.b.Enrol(r.Context(), gallery, subject, samples); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *server) remove(w http.ResponseWriter, r *http.Request) error {
	gallery, subject, err := names(r)
	if err != nil {
		return err
	}
	if err := s.b.Remove(r.Context(), gallery, subject); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *server) search(w http.ResponseWriter, r *http.Request) error {
	gallery, _, err := names(r)
	if err != nil {
		return err
	}
	limit, err := parseLimit(r.URL.Query()["limit"])
	if err != nil {
		return err
	}
	samples, err := s.samples(r)
	if err != nil {
		return err
	}
	c, err := s.b.Identify(r.Context(), gallery, samples, limit)
	if err != nil {
		return err
	}
	if len(c) > limit { // the protocol promises at most limit
		c = c[:limit]
	}
	return s.writeJSON(w, toWireCandidates(c))
}

// parseLimit reads the search's limit: absent, DefaultLimit; else one
// integer in 1..MaxLimit.
func parseLimit(v []string) (int, error) {
	if len(v) == 0 {
		return DefaultLimit, nil
	}
	n, err := strconv.Atoi(v[0])
	if len(v) > 1 || err != nil || n < 1 || n > MaxLimit {
		return 0, badRequest("limit %.20q: one integer in 1..%d is required", strings.Join(v, ","), MaxLimit)
	}
	return n, nil
}

func (s *server) verify(w http.ResponseWriter, r *http.Request) error {
	gallery, subject, err := names(r)
	if err != nil {
		return err
	}
	samples, err := s.samples(r)
	if err != nil {
		return err
	}
	v, err := s.b.Verify(r.Context(), gallery, subject, samples)
	if err != nil {
		return err
	}
	return s.writeJSON(w, verifyAnswer{Score: v.Score, Match: v.Match, Threshold: v.Threshold})
}

func (s *server) health(w http.ResponseWriter, r *http.Request) error {
	h, err := s.b.Health(r.Context())
	if err != nil {
		return err
	}
	return s.writeJSON(w, healthAnswer{OK: h.OK, Detail: h.Detail, Subjects: h.Subjects})
}

func (s *server) capabilities(w http.ResponseWriter, _ *http.Request) error {
	return s.writeJSON(w, toWireCapabilities(s.b.Capabilities()))
}

func (s *server) writeJSON(w http.ResponseWriter, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(append(b, '\n'))
	return nil
}

// fail answers err as a problem: the one place where errors become
// statuses.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var (
		req *requestError
		mt  *mediaTypeError
	)
	switch kind, status, ok := kindOf(err); {
	case errors.As(err, &req):
		s.writeProblem(w, http.StatusBadRequest, kindInvalidRequest, req.msg)
	case errors.As(err, &mt):
		s.writeProblem(w, http.StatusUnsupportedMediaType, kindMediaType, mt.Error())
	case isTooLarge(err):
		s.writeProblem(w, http.StatusRequestEntityTooLarge, kindTooLarge,
			"the body is larger than the "+strconv.FormatInt(s.o.MaxBody, 10)+" bytes this matcher takes")
	case ok:
		s.writeProblem(w, status, kind, err.Error())
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		s.writeProblem(w, http.StatusServiceUnavailable, kindUnavailable,
			"the matcher did not answer within "+s.o.Timeout.String())
	default:
		s.o.Logger.Error("matcher: internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		s.writeProblem(w, http.StatusInternalServerError, kindInternal, "the matcher failed; its log says why")
	}
}

func (s *server) writeProblem(w http.ResponseWriter, status int, kind, detail string) {
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", strconv.Itoa(int(s.o.RetryAfter/time.Second)))
	}
	b, _ := json.Marshal(problemBody{Type: ProblemType + kind, Title: http.StatusText(status), Status: status, Detail: detail})
	w.Header().Set("Content-Type", MediaProblem)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}
