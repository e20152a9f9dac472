package httpmatcher

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// loadDocument loads and validates openapi.json with kin-openapi,
// refusing references outside it.
func loadDocument(t testing.TB) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	d, err := loader.LoadFromData(OpenAPI)
	if err != nil {
		t.Fatalf("openapi.json: load: %v", err)
	}
	if err := d.Validate(context.Background(), openapi3.EnableMultiError()); err != nil {
		t.Fatalf("openapi.json: validate: %v", err)
	}
	return d
}

// TestOpenAPIRoutes checks that the server's route table and the
// document's operations are the same set, and that every operation
// documents 400, 401, 500 and 503 as problems, and 413, 415 and 422 when
// it takes a body.
func TestOpenAPIRoutes(t *testing.T) {
	d := loadDocument(t)
	var documented, served []string
	for path, item := range d.Paths.Map() {
		for method, op := range item.Operations() {
			documented = append(documented, method+" "+path)
			want := []int{400, 401, 500, 503}
			if op.RequestBody != nil {
				want = append(want, 413, 415, 422)
			}
			for _, code := range want {
				r := op.Responses.Status(code)
				if r == nil || r.Value.Content.Get(MediaProblem) == nil {
					t.Errorf("%s %s: %d is not documented as %s", method, path, code, MediaProblem)
				}
			}
		}
	}
	for _, r := range routes {
		served = append(served, r.method+" "+r.path)
	}
	slices.Sort(documented)
	slices.Sort(served)
	if !slices.Equal(documented, served) {
		t.Errorf("openapi.json describes\n\t%s\nthe server serves\n\t%s", strings.Join(documented, "\n\t"), strings.Join(served, "\n\t"))
	}
}

// validating is an http.RoundTripper that checks every request against
// openapi.json before sending it and every answer after: a client and a
// server that agree with each other but not with the document fail.
type validating struct {
	t      testing.TB
	router routers.Router
	next   http.RoundTripper
}

// newValidating returns a validating transport for a server at baseURL.
func newValidating(t testing.TB, baseURL string) *validating {
	d := loadDocument(t)
	d.Servers = openapi3.Servers{{URL: baseURL}}
	router, err := legacy.NewRouter(d)
	if err != nil {
		t.Fatal(err)
	}
	return &validating{t: t, router: router, next: http.DefaultTransport}
}

func (v *validating) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body.Close()
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	route, params, err := v.router.FindRoute(req)
	if err != nil {
		v.t.Errorf("%s %s: no operation of openapi.json: %v", req.Method, req.URL, err)
		return v.next.RoundTrip(req)
	}
	in := &openapi3filter.RequestValidationInput{Request: req.Clone(req.Context()), PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true}}
	in.Request.Body = io.NopCloser(bytes.NewReader(body))
	if err := openapi3filter.ValidateRequest(req.Context(), in); err != nil {
		v.t.Errorf("%s %s: the request breaks openapi.json: %v", req.Method, req.URL, err)
	}
	resp, err := v.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	got, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(got))
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
		Body: io.NopCloser(bytes.NewReader(got)), Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}}
	if err := openapi3filter.ValidateResponse(req.Context(), out); err != nil {
		v.t.Errorf("%s %s: the answer %d breaks openapi.json: %v\n%s", req.Method, req.URL, resp.StatusCode, err, got)
	}
	return resp, nil
}
