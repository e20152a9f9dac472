package wire

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// addSeeds adds the files of testdata/responses: answers of the test
// server (written by mosiptest's TestServer with -update), in the
// service's shape.
func addSeeds(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "responses", "*.json"))
	if len(files) == 0 {
		f.Fatal("no seed in testdata/responses")
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// FuzzDecodeMatchResponse: any answer decodes or fails without panic, and
// a decoded one survives a round trip through its JSON.
func FuzzDecodeMatchResponse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := DecodeMatchResponse(b)
		if err != nil {
			return
		}
		inner, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("re-encoding %+v: %v", m, err)
		}
		again, err := DecodeMatchResponse(append(append([]byte(`{"response":`), inner...), `,"errors":[]}`...))
		if err != nil {
			t.Fatalf("re-decoding %s: %v", inner, err)
		}
		if !reflect.DeepEqual(normal(m), normal(again)) {
			t.Fatalf("round trip changed %+v into %+v", m, again)
		}
	})
}

// normal makes empty and nil maps and lists alike for comparison.
func normal(m *MatchResponse) string {
	b, _ := json.Marshal(m)
	return string(bytes.ReplaceAll(b, []byte("null"), []byte("{}")))
}

// FuzzDecodeRequest: what the test server reads of a request (envelope,
// then the match request) fails cleanly or round-trips.
func FuzzDecodeRequest(f *testing.F) {
	for _, s := range []string{
		`{"sample":{"segments":[{"bdbInfo":{"format":{"organization":"Mosip","type":"7"},"type":["FINGER"],"subtype":["Left","IndexFinger"],"creationDate":{"date":{"year":2026,"month":12,"day":3},"time":{"hour":1,"minute":2,"second":3,"nano":4}}},"bdb":[70,73,82,0,-1,-128]}]},"gallery":[{"segments":[{"bdb":"RklSAA=="}]}],"modalitiesToMatch":["FINGER"],"flags":{}}`,
		`{"sample":{"segments":[]},"gallery":[],"modalitiesToMatch":[],"flags":null}`,
		`{"sample":{"segments":[{"bdbInfo":{"creationDate":"2026-12-03T01:02:03Z"},"bdb":[]}]}}`,
	} {
		f.Add(EncodeEnvelope([]byte(s)))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		_, payload, err := DecodeEnvelope(b)
		if err != nil {
			return
		}
		var req MatchRequest
		if json.Unmarshal(payload, &req) != nil {
			return
		}
		out, err := json.Marshal(req)
		if err != nil {
			t.Fatalf("re-encoding: %v", err)
		}
		var again MatchRequest
		if err := json.Unmarshal(out, &again); err != nil {
			t.Fatalf("re-decoding %s: %v", out, err)
		}
		out2, _ := json.Marshal(again)
		if !bytes.Equal(out, out2) {
			t.Fatalf("round trip: %s became %s", out, out2)
		}
	})
}
