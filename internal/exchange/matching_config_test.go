package exchange

import (
	"slices"
	"strings"
	"testing"
)

// matchingConfig is a configuration with two backends, a gallery on one
// of them, and a partner with enrol and search rules; the tests of
// TestMatchingConfigErrors change one thing in it.
const matchingConfig = `{
  "issuers": [{"name": "x", "jwks": {"keys": []}}],
  "backends": [
    {"name": "local", "type": "embedded"},
    {"name": "sdk", "type": "mosip-biosdk", "url": "http://127.0.0.1:9099/biosdk-service", "timeout": "5s"}
  ],
  "galleries": [{"name": "criminal", "backends": ["local", "sdk"]}],
  "partners": [
    {"name": "a", "issuer": "x", "scopes": ["submit"], "agencies": ["A"], "receive": {"format": "an2"},
     "matching": {
       "enrol": [{"types": ["CAR"], "gallery": "criminal", "purpose": "criminal-records"},
                 {"types": ["MPR"], "gallery": "missing", "purpose": "missing-persons"}],
       "search": [{"types": ["CPS", "TPIS"], "galleries": ["criminal", "missing"], "purpose": "criminal-records", "limit": 10}]
     }}
  ]}`

func TestMatchingConfig(t *testing.T) {
	c, err := ParseConfig([]byte(matchingConfig))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.GalleryBackends("criminal"); !slices.Equal(got, []string{"local", "sdk"}) {
		t.Errorf("criminal's backends %v", got)
	}
	if got := c.GalleryBackends("missing"); !slices.Equal(got, []string{"local", "sdk"}) {
		t.Errorf("an unlisted gallery's backends %v, want every backend", got)
	}
	a, _ := c.Partner("a")
	if r := a.EnrolRuleFor("MPR "); r == nil || r.Gallery != "missing" {
		t.Errorf("enrol rule for MPR: %+v", r)
	}
	if r := a.SearchRuleFor("TPIS"); r == nil || r.Limit != 10 || a.EnrolRuleFor("TPIS") != nil {
		t.Errorf("search rule for TPIS: %+v", r)
	}
	if a.SearchRuleFor("CNA") != nil || a.EnrolRuleFor("CNA") != nil {
		t.Error("CNA matches a rule")
	}
	if c.Backends[1].CallTimeout().Seconds() != 5 || c.Backends[0].CallTimeout() != DefaultBackendTimeout {
		t.Errorf("timeouts %v %v", c.Backends[1].CallTimeout(), c.Backends[0].CallTimeout())
	}
	plain := testConfig(t)
	if got := plain.GalleryBackends("any"); !slices.Equal(got, []string{BackendEmbedded}) {
		t.Errorf("without backends: %v", got)
	}
}

func TestMatchingConfigErrors(t *testing.T) {
	tests := []struct {
		name, from, to, want string
	}{
		{"backend twice", `{"name": "sdk", "type"`, `{"name": "local", "type"`, `backend "local" is configured twice`},
		{"two embedded backends", `{"name": "sdk", "type": "mosip-biosdk", "url": "http://127.0.0.1:9099/biosdk-service", "timeout": "5s"}`,
			`{"name": "sdk", "type": "embedded"}`, "only one embedded backend"},
		{"unknown backend type", `"type": "embedded"`, `"type": "faiss"`, "schema"},
		{"http without url", `"type": "mosip-biosdk", "url": "http://127.0.0.1:9099/biosdk-service",`, `"type": "http",`, "schema"},
		{"bad timeout", `"timeout": "5s"`, `"timeout": "5 seconds"`, "schema"},
		{"nats without shards", `"type": "mosip-biosdk", "url": "http://127.0.0.1:9099/biosdk-service",`, `"type": "nats", "url": "nats://127.0.0.1:4222",`, "schema"},
		{"nats with an http url", `"type": "mosip-biosdk", "url": "http://127.0.0.1:9099/biosdk-service",`, `"type": "nats", "url": "http://127.0.0.1:4222", "shards": 2,`, "nats://HOST:PORT"},
		{"http with a nats url", `"url": "http://127.0.0.1:9099/biosdk-service"`, `"url": "nats://127.0.0.1:4222"`, "http:// or https://"},
		{"stream of a non-nats backend", `"timeout": "5s"`, `"timeout": "5s", "stream": "G"`, "a nats backend's"},
		{"nats shards out of range", `"type": "mosip-biosdk", "url": "http://127.0.0.1:9099/biosdk-service",`, `"type": "nats", "url": "nats://127.0.0.1:4222", "shards": 0,`, "schema"},
		{"nats bad stream name", `"type": "mosip-biosdk", "url": "http://127.0.0.1:9099/biosdk-service",`, `"type": "nats", "url": "nats://127.0.0.1:4222", "shards": 2, "stream": "a.b",`, "schema"},
		{"gallery names unknown backend", `"backends": ["local", "sdk"]`, `"backends": ["local", "afis"]`, `backend "afis" is not configured`},
		{"gallery twice", `"galleries": [{"name": "criminal", "backends": ["local", "sdk"]}]`,
			`"galleries": [{"name": "criminal", "backends": ["local"]}, {"name": "criminal", "backends": ["sdk"]}]`, `gallery "criminal" is configured twice`},
		{"gallery without backends", `"backends": ["local", "sdk"]`, `"backends": []`, "schema"},
		{"search of an unknown gallery", `"galleries": ["criminal", "missing"]`, `"galleries": ["criminal", "asylum"]`, `gallery "asylum" is neither configured`},
		{"TOT in two rules", `"types": ["CPS", "TPIS"]`, `"types": ["CPS", "CAR"]`, `transaction type "CAR" is in its enrol rule and its search rule`},
		{"TOT not a TOT", `"types": ["CAR"]`, `"types": ["C A R"]`, "schema"},
		{"bad gallery name", `"gallery": "missing"`, `"gallery": "Missing Persons"`, "schema"},
		{"limit too big", `"limit": 10`, `"limit": 1000`, "schema"},
		{"unknown rule member", `"limit": 10`, `"limit": 10, "k": 1`, "schema"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := strings.Replace(matchingConfig, tt.from, tt.to, 1)
			if doc == matchingConfig {
				t.Fatal("the test changes nothing")
			}
			_, err := ParseConfig([]byte(doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error saying %q", err, tt.want)
			}
		})
	}
}
