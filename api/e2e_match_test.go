package api

import (
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
