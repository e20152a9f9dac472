package mosip_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/mosip"
	"github.com/biogate/biogate/match/backend/mosip/mosiptest"
)

// errorAnswer is the service's answer when it caught an exception: HTTP
// 200, response "", the error in errors[] (MainController).
func errorAnswer(code, msg string) string {
	return `{"version":"1.0","responsetime":"2026-12-03T20:28:50.990Z","response":"","errors":[{"code":"` + code + `","message":"` + msg + `"}]}`
}

func sdkStatusAnswer(status int, msg string) string {
	return `{"version":"1.0","responsetime":"2026-12-03T20:28:50.990Z","response":{"statusCode":` +
		strconv.Itoa(status) + `,"statusMessage":"` + msg + `","response":[]},"errors":[]}`
}

// TestErrorAnswers: each way the service says no maps to the backend
// error the core acts on (retry, refuse the sample, say unsupported).
func TestErrorAnswers(t *testing.T) {
	rec := fvcRecord(t, "101_1")
	for _, tc := range []struct {
		name      string
		status    int
		body      string
		sentinel  error // nil: an error wrapping none of the sentinels
		retryable bool
	}{
		{"library exception, HTTP 200", 200, errorAnswer("BIOSDK_LIB_EXCEPTION", "Exception thrown by BioSDK library: x"), backend.ErrUnavailable, true},
		{"unchecked exception", 200, errorAnswer("UNCHECKED_EXCEPTION", "UNCHECKED_EXCEPTION"), backend.ErrUnavailable, true},
		{"request body unreadable", 200, errorAnswer("INVALID_REQUEST_BODY", "Unable to parse request body"), backend.ErrInvalidSample, false},
		{"no provider for the version", 200, errorAnswer("BIO_SDK_001", "No Bio SDK service provider implementations found for given version"), backend.ErrUnsupported, false},
		{"no provider (ErrorMessages name)", 200, errorAnswer("NO_BIOSDK_PROVIDER_FOUND", "No BioSDK provider found with the given version"), backend.ErrUnsupported, false},
		{"SDK status 401 invalid input", 200, sdkStatusAnswer(401, "Invalid Input Parameter - sample"), backend.ErrInvalidSample, false},
		{"SDK status 402 missing input", 200, sdkStatusAnswer(402, "Missing Input Parameter - sample"), backend.ErrInvalidSample, false},
		{"SDK status 406 poor quality", 200, sdkStatusAnswer(406, "Data provided is of poor quality"), backend.ErrInvalidSample, false},
		{"SDK status 500 unknown error", 200, sdkStatusAnswer(500, "UNKNOWN_ERROR"), backend.ErrUnavailable, true},
		{"HTTP 503", 503, `upstream unavailable`, backend.ErrUnavailable, true},
		{"HTTP 500", 500, `{"status":500}`, backend.ErrUnavailable, true},
		{"HTTP 429", 429, `slow down`, backend.ErrUnavailable, true},
		{"HTTP 404: wrong base URL", 404, `{"status":404}`, nil, false},
		{"HTTP 200 not JSON", 200, `<html>gateway</html>`, backend.ErrUnavailable, true},
		{"response without result", 200, `{"version":"1.0","response":"","errors":[]}`, backend.ErrUnavailable, true},
		{"gallery index out of range", 200, `{"response":{"statusCode":200,"response":[{"galleryIndex":7,"decisions":{}}]},"errors":[]}`, backend.ErrUnavailable, true},
		{"every decision ERROR", 200, `{"response":{"statusCode":200,"response":[{"galleryIndex":0,"decisions":{"FINGER":{"match":"ERROR","errors":["cannot decode"]}}}]},"errors":[]}`, backend.ErrInvalidSample, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, _ := open(t, &mosiptest.Options{Intercept: func(route string) (int, []byte, bool) {
				return tc.status, []byte(tc.body), route == "/match"
			}}, mosip.Options{})
			ctx := context.Background()
			if err := b.Enrol(ctx, "g", "s", finger(rec, 0)); err != nil {
				t.Fatal(err)
			}
			for op, call := range map[string]func() error{
				"identify": func() error { _, err := b.Identify(ctx, "g", finger(rec, 0), 5); return err },
				"verify":   func() error { _, err := b.Verify(ctx, "g", "s", finger(rec, 0)); return err },
			} {
				err := call()
				if err == nil {
					t.Fatalf("%s: no error", op)
				}
				if tc.sentinel != nil && !errors.Is(err, tc.sentinel) {
					t.Errorf("%s: %v, want %v", op, err, tc.sentinel)
				}
				for _, s := range []error{backend.ErrUnavailable, backend.ErrInvalidSample, backend.ErrUnsupported} {
					if s != tc.sentinel && errors.Is(err, s) {
						t.Errorf("%s: %v also wraps %v", op, err, s)
					}
				}
				if backend.Retryable(err) != tc.retryable {
					t.Errorf("%s: Retryable(%v) = %v", op, err, !tc.retryable)
				}
				var be *backend.Error
				if !errors.As(err, &be) || be.Backend != "mosip-biosdk" || be.Op != op {
					t.Errorf("%s: %v is not a *backend.Error of this backend and operation", op, err)
				}
			}
		})
	}
}

// TestTransportFailures: a service that is down or slower than the
// timeout gives a retryable error; Health says not OK.
func TestTransportFailures(t *testing.T) {
	ctx := context.Background()
	rec := fvcRecord(t, "101_1")
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	defer close(release)
	for name, url := range map[string]string{"down": down.URL, "slow": slow.URL} {
		b, err := mosip.New(url, newStore(t), mosip.Options{Timeout: 100 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		if err := b.Enrol(ctx, "g", "s", finger(rec, 0)); err != nil {
			t.Fatalf("%s: enrol needs no service: %v", name, err)
		}
		_, err = b.Identify(ctx, "g", finger(rec, 0), 1)
		if !errors.Is(err, backend.ErrUnavailable) || !backend.Retryable(err) {
			t.Errorf("%s: identify: %v, want a retryable ErrUnavailable", name, err)
		}
		h, err := b.Health(ctx)
		if err != nil || h.OK || h.Detail == "" {
			t.Errorf("%s: health %+v, %v; want not OK with a detail", name, h, err)
		}
	}
	// A context deadline is retryable too.
	b, _ := mosip.New(slow.URL, newStore(t), mosip.Options{})
	b.Enrol(ctx, "g", "s", finger(rec, 0))
	dctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := b.Identify(dctx, "g", finger(rec, 0), 1); !backend.Retryable(err) {
		t.Errorf("deadline: %v is not retryable", err)
	}
}

// TestHealth: the status route of a live service.
func TestHealth(t *testing.T) {
	b, _ := open(t, nil, mosip.Options{})
	h, err := b.Health(context.Background())
	if err != nil || !h.OK || !strings.Contains(h.Detail, "Service is running") {
		t.Errorf("health %+v, %v", h, err)
	}
}

// TestLimits: an answer over MaxResponseBytes is refused, a request over
// MaxRequestBytes is not sent.
func TestLimits(t *testing.T) {
	ctx := context.Background()
	rec := fvcRecord(t, "101_1")
	big := `{"response":{"statusCode":200,"response":[]},"errors":[],"pad":"` + strings.Repeat("x", 4096) + `"}`
	b, srv := open(t, &mosiptest.Options{Intercept: func(route string) (int, []byte, bool) { return 200, []byte(big), route == "/match" }},
		mosip.Options{MaxResponseBytes: 1024})
	b.Enrol(ctx, "g", "s", finger(rec, 0))
	if _, err := b.Identify(ctx, "g", finger(rec, 0), 1); err == nil || !strings.Contains(err.Error(), "1024-byte limit") {
		t.Errorf("oversized answer: %v", err)
	}
	small, err := mosip.New(srv.URL+"/biosdk-service", newStore(t), mosip.Options{MaxRequestBytes: 4096})
	if err != nil {
		t.Fatal(err)
	}
	small.Enrol(ctx, "g", "s", finger(rec, 0))
	if _, err := small.Identify(ctx, "g", finger(rec, 0), 1); !errors.Is(err, backend.ErrInvalidSample) || !strings.Contains(err.Error(), "request limit") {
		t.Errorf("oversized request: %v, want ErrInvalidSample naming the limit", err)
	}
	if n := srv.Handler.Calls(); n != 0 {
		t.Errorf("%d calls reached the server", n)
	}
}

// TestEnrolChecks: what the adapter refuses before storing anything.
func TestEnrolChecks(t *testing.T) {
	ctx := context.Background()
	rec := fvcRecord(t, "101_1")
	rec2005 := readCorpus(t, "mosip-bio-utils/images/ISOImage.iso")
	minutiae := readCorpus(t, "libbiomeval/fmr.iso2005")
	b, err := mosip.New("http://127.0.0.1:1/biosdk-service", newStore(t), mosip.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		samples []backend.Sample
		want    error
	}{
		{"no sample", nil, backend.ErrInvalidSample},
		{"minutiae", []backend.Sample{{Format: backend.FingerMinutiae, Data: minutiae}}, backend.ErrUnsupported},
		{"unknown format", []backend.Sample{{Format: "png", Data: rec}}, backend.ErrUnsupported},
		{"garbage", finger([]byte("FIR\x00020\x00garbage"), 0), backend.ErrInvalidSample},
		{"2005 record as 2011", finger(rec2005, 0), backend.ErrInvalidSample},
		{"position 11", finger(rec, 11), backend.ErrInvalidSample},
		{"eye 3", []backend.Sample{{Format: backend.IrisImage, Position: 3, Data: rec}}, backend.ErrInvalidSample},
		{"finger as face", []backend.Sample{{Format: backend.FaceImage, Data: rec}}, backend.ErrInvalidSample},
	} {
		err := b.Enrol(ctx, "g", "s", tc.samples)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
		if _, err := b.Identify(ctx, "g", tc.samples, 1); !errors.Is(err, tc.want) {
			t.Errorf("%s as probe: %v, want %v", tc.name, err, tc.want)
		}
	}
	if _, err := mosip.New("ftp://x", newStore(t), mosip.Options{}); err == nil {
		t.Error("an ftp base URL was taken")
	}
	if _, err := mosip.New("http://x", newStore(t), mosip.Options{ChunkSize: mosip.MaxChunkSize + 1}); err == nil {
		t.Error("a chunk size over the bound was taken")
	}
}

// TestFaceIris: the test server matches faces and irises by equal
// records; the adapter sends them as types "8" and "9".
func TestFaceIris(t *testing.T) {
	ctx := context.Background()
	face := as2011(t, readCorpus(t, "libbiomeval/face01.iso2005"), iso.Face2011)
	iris := as2011(t, readCorpus(t, "mosip-bio-utils/images/Sample_IRIS.iso"), iso.Iris2011)
	iris2 := readCorpus(t, "libbiomeval/iris01.iso2011")
	b, _ := open(t, nil, mosip.Options{})
	if err := b.Enrol(ctx, "g", "a", []backend.Sample{{Format: backend.FaceImage, Data: face}, {Format: backend.IrisImage, Position: 2, Data: iris}}); err != nil {
		t.Fatal(err)
	}
	if err := b.Enrol(ctx, "g", "b", []backend.Sample{{Format: backend.IrisImage, Position: 1, Data: iris2}}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		probe []backend.Sample
		want  []string
	}{
		{"face", []backend.Sample{{Format: backend.FaceImage, Data: face}}, []string{"a"}},
		{"iris a", []backend.Sample{{Format: backend.IrisImage, Position: 2, Data: iris}}, []string{"a"}},
		{"iris b", []backend.Sample{{Format: backend.IrisImage, Data: iris2}}, []string{"b"}},
	} {
		got, err := b.Identify(ctx, "g", tc.probe, 10)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var names []string
		for _, c := range got {
			names = append(names, c.Subject)
		}
		if strings.Join(names, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%s: candidates %v, want %v", tc.name, names, tc.want)
		}
	}
	// b has no face: verifying a face against it does not match.
	v, err := b.Verify(ctx, "g", "b", []backend.Sample{{Format: backend.FaceImage, Data: face}})
	if err != nil || v.Match {
		t.Errorf("face against an iris-only subject: %+v, %v", v, err)
	}
}
