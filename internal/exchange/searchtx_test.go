package exchange_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/nist"
	"github.com/biogate/biogate/sign"
	"github.com/biogate/biogate/store"
)

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
	rt := in.Transaction
	// int-i.xsd has no Type-98: the reply is delivered with a detached
	// signature of its bytes, by the service's key, in the listing and
	// with the body.
	if !strings.Contains(string(d.Findings), "detached signature") {
		t.Errorf("the INT-I XML reply's delivery does not say its signature is detached: %s", d.Findings)
	}
	if out.Signature == "" || out.Signature != d.Signature {
		t.Fatalf("the INT-I XML reply's signature: %q with the body, %q listed", out.Signature, d.Signature)
	}
	pub, err := sign.PublicSet(key)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := sign.VerifyDetached(out.Body, out.Signature, pub); err != nil || res.KeyID != sign.Thumbprint(key) {
		t.Errorf("the detached signature of the reply does not verify with the service's key: %+v %v", res, err)
	}
	changed := slices.Clone(out.Body)
	changed[len(changed)/2] ^= 0x20
	if _, err := sign.VerifyDetached(changed, out.Signature, pub); !errors.Is(err, sign.ErrInvalid) {
		t.Errorf("the detached signature verifies a reply with one byte changed: %v", err)
	}
	if slices.ContainsFunc(rt.Records, func(r *nist.Record) bool { return r.Type == 98 }) {
		t.Error("the INT-I XML reply holds a Type-98 record")
	}
	if orig, err := h.st.Original(ctx, d.ID); err != nil {
		t.Fatal(err)
	} else if v, err := h.svc.Verify(ctx, orig); err != nil || !v.Verified {
		t.Errorf("the stored original of the reply is not signed with the service's key: %+v %v", v, err)
	}
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

func replyRLS(t *nist.Transaction) string {
	for _, r := range t.Records {
		if r.Type == 2 {
			return r.Text(64)
		}
	}
	return ""
}

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
