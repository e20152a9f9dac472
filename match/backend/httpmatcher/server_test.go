package httpmatcher

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// answer is what the server said to one request.
type answer struct {
	status  int
	header  http.Header
	problem problemBody
	body    string
}

// ask sends one request straight to the handler, with the test token
// unless header says otherwise.
func ask(t *testing.T, h http.Handler, method, target, contentType string, body io.Reader, header map[string]string) answer {
	t.Helper()
	req := httptest.NewRequest(method, target, body)
	req.Header.Set("Authorization", "Bearer "+testToken)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	a := answer{status: rec.Code, header: rec.Header(), body: rec.Body.String()}
	if rec.Code >= 400 {
		if ct := rec.Header().Get("Content-Type"); ct != MediaProblem {
			t.Errorf("%s %s: %d with Content-Type %q, want %s", method, target, rec.Code, ct, MediaProblem)
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &a.problem); err != nil || a.problem.Status != rec.Code || a.problem.Title == "" {
			t.Errorf("%s %s: %d with problem %q (%v)", method, target, rec.Code, rec.Body, err)
		}
	}
	return a
}

const oneSample = `{"samples":[{"format":"iso19794-2:2011","position":2,"data":"Rk1SADAzMAA="}]}`

// TestRefusals: requests that break the protocol are refused with the
// status and problem type openapi.json gives, before the backend sees
// them.
func TestRefusals(t *testing.T) {
	m := newMemory()
	h := NewHandler(m, ServerOptions{Token: testToken, MaxSamples: 3})
	manySamples := `{"samples":[` + strings.Repeat(`{"format":"iso19794-2:2011","data":"AA=="},`, 3) + `{"format":"iso19794-2:2011","data":"AA=="}]}`
	const enrolPath = "/v1/galleries/g/subjects/s"
	tests := []struct {
		name, method, target, contentType, body string
		status                                  int
		kind                                    string
	}{
		{"gallery upper case", "PUT", "/v1/galleries/Criminal/subjects/s", "application/json", oneSample, 400, kindInvalidRequest},
		{"gallery starting with a dot", "PUT", "/v1/galleries/.g/subjects/s", "application/json", oneSample, 400, kindInvalidRequest},
		{"gallery too long", "POST", "/v1/galleries/" + strings.Repeat("g", 65) + "/search", "application/json", oneSample, 400, kindInvalidRequest},
		{"subject with a slash", "PUT", "/v1/galleries/g/subjects/a%2Fb", "application/json", oneSample, 400, kindInvalidRequest},
		{"subject with a space", "DELETE", "/v1/galleries/g/subjects/a%20b", "", "", 400, kindInvalidRequest},
		{"subject too long", "POST", "/v1/galleries/g/subjects/" + strings.Repeat("s", 129) + "/verify", "application/json", oneSample, 400, kindInvalidRequest},
		{"limit 0", "POST", "/v1/galleries/g/search?limit=0", "application/json", oneSample, 400, kindInvalidRequest},
		{"limit 101", "POST", "/v1/galleries/g/search?limit=101", "application/json", oneSample, 400, kindInvalidRequest},
		{"limit not a number", "POST", "/v1/galleries/g/search?limit=ten", "application/json", oneSample, 400, kindInvalidRequest},
		{"limit twice", "POST", "/v1/galleries/g/search?limit=1&limit=2", "application/json", oneSample, 400, kindInvalidRequest},
		{"no content type", "PUT", enrolPath, "", oneSample, 415, kindMediaType},
		{"XML", "PUT", enrolPath, "application/xml", oneSample, 415, kindMediaType},
		{"empty body", "PUT", enrolPath, "application/json", "", 400, kindInvalidRequest},
		{"not JSON", "PUT", enrolPath, "application/json", "FMR\x00", 400, kindInvalidRequest},
		{"an array", "PUT", enrolPath, "application/json", "[]", 400, kindInvalidRequest},
		{"unknown member", "PUT", enrolPath, "application/json", `{"samples":[],"gallery":"x"}`, 400, kindInvalidRequest},
		{"unknown sample member", "PUT", enrolPath, "application/json", `{"samples":[{"format":"iso19794-2:2011","data":"AA==","quality":9}]}`, 400, kindInvalidRequest},
		{"two values", "PUT", enrolPath, "application/json", oneSample + oneSample, 400, kindInvalidRequest},
		{"no samples", "PUT", enrolPath, "application/json", `{"samples":[]}`, 400, kindInvalidRequest},
		{"samples null", "PUT", enrolPath, "application/json", `{"samples":null}`, 400, kindInvalidRequest},
		{"too many samples", "PUT", enrolPath, "application/json", manySamples, 400, kindInvalidRequest},
		{"not base64", "PUT", enrolPath, "application/json", `{"samples":[{"format":"iso19794-2:2011","data":"not base64!"}]}`, 400, kindInvalidRequest},
		{"base64 without padding", "PUT", enrolPath, "application/json", `{"samples":[{"format":"iso19794-2:2011","data":"AA"}]}`, 400, kindInvalidRequest},
		{"empty data", "PUT", enrolPath, "application/json", `{"samples":[{"format":"iso19794-2:2011","data":""}]}`, 422, kindInvalidSample},
		{"null data", "PUT", enrolPath, "application/json", `{"samples":[{"format":"iso19794-2:2011","data":null}]}`, 422, kindInvalidSample},
		{"no format", "PUT", enrolPath, "application/json", `{"samples":[{"data":"AA=="}]}`, 400, kindInvalidRequest},
		{"position -1", "PUT", enrolPath, "application/json", `{"samples":[{"format":"iso19794-2:2011","position":-1,"data":"AA=="}]}`, 400, kindInvalidRequest},
		{"position 256", "PUT", enrolPath, "application/json", `{"samples":[{"format":"iso19794-2:2011","position":256,"data":"AA=="}]}`, 400, kindInvalidRequest},
		{"position 2.5", "PUT", enrolPath, "application/json", `{"samples":[{"format":"iso19794-2:2011","position":2.5,"data":"AA=="}]}`, 400, kindInvalidRequest},
		{"format of no modality", "PUT", enrolPath, "application/json", `{"samples":[{"format":"wsq","data":"AA=="}]}`, 422, kindUnsupported},
		{"format the backend does not take", "PUT", enrolPath, "application/json", `{"samples":[{"format":"iso19794-5:2011","data":"AA=="}]}`, 422, kindUnsupported},
		{"record the backend cannot read", "POST", "/v1/galleries/g/search", "application/json", `{"samples":[{"format":"iso19794-2:2011","data":"Z2FyYmFnZQ=="}]}`, 422, kindInvalidSample},
		{"not enrolled", "POST", "/v1/galleries/g/subjects/nobody/verify", "application/json", oneSample, 404, kindNotFound},
		{"no such path", "GET", "/v2/health", "", "", 404, kindNoRoute},
		{"no such path under a gallery", "GET", "/v1/galleries/g", "", "", 404, kindNoRoute},
		{"wrong method", "POST", "/v1/health", "", "", 405, kindMethod},
		{"wrong method on a subject", "POST", enrolPath, "application/json", oneSample, 405, kindMethod},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := ask(t, h, tt.method, tt.target, tt.contentType, strings.NewReader(tt.body), nil)
			if a.status != tt.status || a.problem.Type != ProblemType+tt.kind {
				t.Errorf("%d %s, want %d %s: %s", a.status, a.problem.Type, tt.status, tt.kind, a.body)
			}
		})
	}
	if len(m.galleries) != 0 {
		t.Errorf("the backend was changed by refused requests: %v", m.galleries)
	}
	if a := ask(t, h, "POST", "/v1/health", "", nil, nil); a.header.Get("Allow") != "GET" {
		t.Errorf("405 with Allow %q", a.header.Get("Allow"))
	}
}

// TestAuthentication: without the shared token, every path (unknown
// ones included) is 401 with WWW-Authenticate, and the backend is not
// asked; a matcher without a token serves anyone.
func TestAuthentication(t *testing.T) {
	m := newMemory()
	h := NewHandler(m, ServerOptions{Token: testToken})
	for _, auth := range []string{"", "Bearer", "Bearer ", "Bearer " + testToken[:len(testToken)-1], "Bearer " + testToken + "x",
		"Basic " + testToken, testToken, "Bearer  " + testToken, "bearer " + strings.ToUpper(testToken)} {
		for _, r := range append(routes, route{method: "GET", path: "/nowhere"}) {
			target := strings.NewReplacer("{gallery}", "g", "{subject}", "s").Replace(r.path)
			a := ask(t, h, r.method, target, "application/json", strings.NewReader(oneSample), map[string]string{"Authorization": auth})
			if a.status != 401 || a.problem.Type != ProblemType+kindUnauthenticated || !strings.HasPrefix(a.header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("Authorization %q: %s %s: %d %s", auth, r.method, target, a.status, a.problem.Type)
			}
		}
	}
	if len(m.galleries) != 0 {
		t.Errorf("enrolled without the token: %v", m.galleries)
	}
	for _, auth := range []string{"Bearer " + testToken, "bearer " + testToken} {
		if a := ask(t, h, "PUT", "/v1/galleries/g/subjects/s", "application/json", strings.NewReader(oneSample), map[string]string{"Authorization": auth}); a.status != 204 {
			t.Errorf("Authorization %q: %d %s", auth, a.status, a.body)
		}
	}
	open := NewHandler(m, ServerOptions{})
	if a := ask(t, open, "GET", "/v1/health", "", nil, map[string]string{"Authorization": ""}); a.status != 200 {
		t.Errorf("a matcher without a token: %d %s", a.status, a.body)
	}
}

// TestOversized: a body over MaxBody is 413, whether its length is
// declared or it arrives in chunks, and the backend is not asked.
func TestOversized(t *testing.T) {
	m := newMemory()
	const limit = 1 << 10
	h := NewHandler(m, ServerOptions{Token: testToken, MaxBody: limit})
	big := fmt.Sprintf(`{"samples":[{"format":"iso19794-2:2011","data":"%s"}]}`, strings.Repeat("A", limit))
	for _, tt := range []struct {
		name string
		body io.Reader
	}{
		{"declared", strings.NewReader(big)},
		{"undeclared", io.MultiReader(strings.NewReader(big))}, // no Content-Length: read up to the limit
	} {
		a := ask(t, h, "PUT", "/v1/galleries/g/subjects/s", "application/json", tt.body, nil)
		if a.status != 413 || a.problem.Type != ProblemType+kindTooLarge {
			t.Errorf("%s: %d %s", tt.name, a.status, a.body)
		}
	}
	if len(m.galleries) != 0 {
		t.Errorf("enrolled from an oversized body: %v", m.galleries)
	}
	fits := fmt.Sprintf(`{"samples":[{"format":"iso19794-2:2011","data":"%s"}]}`, strings.Repeat("A", limit-80))
	if a := ask(t, h, "PUT", "/v1/galleries/g/subjects/s", "application/json", strings.NewReader(fits), nil); a.status != 204 {
		t.Errorf("a body within the limit: %d %s", a.status, a.body)
	}
}
