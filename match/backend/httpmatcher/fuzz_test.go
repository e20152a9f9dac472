package httpmatcher

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/samples"
)

// realBodies are request bodies as the client sends them, made from real
// records of the shared corpus where it is present: a 19794-2:2011
// minutiae record extracted from an FVC2002 scan, a 19794-6:2011 iris
// record (libbiomeval), and the protocol document's example.
func realBodies(tb testing.TB) [][]byte {
	bodies := [][]byte{[]byte(oneSample)}
	corpus := filepath.Join("..", "..", "..", "..", "shared", "corpus")
	add := func(s []backend.Sample) {
		b, err := json.Marshal(toWireSamples(s))
		if err != nil {
			tb.Fatal(err)
		}
		bodies = append(bodies, b)
	}
	if scan, err := os.ReadFile(filepath.Join(corpus, "fingerprints", "fvc2002-db1-b", "101_1.tif")); err == nil {
		s, _, err := samples.FromInput(scan, []string{backend.FingerMinutiae})
		if err != nil {
			tb.Fatal(err)
		}
		add(s)
		s[0].Position = 7
		add(append(s, s...))
	}
	if iris, err := os.ReadFile(filepath.Join(corpus, "libbiomeval", "iris01.iso2011")); err == nil {
		add([]backend.Sample{{Format: backend.IrisImage, Position: 1, Data: iris}})
	}
	if len(bodies) == 1 {
		tb.Log("corpus absent: the fuzz targets are seeded with the document's example only")
	}
	return bodies
}

// FuzzDecodeSamples: decodeSamples never panics, fails only with the
// errors the server maps to 400, 415 and 422, and what it accepts
// survives a round trip through the client's encoding.
func FuzzDecodeSamples(f *testing.F) {
	for _, b := range realBodies(f) {
		f.Add(b, "application/json")
	}
	f.Add([]byte(`{"samples":[{"format":"iso19794-2:2011","data":""}]}`), "application/json; charset=utf-8")
	f.Add([]byte(`{"samples":[{"format":"wsq","position":300,"data":"AA=="}]} {}`), "text/plain")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		got, err := decodeSamples(bytes.NewReader(body), contentType, DefaultMaxSamples)
		if err != nil {
			var req *requestError
			var mt *mediaTypeError
			if !errors.As(err, &req) && !errors.As(err, &mt) && !errors.Is(err, backend.ErrUnsupported) && !errors.Is(err, backend.ErrInvalidSample) {
				t.Fatalf("an error the server would answer 500: %v", err)
			}
			return
		}
		if len(got) == 0 || len(got) > DefaultMaxSamples {
			t.Fatalf("%d samples accepted", len(got))
		}
		again, err := json.Marshal(toWireSamples(got))
		if err != nil {
			t.Fatal(err)
		}
		back, err := decodeSamples(bytes.NewReader(again), "application/json", DefaultMaxSamples)
		if err != nil || !reflect.DeepEqual(back, got) {
			t.Fatalf("round trip: %+v, %v; want %+v", back, err, got)
		}
	})
}

// FuzzHandler sends requests to the server (the test double behind it):
// it never panics, answers only statuses openapi.json documents, and
// every error answer is a problem whose status is the answer's.
func FuzzHandler(f *testing.F) {
	for _, b := range realBodies(f) {
		f.Add("PUT", "/v1/galleries/criminal/subjects/FR:2026:1", b)
		f.Add("POST", "/v1/galleries/criminal/search?limit=5", b)
		f.Add("POST", "/v1/galleries/criminal/subjects/FR:2026:1/verify", b)
	}
	f.Add("DELETE", "/v1/galleries/criminal/subjects/FR:2026:1", []byte(nil))
	f.Add("GET", "/v1/health", []byte(nil))
	f.Add("GET", "/v1/capabilities", []byte(nil))
	documented := map[int]bool{200: true, 204: true, 400: true, 404: true, 405: true, 413: true, 415: true, 422: true}
	f.Fuzz(func(t *testing.T, method, target string, body []byte) {
		// The request as the server's connection reads it: a request
		// line that does not parse never reaches the handler.
		raw := fmt.Sprintf("%s %s HTTP/1.1\r\nHost: matcher\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
			method, target, testToken, len(body), body)
		req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(raw)))
		if err != nil || req.Method != method || req.RequestURI != target {
			return
		}
		rec := httptest.NewRecorder()
		NewHandler(newMemory(), ServerOptions{Token: testToken, MaxBody: 1 << 20}).ServeHTTP(rec, req)
		if rec.Code == http.StatusMovedPermanently || rec.Code == http.StatusTemporaryRedirect {
			return // ServeMux's redirect of an unclean path
		}
		if !documented[rec.Code] {
			t.Fatalf("%s %s: status %d: %s", method, target, rec.Code, rec.Body)
		}
		if rec.Code >= 400 {
			var p problemBody
			if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.Status != rec.Code || !strings.HasPrefix(p.Type, ProblemType) {
				t.Fatalf("%s %s: %d with %q", method, target, rec.Code, rec.Body)
			}
		}
	})
}
