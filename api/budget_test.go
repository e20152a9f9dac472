package api

import (
	"os"
	"strings"
	"testing"
	"time"
)

// wideXML is testdata/sample.an2's transaction as XML with n empty
// elements added to its Type-2 record (elements the decoder ignores, so
// that no record bound stops them).
func wideXML(t *testing.T, n int) []byte {
	t.Helper()
	b, err := os.ReadFile("../testdata/sample.an2")
	if err != nil {
		t.Fatal(err)
	}
	e := startEnv(t, nil)
	r := e.do(t, "POST", "/v1/convert?to=xml", e.token(t, "fbi", "convert"), b).expect(t, "convert to XML", 200)
	const end = "</itl:PackageDescriptiveTextRecord>"
	i := strings.LastIndex(string(r.body), end)
	if i < 0 {
		t.Fatalf("no Type-2 record in %.300s", r.body)
	}
	return []byte(string(r.body[:i]) + strings.Repeat("<x/>", n) + string(r.body[i:]))
}

// TestMemoryBudget: a body whose decoding would take more than a request
// may use is a 413, one the requests in progress leave no memory for a
// 503 with Retry-After; both say so in a problem. (A 60 MB XML of 500,000
// empty records took 1.5 GB and 19 s, four at once 6.6 GB.)
func TestMemoryBudget(t *testing.T) {
	doc := wideXML(t, 100000)
	e := startEnv(t, &envOptions{opts: Options{RequestMemory: 16 << 20, TotalMemory: 64 << 20}})
	var p Problem
	e.do(t, "POST", "/v1/transactions", e.token(t, "fbi", "submit"), doc).expect(t, "over the request budget", 413).json(t, &p)
	if !strings.Contains(p.Detail, "memory") {
		t.Errorf("413 problem does not say why: %q", p.Detail)
	}
	e = startEnv(t, &envOptions{opts: Options{RequestMemory: 16 << 20, TotalMemory: 256 << 10}})
	r := e.do(t, "POST", "/v1/validate", e.token(t, "fbi", "submit"), doc).expect(t, "pool exhausted", 503)
	r.json(t, &p)
	if r.header.Get("Retry-After") == "" || !strings.Contains(p.Type, "overloaded") {
		t.Errorf("503 without Retry-After or of type %q", p.Type)
	}
}

// TestRequestTimeoutStopsDecoding: the request timeout cancels the
// decoding itself, and the client gets a 503 problem in time rather than
// a closed connection. Decoding this body takes seconds; on a loaded
// machine the 810 kB body itself may not arrive within a very short
// timeout, which is rightly a 408 "too-slow" and says nothing of the
// decoder, so the timeout is raised (still far below the decoding time)
// until the body is read in time.
func TestRequestTimeoutStopsDecoding(t *testing.T) {
	doc := wideXML(t, 200000)
	for _, timeout := range []time.Duration{20 * time.Millisecond, 100 * time.Millisecond, 400 * time.Millisecond} {
		e := startEnv(t, &envOptions{opts: Options{Timeout: timeout}})
		start := time.Now()
		var p Problem
		r := e.do(t, "POST", "/v1/validate", e.token(t, "fbi", "convert"), doc)
		if r.status == 408 {
			r.json(t, &p)
			if !strings.Contains(p.Type, "too-slow") {
				t.Fatalf("408 of type %q, want too-slow", p.Type)
			}
			t.Logf("timeout %v: the body did not arrive in time (%s); trying a longer one", timeout, p.Detail)
			continue
		}
		r.expect(t, "past the timeout", 503).json(t, &p)
		if !strings.Contains(p.Type, "timeout") {
			t.Errorf("problem type %q, want timeout", p.Type)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("answered after %v", d)
		}
		return
	}
	t.Fatal("the body never arrived within the request timeout, so decoding was never reached")
}
