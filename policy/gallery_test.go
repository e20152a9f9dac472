package policy

import (
	"errors"
	"strings"
	"testing"
)

const matcher = `{
  "partner": "ipsg",
  "submit": {"transactionTypes": ["*"], "recordTypes": [2, 14]},
  "read": {"transactionTypes": ["*"], "recordTypes": [2, 14], "type2Fields": "*"},
  "retentionDays": 30,
  "galleries": [
    {"name": "criminal", "enrol": true, "search": true, "purposes": ["criminal-records", "missing-persons"]},
    {"name": "asylum", "search": true},
    {"name": "*", "enrol": true}
  ],
  "candidates": {"max": 5, "scores": false}
}`

func TestGalleryDecisions(t *testing.T) {
	p, err := Load([]byte(matcher))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		action, gallery, purpose string
		denied                   string // "" when allowed, else part of the reason
	}{
		{"enrol", "criminal", "criminal-records", ""},
		{"search", "criminal", "missing-persons", ""},
		{"search", "criminal", "", "a purpose is required, one of criminal-records, missing-persons"},
		{"search", "criminal", "asylum", `purpose "asylum" is not one of`},
		{"search", "asylum", "", ""},
		{"search", "asylum", "anything", ""},
		{"enrol", "asylum", "", "does not grant it"},
		{"enrol", "other", "", ""}, // the "*" entry
		{"search", "other", "", "does not grant it"},
	}
	for _, tt := range tests {
		t.Run(tt.action+" "+tt.gallery+" "+tt.purpose, func(t *testing.T) {
			var err error
			if tt.action == "enrol" {
				err = p.AllowEnrol(tt.gallery, tt.purpose)
			} else {
				err = p.AllowSearch(tt.gallery, tt.purpose)
			}
			if tt.denied == "" {
				if err != nil {
					t.Fatalf("denied: %v", err)
				}
				return
			}
			var de *GalleryDeniedError
			if !errors.As(err, &de) || !strings.Contains(err.Error(), tt.denied) {
				t.Fatalf("got %v, want a denial saying %q", err, tt.denied)
			}
			if de.Partner != "ipsg" || de.Gallery != tt.gallery {
				t.Errorf("denial names %q/%q", de.Partner, de.Gallery)
			}
		})
	}
}

func TestGalleryWithoutEntries(t *testing.T) {
	p, err := Load([]byte(ipsg))
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range []error{p.AllowEnrol("criminal", ""), p.AllowSearch("criminal", "x")} {
		if err == nil || !strings.Contains(err.Error(), "lists no such gallery") {
			t.Errorf("a policy without galleries grants %v", err)
		}
	}
}

func TestCandidates(t *testing.T) {
	limited, err := Load([]byte(matcher))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := Load([]byte(ipsg))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		p      *Policy
		k, max int
		scores bool
	}{
		{"limited above max", limited, 10, 5, false},
		{"limited below max", limited, 3, 3, false},
		{"no candidates member", plain, 10, 10, true},
		{"no policy", nil, 100, 100, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.CandidateLimit(tt.k); got != tt.max {
				t.Errorf("CandidateLimit(%d) = %d, want %d", tt.k, got, tt.max)
			}
			if got := tt.p.ShowScores(); got != tt.scores {
				t.Errorf("ShowScores() = %v", got)
			}
		})
	}
}

func TestGalleryLoadErrors(t *testing.T) {
	tests := []struct {
		name, from, to, path, msg string
	}{
		{"twice", `{"name": "asylum", "search": true}`, `{"name": "criminal", "search": true}`, "galleries[1].name", "listed twice"},
		{"bad name", `"name": "asylum"`, `"name": "Asylum"`, "galleries[1].name", "pattern"},
		{"unknown member", `"search": true}`, `"search": true, "read": true}`, "galleries[1]", "read"},
		{"max too big", `"max": 5`, `"max": 500`, "candidates.max", "100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := strings.Replace(matcher, tt.from, tt.to, 1)
			if doc == matcher {
				t.Fatal("the test changes nothing")
			}
			_, err := Load([]byte(doc))
			var pe *Error
			if !errors.As(err, &pe) || pe.Path != tt.path || !strings.Contains(pe.Msg, tt.msg) {
				t.Fatalf("got %v, want path %q and %q", err, tt.path, tt.msg)
			}
		})
	}
}
