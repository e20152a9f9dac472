package exchange_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/internal/matchers"
	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/nist"
	"github.com/biogate/biogate/sign"
	"github.com/biogate/biogate/store"
)

// matchingPartners: a enrols CAR transactions into "criminal", b
// searches it with CPS transactions and receives INT-I XML; c has a
// policy limiting its galleries, purposes and candidates; d's policy
// keeps what it enrols one day.
const matchingPartners = `{
  "issuers": [{"name": "x", "jwks": {"keys": []}}],
  "partners": [
    {"name": "a", "issuer": "x", "scopes": ["submit", "enrol"], "country": "DEU", "agencies": ["AGENCY001"], "receive": {"format": "an2"},
     "matching": {"enrol": [{"types": ["CAR"], "gallery": "criminal", "purpose": "criminal-records"}],
                  "search": [{"types": ["TPIS"], "galleries": ["missing"]}]}},
    {"name": "b", "issuer": "x", "scopes": ["submit", "search"], "country": "FRA", "agencies": ["BIOGATE01"], "receive": {"format": "xml", "dialect": "inti"},
     "matching": {"search": [{"types": ["CPS"], "galleries": ["criminal"], "purpose": "criminal-records", "limit": 5}]}},
    {"name": "c", "issuer": "x", "scopes": ["search", "enrol"], "receive": {"format": "an2"},
     "policy": {"partner": "c", "submit": {"transactionTypes": ["*"], "recordTypes": [2, 14]},
                "read": {"transactionTypes": ["*"], "recordTypes": [2, 14], "type2Fields": "*"}, "retentionDays": 30,
                "galleries": [{"name": "criminal", "search": true, "purposes": ["criminal-records"]},
                              {"name": "missing", "enrol": true, "search": true}],
                "candidates": {"max": 1, "scores": false}}},
    {"name": "d", "issuer": "x", "scopes": ["submit", "enrol"], "agencies": ["AGENCY004"], "receive": {"format": "an2"},
     "matching": {"enrol": [{"types": ["CAR"], "gallery": "missing"}]},
     "policy": {"partner": "d", "submit": {"transactionTypes": ["*"], "recordTypes": [2, 14]},
                "read": {"transactionTypes": ["*"], "recordTypes": [2, 14], "type2Fields": "*"}, "retentionDays": 1,
                "galleries": [{"name": "*", "enrol": true, "search": true}]}}
  ]}`

var (
	callerA = exchange.Caller{Partner: "a"}
	callerB = exchange.Caller{Partner: "b"}
	callerC = exchange.Caller{Partner: "c"}
	callerD = exchange.Caller{Partner: "d"}
	admin   = exchange.Caller{Partner: "ops", Admin: true}
)

// TestEnrolSearchVerify goes through the core calls with a backend
// whose matcher compares samples' bytes: what is enrolled is found by
// the same image, verified, and gone after Unenrol; each call is
// audited.
func TestEnrolSearchVerify(t *testing.T) {
	ctx := context.Background()
	fake := newFake("embedded", backend.Finger)
	h := newHarness(t, matchingPartners, exchange.NamedBackend{Name: "embedded", Backend: fake})
	img1, img2 := fvcImage(t, 101, 1), fvcImage(t, 102, 1)
	for subject, img := range map[string][]byte{"s101": img1, "s102": img2} {
		e, err := h.svc.Enrol(ctx, callerA, "criminal", subject, img, exchange.MatchOptions{Purpose: "criminal-records"})
		if err != nil {
			t.Fatal(err)
		}
		if e.Samples != 1 || !slices.Equal(e.Backends, []string{"embedded"}) || !fake.enrolled("criminal", subject) {
			t.Fatalf("enrolled %+v", e)
		}
		t.Logf("enrolled %s: notes %q", subject, e.Notes)
	}
	res, err := h.svc.Search(ctx, callerB, "criminal", img1, exchange.MatchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Candidates) != 1 || res.Candidates[0].Subject != "s101" || res.Candidates[0].Rank != 1 ||
		res.Candidates[0].Score == nil || *res.Candidates[0].Score != 100 || !res.Scores || res.Probe != 1 {
		t.Fatalf("search %+v", res)
	}
	v, err := h.svc.VerifySubject(ctx, callerB, "criminal", "s101", img1, exchange.MatchOptions{})
	if err != nil || !v.Match || v.Score == nil || v.Backend != "embedded" {
		t.Fatalf("verify s101: %+v %v", v, err)
	}
	if v, err := h.svc.VerifySubject(ctx, callerB, "criminal", "s102", img1, exchange.MatchOptions{}); err != nil || v.Match {
		t.Fatalf("verify s102 with 101: %+v %v", v, err)
	}
	if _, err := h.svc.VerifySubject(ctx, callerB, "criminal", "nobody", img1, exchange.MatchOptions{}); exchange.KindOf(err) != exchange.KindNotFound {
		t.Errorf("verify of no subject: %v", err)
	}
	if err := h.svc.Unenrol(ctx, callerB, "criminal", "s101", exchange.MatchOptions{}); exchange.KindOf(err) != exchange.KindNotFound {
		t.Errorf("unenrol by another partner: %v", err)
	}
	if _, err := h.svc.Enrol(ctx, callerB, "criminal", "s101", img2, exchange.MatchOptions{}); exchange.KindOf(err) != exchange.KindForbidden {
		t.Errorf("replacing another partner's subject: %v", err)
	}
	if err := h.svc.Unenrol(ctx, callerA, "criminal", "s101", exchange.MatchOptions{}); err != nil {
		t.Fatal(err)
	}
	if fake.enrolled("criminal", "s101") {
		t.Error("s101 is still in the backend")
	}
	if res, err := h.svc.Search(ctx, callerB, "criminal", img1, exchange.MatchOptions{}); err != nil || len(res.Candidates) != 0 {
		t.Errorf("search after unenrol: %+v %v", res, err)
	}
	for action, n := range map[string]int{"enrol": 2, "search": 2, "disclose": 1, "verify-subject": 2, "unenrol": 1} {
		if got := h.audit.count(action); got != n {
			t.Errorf("audit: %d %s entries, want %d (%v)", got, action, n, h.audit.actions())
		}
	}
}

// TestGalleryCalls: names, policy, unsupported modalities and
// unavailable backends, each a clear error of its kind.
func TestGalleryCalls(t *testing.T) {
	ctx := context.Background()
	finger := newFake("embedded", backend.Finger)
	h := newHarness(t, matchingPartners, exchange.NamedBackend{Name: "embedded", Backend: finger})
	faceOnly := newFake("embedded", backend.Face)
	hf := newHarness(t, matchingPartners, exchange.NamedBackend{Name: "embedded", Backend: faceOnly})
	down := newFake("embedded", backend.Finger)
	down.down.Store(true)
	hd := newHarness(t, matchingPartners, exchange.NamedBackend{Name: "embedded", Backend: down})
	hn := newHarness(t, matchingPartners, exchange.NamedBackend{Name: "embedded", Backend: newFake("embedded")})
	img := fvcImage(t, 103, 1)
	if _, err := h.svc.Enrol(ctx, callerA, "criminal", "s103", img, exchange.MatchOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.Enrol(ctx, callerA, "criminal", "s103b", img, exchange.MatchOptions{}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		call func() error
		kind exchange.Kind
		msg  string
	}{
		{"bad gallery name", func() error {
			_, err := h.svc.Search(ctx, callerB, "Criminal Records", img, exchange.MatchOptions{})
			return err
		}, exchange.KindInvalid, "not a gallery name"},
		{"bad subject name", func() error {
			_, err := h.svc.Enrol(ctx, callerA, "criminal", "../x", img, exchange.MatchOptions{})
			return err
		}, exchange.KindInvalid, "not a subject name"},
		{"policy: no purpose", func() error {
			_, err := h.svc.Search(ctx, callerC, "criminal", img, exchange.MatchOptions{})
			return err
		}, exchange.KindDenied, "a purpose is required"},
		{"policy: wrong purpose", func() error {
			_, err := h.svc.Search(ctx, callerC, "criminal", img, exchange.MatchOptions{Purpose: "asylum"})
			return err
		}, exchange.KindDenied, `purpose "asylum" is not one of`},
		{"policy: enrol not granted", func() error {
			_, err := h.svc.Enrol(ctx, callerC, "criminal", "x", img, exchange.MatchOptions{Purpose: "criminal-records"})
			return err
		}, exchange.KindDenied, "does not grant"},
		{"policy: unlisted gallery", func() error {
			_, err := h.svc.Search(ctx, callerC, "asylum", img, exchange.MatchOptions{})
			return err
		}, exchange.KindDenied, "lists no such gallery"},
		{"unsupported modality", func() error {
			_, err := hf.svc.Search(ctx, callerB, "criminal", img, exchange.MatchOptions{})
			return err
		}, exchange.KindUnsupported, "embedded matches face"},
		{"unreadable body", func() error {
			_, err := h.svc.Search(ctx, callerB, "criminal", []byte("not a fingerprint"), exchange.MatchOptions{})
			return err
		}, exchange.KindUnreadable, "no sample that can be read"},
		{"backend down", func() error {
			_, err := hd.svc.Search(ctx, callerB, "criminal", img, exchange.MatchOptions{})
			return err
		}, exchange.KindUnavailable, "try again later"},
		{"backend never reached", func() error {
			_, err := hn.svc.Search(ctx, callerB, "criminal", img, exchange.MatchOptions{})
			return err
		}, exchange.KindUnavailable, "has not said what it matches"},
		{"unenrol of no subject", func() error {
			return h.svc.Unenrol(ctx, callerA, "criminal", "nobody", exchange.MatchOptions{})
		}, exchange.KindNotFound, "not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if exchange.KindOf(err) != tt.kind || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("got %v (kind %v), want %v saying %q", err, exchange.KindOf(err), tt.kind, tt.msg)
			}
			t.Log(err)
		})
	}
	// c's policy: one candidate at most, no scores.
	res, err := h.svc.Search(ctx, callerC, "criminal", img, exchange.MatchOptions{Purpose: "criminal-records", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Candidates) != 1 || res.Candidates[0].Score != nil || res.Scores {
		t.Errorf("c's search: %+v", res)
	}
}

// TestFusion: a gallery whose modalities go to two backends ranks by
// the answers fused (tested through a probe both backends take: the
// finger one and a second finger backend, ranked by Borda count).
func TestFusionTwoBackends(t *testing.T) {
	ctx := context.Background()
	first := newFake("embedded", backend.Finger)
	second := newFake("second", backend.Finger)
	cfg := strings.Replace(matchingPartners, `"partners": [`, `"backends": [{"name": "embedded", "type": "embedded"}, {"name": "second", "type": "http", "url": "http://127.0.0.1:1"}],
	  "partners": [`, 1)
	h := newHarness(t, cfg, exchange.NamedBackend{Name: "embedded", Backend: first}, exchange.NamedBackend{Name: "second", Backend: second})
	img := fvcImage(t, 104, 1)
	e, err := h.svc.Enrol(ctx, callerA, "criminal", "s104", img, exchange.MatchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Each modality goes to the first backend supporting it: both take
	// fingers, so only the first gets them.
	if !slices.Equal(e.Backends, []string{"embedded"}) || second.enrolled("criminal", "s104") {
		t.Errorf("enrolled into %v", e.Backends)
	}
}

// searchConfig adds a search limit of two to matchingPartners.
func harnessWithFake(t *testing.T) (*harness, *fakeBackend) {
	fake := newFake("embedded", backend.Finger)
	return newHarness(t, matchingPartners, exchange.NamedBackend{Name: "embedded", Backend: fake}), fake
}

// TestSearchTransaction: a enrols a CAR by transaction, b's CPS search
// is answered by an INT-I SRE in b's inbox (as INT-I XML), naming the
// search's TCN in 1.010 TCR; the search's metadata says answered.
func TestSearchTransaction(t *testing.T) {
	ctx := context.Background()
	key, err := sign.GenerateKey(sign.ES256)
	if err != nil {
		t.Fatal(err)
	}
	fake := newFake("embedded", backend.Finger)
	h := newHarnessWith(t, matchingPartners, []exchange.Option{exchange.WithSigningKey(key)}, exchange.NamedBackend{Name: "embedded", Backend: fake})
	img := fvcImage(t, 105, 1)
	car, err := h.svc.Submit(ctx, callerA, fingerTransaction(t, "CAR", "TCN-CAR-0001", img))
	if err != nil {
		if e, ok := err.(*exchange.Error); ok {
			for _, f := range e.Findings {
				t.Log(f)
			}
		}
		t.Fatal(err)
	}
	if car.Search != nil || len(car.Deliveries) != 0 || !fake.enrolled("criminal", car.ID) {
		t.Fatalf("CAR: %+v (enrolled %v)", car, fake.enrolled("criminal", car.ID))
	}
	h.clock.add(time.Second)
	cps, err := h.svc.Submit(ctx, callerB, fingerTransaction(t, "CPS", "TCN-CPS-0001", img))
	if err != nil {
		t.Fatal(err)
	}
	if cps.Search == nil || cps.Search.State != store.SearchAnswered || cps.Search.Candidates != 1 || cps.Search.Reply == "" {
		t.Fatalf("CPS search state %+v", cps.Search)
	}
	meta, err := h.svc.Meta(ctx, callerB, cps.ID)
	if err != nil || meta.Search == nil || meta.Search.Reply != cps.Search.Reply {
		t.Fatalf("meta %+v %v", meta, err)
	}
	page, err := h.svc.Inbox(ctx, callerB, "", 0)
	if err != nil || len(page.Items) != 1 || page.Items[0].ID != cps.Search.Reply {
		t.Fatalf("b's inbox %+v %v", page, err)
	}
	d := page.Items[0]
	if d.Format != "xml" || d.Dialect != "inti" || d.State != store.Delivered {
		t.Errorf("delivery %+v", d)
	}
	out, err := h.svc.InboxGet(ctx, callerB, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	in, err := exchange.Load(ctx, out.Body, nil)
	if err != nil {
		t.Fatal(err)
	}
	validINTI(t, out.Body)
	if !strings.Contains(string(d.Findings), "not signed: INT-I XML") {
		t.Errorf("the INT-I XML reply's delivery does not say it is unsigned: %s", d.Findings)
	}
	rt := in.Transaction
	hd := rt.Header()
	if hd.TypeOfTransaction() != "SRE" || hd.ControlReference() != "TCN-CPS-0001" {
		t.Errorf("reply TOT %q TCR %q", hd.TypeOfTransaction(), hd.ControlReference())
	}
	if rls := replyRLS(rt); !strings.Contains(rls, "I") {
		t.Errorf("2.064 RLS %q is not a hit", rls)
	}
	for action, n := range map[string]int{"enrol": 1, "search": 1, "disclose": 1, "reply": 1} {
		if got := h.audit.count(action); got != n {
			t.Errorf("audit: %d %s entries, want %d (%v)", got, action, n, h.audit.actions())
		}
	}
	// a's TPIS of the empty gallery "missing": an EBTS SRT, no
	// candidate, delivered as a traditional file signed with the
	// service's key.
	tpis, err := h.svc.Submit(ctx, callerA, fingerTransaction(t, "TPIS", "TCN-TPIS-0001", img))
	if err != nil {
		t.Fatal(err)
	}
	if tpis.Search == nil || tpis.Search.State != store.SearchAnswered || tpis.Search.Candidates != 0 {
		t.Fatalf("TPIS search %+v", tpis.Search)
	}
	srt, err := h.svc.InboxGet(ctx, callerA, tpis.Search.Reply)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := h.svc.Verify(ctx, srt.Body); err != nil || !v.Verified {
		t.Errorf("the SRT as delivered does not verify with the service's key: %+v %v", v, err)
	}
	if srt.TOT != "SRT" {
		t.Errorf("reply TOT %q, want SRT", srt.TOT)
	}
}

// replyRLS returns 2.064 of the reply's Type-2, as text.
func replyRLS(t *nist.Transaction) string {
	for _, r := range t.Records {
		if r.Type == 2 {
			return r.Text(64)
		}
	}
	return ""
}

// TestSearchTransactionBackendDown: the backend is down when the search
// comes: accepted, pending with an error and a time to retry; once the
// backend is back and the time has come, RunPending answers it, once.
func TestSearchTransactionBackendDown(t *testing.T) {
	ctx := context.Background()
	h, fake := harnessWithFake(t)
	img := fvcImage(t, 106, 1)
	if _, err := h.svc.Submit(ctx, callerA, fingerTransaction(t, "CAR", "TCN-CAR-0002", img)); err != nil {
		t.Fatal(err)
	}
	fake.down.Store(true)
	cps, err := h.svc.Submit(ctx, callerB, fingerTransaction(t, "CPS", "TCN-CPS-0002", img))
	if err != nil {
		t.Fatalf("a search is refused while its backend is down: %v", err)
	}
	if cps.Search == nil || cps.Search.State != store.SearchPending || !strings.Contains(cps.Search.Error, "unavailable") {
		t.Fatalf("search state %+v", cps.Search)
	}
	j, err := h.st.Job(ctx, store.JobSearch, cps.ID)
	if err != nil || j.Attempts != 1 || !j.NotBefore.After(h.clock.now()) {
		t.Fatalf("job %+v %v", j, err)
	}
	// Not yet due: nothing is tried.
	calls := fake.calls.Load()
	if n, err := h.svc.RunPending(ctx); err != nil || n != 0 || fake.calls.Load() != calls {
		t.Fatalf("RunPending before due: %d %v", n, err)
	}
	fake.down.Store(false)
	h.clock.add(time.Minute)
	if n, err := h.svc.RunPending(ctx); err != nil || n != 1 {
		t.Fatalf("RunPending: %d %v", n, err)
	}
	if n, err := h.svc.RunPending(ctx); err != nil || n != 0 {
		t.Fatalf("RunPending again: %d %v", n, err)
	}
	meta, err := h.svc.Meta(ctx, callerB, cps.ID)
	if err != nil || meta.Search.State != store.SearchAnswered || meta.Search.Candidates != 1 {
		t.Fatalf("meta %+v %v", meta.Search, err)
	}
	page, err := h.svc.Inbox(ctx, callerB, "", 0)
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("b's inbox holds %d replies (%v), want 1", len(page.Items), err)
	}
}

// TestRetentionEnrolments: what d enrolled (by transaction and by REST
// body) leaves the backend and the exchange's records once past d's
// one-day retention, audited.
func TestRetentionEnrolments(t *testing.T) {
	ctx := context.Background()
	h, fake := harnessWithFake(t)
	img := fvcImage(t, 107, 1)
	car, err := h.svc.Submit(ctx, callerD, fingerTransaction(t, "CAR", "TCN-CAR-0003", img))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.Enrol(ctx, callerD, "missing", "rest-1", img, exchange.MatchOptions{}); err != nil {
		t.Fatal(err)
	}
	if !fake.enrolled("missing", car.ID) || !fake.enrolled("missing", "rest-1") {
		t.Fatal("not enrolled")
	}
	if p, err := h.svc.Purge(ctx, admin); err != nil || p.Purged != 0 {
		t.Fatalf("purge before retention: %+v %v", p, err)
	}
	h.clock.add(25 * time.Hour)
	// The backend is down: nothing can leave it, so the transaction is
	// kept (and the REST enrolment too) until it is back.
	fake.down.Store(true)
	p, err := h.svc.Purge(ctx, admin)
	if err != nil || p.Purged != 0 || p.Kept != 1 {
		t.Fatalf("purge with the backend down: %+v %v", p, err)
	}
	if _, err := h.st.Get(ctx, car.ID); err != nil {
		t.Fatalf("the transaction was purged while its enrolment is still in a backend: %v", err)
	}
	fake.down.Store(false)
	p, err = h.svc.Purge(ctx, admin)
	if err != nil || p.Purged != 1 {
		t.Fatalf("purge: %+v %v", p, err)
	}
	if fake.enrolled("missing", car.ID) || fake.enrolled("missing", "rest-1") {
		t.Errorf("still enrolled after retention (removed %v)", fake.removed)
	}
	if _, err := h.st.Enrolment(ctx, store.SpaceExchange, "missing", car.ID); err == nil {
		t.Error("the exchange's record of the enrolment is left")
	}
	if got := h.audit.count("expire-enrolment"); got != 2 {
		t.Errorf("%d expire-enrolment entries, want 2", got)
	}
}

// TestEmbeddedBackend runs the gallery calls over the real embedded
// backend (opened by internal/matchers, as serve does): impression 1 of
// five FVC2002 DB1-B fingers enrolled, impression 2 searched; then the
// store and backend are closed and opened again, as after a crash, and
// every acknowledged enrolment is still found.
func TestEmbeddedBackend(t *testing.T) {
	ctx := context.Background()
	cfg, err := exchange.ParseConfig([]byte(matchingPartners))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	open := func() (*exchange.Service, func()) {
		st, err := store.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		bs, err := matchers.Open(cfg, st, nil)
		if err != nil {
			t.Fatal(err)
		}
		return exchange.New(st, cfg, matchers.Options(bs)...), func() { bs.Close(); st.Close() }
	}
	svc, closeAll := open()
	fingers := []int{101, 102, 103, 104, 105}
	for _, f := range fingers {
		if _, err := svc.Enrol(ctx, callerA, "criminal", fmt.Sprintf("f%d", f), fvcImage(t, f, 1), exchange.MatchOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	search := func(svc *exchange.Service) int {
		rank1 := 0
		for _, f := range fingers {
			res, err := svc.Search(ctx, callerB, "criminal", fvcImage(t, f, 2), exchange.MatchOptions{Limit: 3})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Candidates) > 0 && res.Candidates[0].Subject == fmt.Sprintf("f%d", f) {
				rank1++
			}
			if !res.Scores || len(res.Candidates) > 0 && res.Candidates[0].Score == nil {
				t.Errorf("the embedded backend's scores are missing: %+v", res)
			}
		}
		return rank1
	}
	before := search(svc)
	t.Logf("rank-1 identification: %d of %d (impression 2 against impression 1)", before, len(fingers))
	if before < len(fingers)/2+1 {
		t.Errorf("rank-1 identification %d of %d: the embedded backend finds less than most mates", before, len(fingers))
	}
	v, err := svc.VerifySubject(ctx, callerB, "criminal", "f101", fvcImage(t, 101, 3), exchange.MatchOptions{})
	if err != nil || v.Score == nil || v.Threshold == nil {
		t.Fatalf("verify: %+v %v", v, err)
	}
	t.Logf("verify f101 with impression 3: score %.3f, threshold %.3f, match %v", *v.Score, *v.Threshold, v.Match)
	closeAll()
	svc, closeAll = open()
	defer closeAll()
	if after := search(svc); after != before {
		t.Errorf("after a restart %d rank-1 hits, before %d", after, before)
	}
}

// TestSearchTransactionRetryIdempotent: a hit on two candidates is
// answered by two SREs; a retry of the job as a crash between them
// would leave it (pending, its plan written) stores nothing again, and
// the job ends done with the same replies.
func TestSearchTransactionRetryIdempotent(t *testing.T) {
	ctx := context.Background()
	h, _ := harnessWithFake(t)
	img := fvcImage(t, 108, 1)
	for _, tcn := range []string{"TCN-CAR-0010", "TCN-CAR-0011"} {
		if _, err := h.svc.Submit(ctx, callerA, fingerTransaction(t, "CAR", tcn, img)); err != nil {
			t.Fatal(err)
		}
	}
	cps, err := h.svc.Submit(ctx, callerB, fingerTransaction(t, "CPS", "TCN-CPS-0010", img))
	if err != nil {
		t.Fatal(err)
	}
	if cps.Search.State != store.SearchAnswered || cps.Search.Candidates != 2 || len(cps.Search.Replies) != 2 {
		t.Fatalf("search %+v", cps.Search)
	}
	j, err := h.st.Job(ctx, store.JobSearch, cps.ID)
	if err != nil {
		t.Fatal(err)
	}
	j.State = store.JobPending // as if the process died before the last Put
	if err := h.st.PutJob(ctx, j); err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.RunPending(ctx); err != nil {
		t.Fatal(err)
	}
	page, err := h.svc.Inbox(ctx, callerB, "", 0)
	if err != nil || len(page.Items) != 2 {
		t.Fatalf("b's inbox holds %d replies after the retry (%v), want 2", len(page.Items), err)
	}
	meta, err := h.svc.Meta(ctx, callerB, cps.ID)
	if err != nil || meta.Search.State != store.SearchAnswered || !slices.Equal(meta.Search.Replies, cps.Search.Replies) {
		t.Fatalf("after the retry %+v %v", meta.Search, err)
	}
	if n := h.audit.count("reply"); n != 2 {
		t.Errorf("%d replies audited, want 2", n)
	}
}

// TestSearchTransactionEmbedded: the CPS of another impression of the
// finger a CAR enrolled is answered with that CAR's subject, over the
// real embedded backend.
func TestSearchTransactionEmbedded(t *testing.T) {
	ctx := context.Background()
	cfg, err := exchange.ParseConfig([]byte(matchingPartners))
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	bs, err := matchers.Open(cfg, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bs.Close()
	svc := exchange.New(st, cfg, matchers.Options(bs)...)
	var cars []string
	for _, f := range []int{101, 102, 103} {
		car, err := svc.Submit(ctx, callerA, fingerTransaction(t, "CAR", fmt.Sprintf("TCN-CAR-%d", f), fvcImage(t, f, 1)))
		if err != nil {
			t.Fatal(err)
		}
		cars = append(cars, car.ID)
	}
	cps, err := svc.Submit(ctx, callerB, fingerTransaction(t, "CPS", "TCN-CPS-0102", fvcImage(t, 102, 4)))
	if err != nil {
		t.Fatal(err)
	}
	if cps.Search == nil || cps.Search.State != store.SearchAnswered || cps.Search.Candidates == 0 {
		t.Fatalf("search %+v", cps.Search)
	}
	j, err := st.Job(ctx, store.JobSearch, cps.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(j.Result), `"subject":"`+cars[1]+`"`) {
		t.Errorf("the answer %s does not name the CAR of finger 102 (%s)", j.Result, cars[1])
	}
	t.Logf("answer: %s", j.Result)
	// Finger 104 is not enrolled: answered, no hit, one SRE.
	miss, err := svc.Submit(ctx, callerB, fingerTransaction(t, "CPS", "TCN-CPS-0104", fvcImage(t, 104, 2)))
	if err != nil {
		t.Fatal(err)
	}
	if miss.Search == nil || miss.Search.State != store.SearchAnswered || miss.Search.Candidates != 0 || len(miss.Search.Replies) != 1 {
		t.Fatalf("no-hit search %+v", miss.Search)
	}
	out, err := svc.InboxGet(ctx, callerB, miss.Search.Reply)
	if err != nil {
		t.Fatal(err)
	}
	in, err := exchange.Load(ctx, out.Body, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rls := replyRLS(in.Transaction); !strings.Contains(rls, "N") {
		t.Errorf("no-hit 2.064 RLS %q", rls)
	}
}

// TestRouteByModality: a transaction with fingers, a face and an iris
// (NBIS valid1.11: Type-4, 10, 13, 14, 15, 16, 17) searches its fingers
// in the finger backend and its face, converted from Type-10 to
// 19794-5:2011, in the face and iris one.
func TestRouteByModality(t *testing.T) {
	ctx := context.Background()
	b, err := os.ReadFile(filepath.Join(corpusDir, "nbis/testdata/valid1.11.an2"))
	if err != nil {
		t.Skipf("corpus file absent: %v", err)
	}
	fingers := newFake("fingers", backend.Finger)
	faces := newFake("faces", backend.Face, backend.Iris)
	cfg := strings.Replace(matchingPartners, `"partners": [`, `"backends": [{"name": "fingers", "type": "embedded"}, {"name": "faces", "type": "http", "url": "http://127.0.0.1:1"}],
	  "partners": [`, 1)
	h := newHarness(t, cfg, exchange.NamedBackend{Name: "fingers", Backend: fingers}, exchange.NamedBackend{Name: "faces", Backend: faces})
	res, err := h.svc.Search(ctx, callerB, "criminal", b, exchange.MatchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("searched %+v", res)
	if !slices.Contains(res.Backends, "faces") || faces.probed(backend.FaceImage) != 1 {
		t.Errorf("the face was not routed to the face backend: %+v (probed %v)", res, faces.probes)
	}
	// Its Type-17 holds JPEGB, which 19794-6:2011 cannot carry: left
	// out, and said so.
	if faces.probed(backend.IrisImage) != 0 || !slices.ContainsFunc(res.Notes, func(n string) bool {
		return strings.HasPrefix(n, "iris samples left out") && strings.Contains(n, "JPEGB")
	}) {
		t.Errorf("the iris that cannot be carried is not noted: %q", res.Notes)
	}
	if fingers.probed(backend.FaceImage)+fingers.probed(backend.IrisImage) != 0 {
		t.Errorf("the finger backend got a face or an iris: %v", fingers.probes)
	}
}

const corpusDir = "../../../shared/corpus"

// validINTI validates an INT-I XML transaction against INTERPOL's
// int-i.xsd with xmllint, as the issue measures the replies; without
// xmllint or the schema it says so and returns.
func validINTI(t *testing.T, body []byte) {
	t.Helper()
	xsd := filepath.Join(corpusDir, "interpol-inti/XMLschemas/int-i/1.0/int-i.xsd")
	if _, err := os.Stat(xsd); err != nil {
		t.Logf("int-i.xsd absent: the reply is not validated against it")
		return
	}
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Logf("xmllint not installed (Debian: libxml2-utils): the reply is not validated against int-i.xsd")
		return
	}
	name := filepath.Join(t.TempDir(), "reply.xml")
	if d := os.Getenv("BIOGATE_KEEP_REPLY"); d != "" {
		name = d
	}
	if err := os.WriteFile(name, body, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("xmllint", "--noout", "--nonet", "--schema", xsd, name).CombinedOutput()
	if err != nil {
		t.Errorf("the reply does not validate against int-i.xsd: %v\n%s", err, out)
	}
}
