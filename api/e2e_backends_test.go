package api

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/biogate/biogate/match"
	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/backendtest"
	"github.com/biogate/biogate/match/backend/mosip/mosiptest"
	"github.com/biogate/biogate/match/input"
	"github.com/biogate/biogate/match/source"
	"github.com/biogate/biogate/store"
	nistxml "github.com/biogate/biogate/xml"
)

// matcherToken is the bearer token the tests' `biogate matcher serve`
// requires and the service's http backend sends.
const matcherToken = "e2e-matcher-token-0123456789abcdef"

// startMatcher runs `biogate matcher serve` on data as a separate
// process, requiring matcherToken, and returns it with the token file
// the http backend's configuration names.
func startMatcher(t *testing.T, bin, data, addr string) (*process, string) {
	t.Helper()
	tokenFile := filepath.Join(data, "matcher.token")
	if err := os.WriteFile(tokenFile, []byte(matcherToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return startProcess(t, bin, false, "matcher", "serve", "--addr", addr, "--data", data, "--token-file", tokenFile), tokenFile
}

// httpBackends configures one http backend, "afis", at url.
func httpBackends(url, tokenFile string) string {
	return fmt.Sprintf(`[{"name": "afis", "type": "http", "url": %q, "tokenFile": %q, "timeout": "20s"}]`, url, tokenFile)
}

// TestMatchRank1HTTPBackend: the same end-to-end run with the gallery on
// the http backend, against `biogate matcher serve` started as a separate
// process (the built binary): the matcher protocol carries the same
// ISO/IEC 19794-2:2011 templates to the same embedded matcher, so the
// figure, and every probe's rank-1 subject, equal the offline ones.
func TestMatchRank1HTTPBackend(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the matcher")
	}
	offline, _ := offlineRank1(t)
	bin := buildBiogate(t)
	m, tokenFile := startMatcher(t, bin, t.TempDir(), "127.0.0.1:0")
	e := startEnv(t, &envOptions{partners: partnersWith(httpBackends(m.url, tokenFile), "afis"), matching: true})
	enrolFVC(t, e.apiClient(t, e.token(t, "a")))
	got, answers := searchFVC(t, e.apiClient(t, e.token(t, "b")))
	for name, a := range answers {
		if len(a.Backends) != 1 || a.Backends[0] != "afis" {
			t.Fatalf("search %s answered by %v, not the http backend afis", name, a.Backends)
		}
	}
	t.Logf("http backend (biogate matcher serve, separate process): %v; offline: %v", got, offline)
	if got.hits != offline.hits || got.total != offline.total {
		t.Errorf("rank-1 through the http backend %v, offline %v", got, offline)
	}
	sameTops(t, "http", got, offline)
}

// sdkScores are the scores the MOSIP test server decides by, computed
// here without it: it extracts the minutiae of each finger image record
// it is sent (19794-4:2011, as samples.FromInput makes them for an image
// backend) and scores each probe finger against each gallery finger.
func sdkScores(t *testing.T) map[string]float64 {
	t.Helper()
	enrolled, probes := fvcPrints(t)
	prep := func(p fvcPrint) *match.Prepared {
		s := backendtest.Samples(t, p.path, []string{backend.FingerImage})
		fingers, err := source.Load(s[0].Data, nil)
		if err != nil || len(fingers) != 1 {
			t.Fatalf("%s: %d fingers: %v", p.name(), len(fingers), err)
		}
		it, err := input.Extract(&fingers[0], nil)
		if err != nil {
			t.Fatalf("%s: %v", p.name(), err)
		}
		return match.Prepare(it.Template)
	}
	mates := map[int]*match.Prepared{}
	for _, p := range enrolled {
		mates[p.finger] = prep(p)
	}
	scores := map[string]float64{} // probe → score against its mate
	for _, p := range probes {
		scores[p.name()] = match.Score(prep(p), mates[p.finger])
	}
	return scores
}

// TestMatchMOSIPBackend: the same run with the gallery on the
// mosip-biosdk backend against mosiptest, a server of the MOSIP Bio-SDK
// wire format deciding with Biogate's matcher at its threshold. The SDK
// answers MATCHED or NOT_MATCHED per gallery subject, no score: the
// candidates are the matched subjects in enrolment order, so "rank 1" is
// the first matched subject enrolled, not the most similar, and the
// figure is reported, not compared. What is checked is what the protocol
// can give: every probe whose score against its true mate reaches the
// threshold has that mate among the candidates, none carries a score,
// and no probe is answered with a subject the server would not match.
func TestMatchMOSIPBackend(t *testing.T) {
	srv := mosiptest.NewServer(nil)
	t.Cleanup(srv.Close)
	backends := fmt.Sprintf(`[{"name": "sdk", "type": "mosip-biosdk", "url": %q, "timeout": "60s"}]`, srv.URL)
	e := startEnv(t, &envOptions{partners: partnersWith(backends, "sdk"), matching: true})
	enrolFVC(t, e.apiClient(t, e.token(t, "a")))
	got, answers := searchFVC(t, e.apiClient(t, e.token(t, "b")))
	scores := sdkScores(t)
	mateAbove, mateFound, matched := 0, 0, 0
	for name, a := range answers {
		if a.Scores {
			t.Errorf("search %s: scores from a decision-only backend", name)
		}
		matched += len(a.Candidates)
		mate := name[:3] // the finger, as the subject
		in := false
		for _, c := range a.Candidates {
			in = in || c.Subject == mate
		}
		if in {
			mateFound++
		}
		if scores[name] >= mosiptest.DefaultThreshold {
			mateAbove++
			if !in {
				t.Errorf("search %s: the true mate %s scores %.4f (threshold %.4f) but is not among the candidates %v", name, mate, scores[name], mosiptest.DefaultThreshold, a.Candidates)
			}
		}
	}
	t.Logf("mosip-biosdk backend (mosiptest, threshold %.4f): %d of %d probes score at least the threshold against their mate, and %d have the mate among the MATCHED candidates (%d candidates in all, %.2f per search); rank 1 in enrolment order: %v (not a ranking: the SDK gives decisions, not scores)",
		mosiptest.DefaultThreshold, mateAbove, len(answers), mateFound, matched, float64(matched)/float64(len(answers)), got)
}

// freeAddr returns a loopback address no one listens on now, for a
// process that must come back on the same address.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// TestBackendDown: the gallery's http backend (`biogate matcher serve`,
// a separate process) is stopped. A REST search then answers 503,
// problem type unavailable, with Retry-After: a retryable error. A CPS
// search transaction submitted meanwhile is stored (201) with its search
// pending; once the matcher is back (same address, same data), the
// service's worker answers it: its SRE in the searcher's inbox names the
// true mate. Nothing submitted is lost.
func TestBackendDown(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the matcher")
	}
	bin := buildBiogate(t)
	mdata, addr := t.TempDir(), freeAddr(t)
	m, tokenFile := startMatcher(t, bin, mdata, addr)
	e := startEnv(t, &envOptions{partners: partnersWith(httpBackends(m.url, tokenFile), "afis"), matching: true,
		searchRetry: 200 * time.Millisecond})
	enrolFVC(t, e.apiClient(t, e.token(t, "a")))
	_, probes := fvcPrints(t)
	probe := probes[0]
	b := e.token(t, "b")

	m.cmd.Process.Signal(syscall.SIGTERM)
	m.cmd.Wait()
	r := e.do(t, "POST", "/v1/galleries/"+fvcGallery+"/search", b, probe.read(t)).expect(t, "search with the backend down", 503)
	var p Problem
	r.json(t, &p)
	if p.Type != ProblemType+"unavailable" || r.header.Get("Retry-After") == "" {
		t.Errorf("backend down: problem %q, Retry-After %q: %s", p.Type, r.header.Get("Retry-After"), p.Detail)
	}
	t.Logf("backend down: 503 %s, Retry-After %s: %s", p.Type, r.header.Get("Retry-After"), p.Detail)

	var tr store.Transaction
	e.do(t, "POST", "/v1/transactions", b, cpsOf(t, probe)).expect(t, "CPS with the backend down", 201).json(t, &tr)
	if tr.Search == nil || tr.Search.State != store.SearchPending {
		t.Fatalf("CPS with the backend down: search state %+v, want pending", tr.Search)
	}
	// Still pending a while later: the worker's retries fail quietly.
	time.Sleep(time.Second)
	e.do(t, "GET", "/v1/transactions/"+tr.ID+"/meta", b, nil).expect(t, "meta", 200).json(t, &tr)
	if tr.Search == nil || tr.Search.State != store.SearchPending {
		t.Fatalf("CPS while the backend is down: search state %+v, want pending", tr.Search)
	}
	t.Logf("CPS stored while the backend is down: %+v", *tr.Search)

	m2, _ := startMatcher(t, bin, mdata, addr)
	back := time.Now()
	deadline := back.Add(60 * time.Second)
	for tr.Search.State == store.SearchPending && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		id := tr.ID
		tr = store.Transaction{} // decoded afresh: members left out must not keep the old values
		e.do(t, "GET", "/v1/transactions/"+id+"/meta", b, nil).expect(t, "meta", 200).json(t, &tr)
		if tr.Search == nil {
			t.Fatalf("the search transaction's meta has no search state")
		}
	}
	if tr.Search.State != store.SearchAnswered || tr.Search.Reply == "" {
		t.Fatalf("CPS after the backend came back: search state %+v, want answered", tr.Search)
	}
	if tr.Search.Error != "" {
		t.Errorf("an answered search still shows the error of a failed try: %q", tr.Search.Error)
	}
	x := e.do(t, "GET", "/v1/inbox/"+tr.Search.Reply, b, nil).expect(t, "the reply", 200).body
	doc, err := nistxml.Unmarshal(x, nil)
	if err != nil {
		t.Fatal(err)
	}
	rls, subject := sreCandidate(doc.Transaction)
	if len(rls) < 5 || rls[4] != "I" || subject != probe.subject() {
		t.Errorf("the reply to %s: 2.064 %v, candidate %q, want a hit on %s", probe.name(), rls, subject, probe.subject())
	}
	t.Logf("answered %v after the backend came back: %d candidates, reply %s naming %s", time.Since(back).Round(time.Millisecond), tr.Search.Candidates, tr.Search.Reply, subject)

	// A backend that answers what it matches but never a search: the
	// search gives up at the backend's timeout (1 s here) with the same
	// retryable 503.
	real, err := url.Parse(m2.url)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(real)
	stop := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/search") {
			select {
			case <-r.Context().Done():
			case <-stop:
			}
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(hang.Close)
	t.Cleanup(func() { close(stop) }) // before Close, which waits for the handlers
	slow := strings.Replace(httpBackends(hang.URL, tokenFile), `"20s"`, `"1s"`, 1)
	e2 := startEnv(t, &envOptions{partners: partnersWith(slow, "afis"), matching: true})
	start := time.Now()
	r = e2.do(t, "POST", "/v1/galleries/"+fvcGallery+"/search", e2.token(t, "b"), probe.read(t)).expect(t, "search with the backend hanging", 503)
	r.json(t, &p)
	if p.Type != ProblemType+"unavailable" || r.header.Get("Retry-After") == "" {
		t.Errorf("backend hanging: problem %q, Retry-After %q", p.Type, r.header.Get("Retry-After"))
	}
	t.Logf("backend hanging (timeout 1s): %d %s after %v", r.status, p.Type, time.Since(start).Round(time.Millisecond))
}
