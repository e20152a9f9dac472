package api

import (
	"strings"
	"testing"
)

// embeddedBackends configures the one embedded backend.
const embeddedBackends = `[{"name": "embedded", "type": "embedded"}]`

// TestMatchRank1 is issue 13's end-to-end measure over HTTP, through the
// generated client: partner a enrols impression 1 of each finger of
// FVC2002 DB1_B, partner b searches with impressions 2-8. The rank-1
// identification rate through the service must equal the matcher's
// offline figure on the same pairs and templates, probe by probe.
func TestMatchRank1(t *testing.T) {
	offline, _ := offlineRank1(t)
	e := startEnv(t, &envOptions{partners: partnersWith(embeddedBackends, "embedded"), matching: true})
	enrolFVC(t, e.apiClient(t, e.token(t, "a")))
	got, _ := searchFVC(t, e.apiClient(t, e.token(t, "b")))
	t.Logf("embedded backend over HTTP: %v; offline (match.Gallery): %v", got, offline)
	if got.hits != offline.hits || got.total != offline.total {
		t.Errorf("rank-1 through the service %v, offline %v", got, offline)
	}
	sameTops(t, "embedded", got, offline)
}

// TestGalleryModalities: through the running service with its embedded
// (finger-only) backend, an iris record or a face record is refused with
// 415 naming the modality, enrolment and search alike; a search with the
// wrong scope is 403; removing a subject makes it unknown to verify (404)
// and gone from the search's candidates.
func TestGalleryModalities(t *testing.T) {
	e := startEnv(t, &envOptions{partners: partnersWith(embeddedBackends, "embedded"), matching: true})
	a, b := e.token(t, "a"), e.token(t, "b")
	for _, tc := range []struct{ file, modality string }{
		{"libbiomeval/iris01.iso2011", "iris"},
		{"libbiomeval/face01.iso2005", "face"},
	} {
		body := readCorpus(t, tc.file)
		for _, r := range []*response{
			e.do(t, "PUT", "/v1/galleries/fvc/subjects/x1", a, body).expect(t, "enrol "+tc.file, 415),
			e.do(t, "POST", "/v1/galleries/fvc/search", b, body).expect(t, "search "+tc.file, 415),
		} {
			var p Problem
			r.json(t, &p)
			if p.Type != ProblemType+"unsupported" || !strings.Contains(p.Detail, tc.modality) {
				t.Errorf("%s: problem %s %q does not name the %s modality", tc.file, p.Type, p.Detail, tc.modality)
			}
		}
	}
	enrolled, probes := fvcPrints(t)
	e.do(t, "PUT", "/v1/galleries/fvc/subjects/"+enrolled[0].subject(), a, enrolled[0].read(t)).expect(t, "enrol", 201)
	e.do(t, "PUT", "/v1/galleries/fvc/subjects/"+enrolled[1].subject(), a, enrolled[1].read(t)).expect(t, "enrol", 201)
	e.do(t, "POST", "/v1/galleries/fvc/search", a, probes[0].read(t)).expect(t, "search without the search scope", 403)
	var v struct {
		Match bool `json:"match"`
	}
	e.do(t, "POST", "/v1/galleries/fvc/subjects/"+enrolled[0].subject()+"/verify", b, probes[0].read(t)).expect(t, "verify the mate", 200).json(t, &v)
	if !v.Match {
		t.Errorf("verify %s against its mate: no match", probes[0].name())
	}
	e.do(t, "DELETE", "/v1/galleries/fvc/subjects/"+enrolled[0].subject(), a, nil).expect(t, "unenrol", 204)
	e.do(t, "DELETE", "/v1/galleries/fvc/subjects/"+enrolled[0].subject(), a, nil).expect(t, "unenrol again", 404)
	e.do(t, "POST", "/v1/galleries/fvc/subjects/"+enrolled[0].subject()+"/verify", b, probes[0].read(t)).expect(t, "verify one removed", 404)
	var res struct {
		Candidates []struct {
			Subject string `json:"subject"`
		} `json:"candidates"`
	}
	e.do(t, "POST", "/v1/galleries/fvc/search", b, probes[0].read(t)).expect(t, "search after removal", 200).json(t, &res)
	for _, c := range res.Candidates {
		if c.Subject == enrolled[0].subject() {
			t.Errorf("removed subject %s is still a candidate", c.Subject)
		}
	}
}

// policyPartner is partner c, whose policy lets it search gallery fvc
// only for missing persons, see at most two candidates and no scores,
// and enrol nowhere (though its token has the enrol scope).
const policyPartner = `{"name": "c", "issuer": "test-issuer", "scopes": ["search", "enrol"], "receive": {"format": "an2"},
     "policy": {"partner": "c", "retentionDays": 30,
       "submit": {"transactionTypes": ["*"], "recordTypes": [2, 14]},
       "read": {"transactionTypes": ["*"], "recordTypes": [2, 14], "type2Fields": "*"},
       "galleries": [{"name": "fvc", "search": true, "purposes": ["missing-persons"]}],
       "candidates": {"max": 2, "scores": false}}},
    `

// TestGalleryPolicy: a partner's policy decides which gallery it may
// search or enrol into, for which declared purpose (?purpose=), and how
// many candidates it sees, with or without scores.
func TestGalleryPolicy(t *testing.T) {
	partners := strings.Replace(partnersWith(embeddedBackends, "embedded"), `"partners": [`, `"partners": [`+"\n    "+policyPartner, 1)
	e := startEnv(t, &envOptions{partners: partners, matching: true})
	enrolFVC(t, e.apiClient(t, e.token(t, "a")))
	c := e.token(t, "c")
	_, probes := fvcPrints(t)
	probe := probes[0].read(t)
	e.do(t, "POST", "/v1/galleries/fvc/search", c, probe).expect(t, "search without a purpose", 403)
	e.do(t, "POST", "/v1/galleries/fvc/search?purpose=criminal-records", c, probe).expect(t, "search for a purpose not granted", 403)
	e.do(t, "PUT", "/v1/galleries/fvc/subjects/c1?purpose=missing-persons", c, probe).expect(t, "enrol where the policy grants none", 403)
	var res struct {
		Scores     bool `json:"scores"`
		Candidates []struct {
			Subject string   `json:"subject"`
			Score   *float64 `json:"score"`
		} `json:"candidates"`
	}
	e.do(t, "POST", "/v1/galleries/fvc/search?purpose=missing-persons&limit=10", c, probe).expect(t, "search as granted", 200).json(t, &res)
	if len(res.Candidates) != 2 || res.Scores || res.Candidates[0].Score != nil || res.Candidates[0].Subject != probes[0].subject() {
		t.Errorf("search as granted: %+v, want 2 candidates without scores, %s first", res, probes[0].subject())
	}
}
