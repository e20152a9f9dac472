package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/biogate/biogate/api/client"
	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/match"
	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/backendtest"
	"github.com/biogate/biogate/match/templateio"
)

// The protocol of issue 13's end-to-end measure: FVC2002 DB1_B (fingers
// 101-110, impressions 1-8, 500 ppi TIFF scans); partner "a" enrols
// impression 1 of each finger as subject "101".."110" into gallery
// fvcGallery, partner "b" searches it with impressions 2-8 (70 searches).
const (
	fvcGallery     = "fvc"
	fvcFirstFinger = 101
	fvcFingers     = 10
	fvcImpressions = 8
	fvcPurpose     = "criminal-records"
)

// fvcPrint is one scan of the set.
type fvcPrint struct {
	finger, impression int
	path               string
}

func (p fvcPrint) subject() string { return strconv.Itoa(p.finger) }
func (p fvcPrint) name() string    { return fmt.Sprintf("%d_%d", p.finger, p.impression) }

// read returns the scan's bytes.
func (p fvcPrint) read(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(p.path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fvcPrints returns the enrolled prints (impression 1) and the probes
// (impressions 2-8), skipping the test when the corpus is absent.
func fvcPrints(t testing.TB) (enrolled, probes []fvcPrint) {
	t.Helper()
	dir := filepath.Join(backendtest.CorpusDir(t), backendtest.FVCSet)
	for f := fvcFirstFinger; f < fvcFirstFinger+fvcFingers; f++ {
		for i := 1; i <= fvcImpressions; i++ {
			p := fvcPrint{f, i, filepath.Join(dir, fmt.Sprintf("%d_%d.tif", f, i))}
			if _, err := os.Stat(p.path); err != nil {
				t.Skipf("corpus file absent: %v", err)
			}
			if i == 1 {
				enrolled = append(enrolled, p)
			} else {
				probes = append(probes, p)
			}
		}
	}
	return enrolled, probes
}

// rankRun is the outcome of the 70 searches: the rank-1 subject of each
// probe ("" when a search gave none) and the hits.
type rankRun struct {
	top   map[string]string // probe name → rank-1 subject
	hits  int
	total int
}

func (r rankRun) rate() float64 { return 100 * float64(r.hits) / float64(r.total) }

func (r rankRun) String() string {
	return fmt.Sprintf("rank-1 %d/%d (%.1f%%)", r.hits, r.total, r.rate())
}

// add records the rank-1 subject of probe p.
func (r *rankRun) add(p fvcPrint, top string) {
	if r.top == nil {
		r.top = map[string]string{}
	}
	r.top[p.name()] = top
	r.total++
	if top == p.subject() {
		r.hits++
	}
}

// sameTops fails t where two runs disagree on a probe's rank-1 subject.
func sameTops(t *testing.T, what string, got, want rankRun) {
	t.Helper()
	n := 0
	for name, w := range want.top {
		if g := got.top[name]; g != w {
			if n < 10 {
				t.Errorf("%s: probe %s: rank 1 is %q, offline %q", what, name, g, w)
			}
			n++
		}
	}
	if n > 0 {
		t.Errorf("%s: %d probes rank differently from the offline figure", what, n)
	}
}

// minutiaeOnly is the format list of a minutiae backend (the embedded
// matcher's first format).
var minutiaeOnly = []string{backend.FingerMinutiae}

// offlinePrepared is what the embedded backend does with a scan, without
// the service: samples.FromInput extracts the minutiae and writes the
// ISO/IEC 19794-2:2011 record (backendtest caches it), which is decoded,
// read as a template and prepared.
func offlinePrepared(t testing.TB, p fvcPrint) (*match.Prepared, int) {
	t.Helper()
	s := backendtest.Samples(t, p.path, minutiaeOnly)
	if len(s) != 1 {
		t.Fatalf("%s: %d samples", p.name(), len(s))
	}
	tm, err := templateOf(s[0].Data)
	if err != nil {
		t.Fatalf("%s: %v", p.name(), err)
	}
	return match.Prepare(tm), s[0].Position
}

// templateOf reads a single-view ISO/IEC 19794-2:2011 sample as a
// template.
func templateOf(data []byte) (match.Template, error) {
	rec, _, err := iso.DecodeWith(data, nil)
	if err != nil {
		return match.Template{}, err
	}
	mr, ok := rec.(*iso.MinutiaeRecord)
	if !ok {
		return match.Template{}, fmt.Errorf("a %T, not a minutiae record", rec)
	}
	tm, _, err := templateio.FromRecord(mr, 0)
	return tm, err
}

// offlineRank1 is the matcher's own figure on the same pairs and the same
// templates: a match.Gallery of the enrolled prints, searched with each
// probe.
func offlineRank1(t testing.TB) (rankRun, map[string]float64) {
	t.Helper()
	enrolled, probes := fvcPrints(t)
	g := match.NewGallery()
	for _, p := range enrolled {
		pr, pos := offlinePrepared(t, p)
		g.Add(match.Key{Subject: p.subject(), Finger: pos}, pr)
	}
	var r rankRun
	mateScore := map[string]float64{} // probe → score against its true mate
	for _, p := range probes {
		pr, _ := offlinePrepared(t, p)
		top := ""
		cs := g.Search(pr, fvcFingers)
		if len(cs) > 0 {
			top = cs[0].Subject
		}
		for _, c := range cs {
			if c.Subject == p.subject() {
				mateScore[p.name()] = c.Score
			}
		}
		r.add(p, top)
	}
	return r, mateScore
}

// apiClient is the generated client speaking for a partner.
func (e *env) apiClient(t testing.TB, token string) *client.ClientWithResponses {
	t.Helper()
	c, err := client.NewClientWithResponses(e.url, client.WithHTTPClient(e.client),
		client.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
			r.Header.Set("Authorization", "Bearer "+token)
			return nil
		}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// enrolFVC enrols impression 1 of each finger through the API as the
// partner of c.
func enrolFVC(t *testing.T, c *client.ClientWithResponses) {
	t.Helper()
	enrolled, _ := fvcPrints(t)
	purpose := client.Purpose(fvcPurpose)
	for _, p := range enrolled {
		res, err := c.EnrolSubjectWithBodyWithResponse(context.Background(), fvcGallery, p.subject(),
			&client.EnrolSubjectParams{Purpose: &purpose}, "image/tiff", bytes.NewReader(p.read(t)))
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode() != http.StatusCreated || res.JSON201 == nil {
			t.Fatalf("enrol %s: %d %s", p.name(), res.StatusCode(), res.Body)
		}
		if en := res.JSON201; en.Samples != 1 || en.Subject != p.subject() || en.Gallery != fvcGallery || len(en.Backends) == 0 {
			t.Fatalf("enrol %s: %+v", p.name(), en)
		}
	}
}

// searchFVC searches with impressions 2-8 through the API as the partner
// of c; it returns the run and every answer, by probe.
func searchFVC(t *testing.T, c *client.ClientWithResponses) (rankRun, map[string]*client.SearchResult) {
	t.Helper()
	_, probes := fvcPrints(t)
	purpose := client.Purpose(fvcPurpose)
	limit := client.CandidateLimit(fvcFingers)
	var r rankRun
	answers := map[string]*client.SearchResult{}
	for _, p := range probes {
		res, err := c.SearchGalleryWithBodyWithResponse(context.Background(), fvcGallery,
			&client.SearchGalleryParams{Limit: &limit, Purpose: &purpose}, "image/tiff", bytes.NewReader(p.read(t)))
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode() != http.StatusOK || res.JSON200 == nil {
			t.Fatalf("search %s: %d %s", p.name(), res.StatusCode(), res.Body)
		}
		a := res.JSON200
		checkRanks(t, p.name(), a)
		top := ""
		if len(a.Candidates) > 0 {
			top = a.Candidates[0].Subject
		}
		r.add(p, top)
		answers[p.name()] = a
	}
	return r, answers
}

// checkRanks checks an answer's candidates: ranks 1, 2, ... and, where
// scores are given, best first.
func checkRanks(t *testing.T, probe string, a *client.SearchResult) {
	t.Helper()
	if a.Gallery != fvcGallery || a.Probe != 1 || len(a.Backends) == 0 {
		t.Errorf("search %s: gallery %q, probe %d, backends %v", probe, a.Gallery, a.Probe, a.Backends)
	}
	for i, c := range a.Candidates {
		if c.Rank != i+1 {
			t.Errorf("search %s: candidate %d has rank %d", probe, i, c.Rank)
		}
		if a.Scores != (c.Score != nil) {
			t.Errorf("search %s: scores %v but candidate %d score %v", probe, a.Scores, i, c.Score)
		}
		if i > 0 && c.Score != nil && a.Candidates[i-1].Score != nil && *c.Score > *a.Candidates[i-1].Score {
			t.Errorf("search %s: candidate %d scores more than the one before it", probe, i+1)
		}
	}
}

// matchPartners is the partner configuration of the end-to-end tests,
// with BACKENDS and GALLERY_BACKENDS to fill: "a" enrols (by API, and by
// CAR transactions into fvcGallery), "b" searches (by API, and by CPS
// transactions answered in its inbox as INT-I XML, three candidates at
// most: three SREs per search). The issuer's JWK set is the %s startEnv
// fills.
const matchPartners = `{
  "issuers": [{"name": "test-issuer", "jwks": %s}],
  "backends": BACKENDS,
  "galleries": [{"name": "` + fvcGallery + `", "backends": GALLERY_BACKENDS}],
  "partners": [
    {"name": "a", "issuer": "test-issuer", "scopes": ["submit", "read", "enrol"], "agencies": ["AGENCYA"], "country": "FRA", "receive": {"format": "an2"},
     "matching": {"enrol": [{"types": ["CAR"], "gallery": "` + fvcGallery + `", "purpose": "` + fvcPurpose + `"}]}},
    {"name": "b", "issuer": "test-issuer", "scopes": ["submit", "read", "search"], "agencies": ["AGENCYB"], "country": "XPO",
     "receive": {"format": "xml", "dialect": "inti", "profile": "inti"},
     "matching": {"search": [{"types": ["CPS"], "galleries": ["` + fvcGallery + `"], "purpose": "` + fvcPurpose + `", "limit": 3}]}}
  ]
}`

// partnersWith fills matchPartners with backends (a JSON array) and the
// names of the gallery's backends.
func partnersWith(backends string, names ...string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	s := strings.Replace(matchPartners, "GALLERY_BACKENDS", "["+strings.Join(q, ", ")+"]", 1)
	return strings.Replace(s, "BACKENDS", backends, 1)
}
