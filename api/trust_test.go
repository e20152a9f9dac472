package api

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/biogate/biogate/audit"
	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/nist"
	"github.com/biogate/biogate/sign"
	"github.com/biogate/biogate/store"
	nistxml "github.com/biogate/biogate/xml"
)

// policyPartners is testPartners with disclosure policies: fbi may submit
// anything and keeps its transactions one day; ipsg may read Type-2 and
// Type-14 records and no Type-2 field beyond LEN and IDC, and may submit
// only CAR transactions; root, an admin, may read no transaction type
// but AMX.
const policyPartners = `{
  "issuers": [{"name": "test-issuer", "jwks": %s}],
  "partners": [
    {"name": "fbi", "issuer": "test-issuer", "scopes": ["submit", "read", "convert"], "agencies": ["MDNISTIMG"], "receive": {"format": "an2"},
     "policy": {"partner": "fbi", "submit": {"transactionTypes": ["*"], "recordTypes": [2, 4, 14, 98]},
                "read": {"transactionTypes": ["*"], "recordTypes": [2, 4, 14, 98], "type2Fields": "*"}, "retentionDays": 1}},
    {"name": "ipsg", "issuer": "test-issuer", "scopes": ["submit", "read", "convert"], "agencies": ["DAI000000"], "receive": {"format": "xml", "dialect": "inti"},
     "policy": {"partner": "ipsg", "submit": {"transactionTypes": ["CAR"], "recordTypes": [2, 14]},
                "read": {"transactionTypes": ["AMN"], "recordTypes": [2, 14, 98], "type2Fields": [18]}, "retentionDays": 30}},
    {"name": "clerk", "issuer": "test-issuer", "scopes": ["read"], "receive": {"format": "an2"}},
    {"name": "root", "issuer": "test-issuer", "scopes": ["submit", "read", "convert", "admin"], "receive": {"format": "an2"},
     "policy": {"partner": "root", "submit": {"transactionTypes": ["*"], "recordTypes": [2, 4, 14]},
                "read": {"transactionTypes": ["AMX"], "recordTypes": [2], "type2Fields": "*"}, "retentionDays": 3650}}
  ]
}`

// clock is a settable clock for the core.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// trustEnv starts a server with policies, a signing key and a trusted
// partner key; it returns the env, the service key, the trusted partner
// key and the clock.
func trustEnv(t *testing.T) (*env, sign.Key, sign.Key, *clock) {
	t.Helper()
	own, err := sign.GenerateKey(sign.ES256)
	if err != nil {
		t.Fatal(err)
	}
	partner, err := sign.GenerateKey(sign.EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	trusted, _ := sign.PublicSet(partner)
	clk := &clock{t: time.Now().UTC()}
	e := startEnv(t, &envOptions{partners: policyPartners, core: []exchange.Option{
		exchange.WithSigningKey(own), exchange.WithTrustedKeys(trusted), exchange.WithClock(clk.now)}})
	return e, own, partner, clk
}

func problemOf(t *testing.T, r *response) *Problem {
	t.Helper()
	var p Problem
	r.json(t, &p)
	return &p
}

// TestSignVerify signs through the API and verifies: signed by the
// service or a trusted partner verifies; tampered, unsigned or signed
// by an unknown key does not, with the reason.
func TestSignVerify(t *testing.T) {
	e, own, partner, _ := trustEnv(t)
	b := readCorpus(t, slaps)
	fbi, clerk := e.token(t, "fbi"), e.token(t, "clerk")

	signed := e.do(t, "POST", "/v1/sign", fbi, b).expect(t, "sign", 200)
	if signed.header.Get("Content-Type") != exchange.MediaAN2 || sniff.Format(signed.body) != sniff.AN2 {
		t.Fatalf("sign: %s", signed.header.Get("Content-Type"))
	}
	var v exchange.Verification
	e.do(t, "POST", "/v1/verify", fbi, signed.body).expect(t, "verify", 200).json(t, &v)
	if !v.Verified || v.KeyID != own.KeyID() || v.Covered != 5 {
		t.Errorf("verify: %+v", v)
	}

	// Every kind of failure is 422 with its reason.
	tampered := bytes.Clone(signed.body)
	tampered[len(tampered)/2] ^= 0x01
	other, _ := sign.GenerateKey(sign.ES256)
	t2, err := nist.DecodeBytes(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := sign.Sign(t2, other, nil); err != nil {
		t.Fatal(err)
	}
	byOther, _ := nist.Marshal(t2)
	for _, tc := range []struct {
		name    string
		body    []byte
		reasons []string
	}{
		{"tampered", tampered, []string{"invalid", "hash"}},
		{"unsigned", b, []string{"unsigned"}},
		{"untrusted key", byOther, []string{"untrusted"}},
	} {
		r := e.do(t, "POST", "/v1/verify", fbi, tc.body).expect(t, "verify "+tc.name, 422)
		if p := problemOf(t, r); p.Verification == nil || !slices.Contains(tc.reasons, p.Verification.Reason) || p.Verification.Verified {
			t.Errorf("verify %s: %+v", tc.name, p.Verification)
		}
	}

	// A trusted partner's signature verifies.
	t3, _ := nist.DecodeBytes(b, nil)
	if err := sign.Sign(t3, partner, nil); err != nil {
		t.Fatal(err)
	}
	byPartner, _ := nist.Marshal(t3)
	e.do(t, "POST", "/v1/verify", fbi, byPartner).expect(t, "verify partner", 200).json(t, &v)
	if v.KeyID != partner.KeyID() {
		t.Errorf("verify partner: %+v", v)
	}

	// ?to=xml: the signed transaction as XML still verifies.
	x := e.do(t, "POST", "/v1/sign?to=xml&dialect=inti", fbi, b).expect(t, "sign to xml", 200)
	if sniff.Format(x.body) != sniff.XML {
		t.Fatal("sign ?to=xml: not XML")
	}
	e.do(t, "POST", "/v1/verify", fbi, x.body).expect(t, "verify xml", 200)

	e.do(t, "POST", "/v1/sign", fbi, signed.body).expect(t, "sign twice", 400)
	e.do(t, "POST", "/v1/sign", clerk, b).expect(t, "sign without submit scope", 403)
	e.do(t, "POST", "/v1/verify", clerk, signed.body).expect(t, "verify without convert scope", 403)
	e.do(t, "POST", "/v1/sign?to=png", fbi, b).expect(t, "sign to png", 400)
}

// checkView fails unless tr holds only what ipsg may read: Type-1, -2
// (2.001 and 2.002 only), -14 and the service's signature.
func checkView(t *testing.T, what string, tr *nist.Transaction) {
	t.Helper()
	var types []int
	for _, r := range tr.Records {
		types = append(types, r.Type)
		switch r.Type {
		case 1, 14, 98:
		case 2:
			for _, f := range r.Fields {
				if f.Number > 2 {
					t.Errorf("%s: field 2.%03d is there", what, f.Number)
				}
			}
		default:
			t.Errorf("%s: a Type-%d record is there", what, r.Type)
		}
	}
	if !slices.Contains(types, 14) || !slices.Contains(types, 2) {
		t.Errorf("%s: records %v, want the Type-2 and Type-14 kept", what, types)
	}
}

func decodeAny(t *testing.T, what string, b []byte) *nist.Transaction {
	t.Helper()
	var tr *nist.Transaction
	var err error
	switch sniff.Format(b) {
	case sniff.AN2:
		tr, err = nist.DecodeBytes(b, nil)
	case sniff.JSON:
		tr, err = nist.DecodeJSON(bytes.NewReader(b))
	case sniff.XML:
		var doc *nistxml.Document
		doc, err = nistxml.Unmarshal(b, nil)
		if doc != nil {
			tr = doc.Transaction
		}
	default:
		t.Fatalf("%s: format %s", what, sniff.Format(b))
	}
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return tr
}

// TestPolicyReads: a partner reading a transaction sees only its allowed
// fields and record types through every route and every output format;
// what it may not submit or read is refused with the reason.
func TestPolicyReads(t *testing.T) {
	e, _, _, _ := trustEnv(t)
	b := readCorpus(t, slaps)
	fbi, ipsg, root := e.token(t, "fbi"), e.token(t, "ipsg"), e.token(t, "root")

	// Submitted signed, so that the redacted copies are signed again; as
	// VER 0502, since a 0400 validator rejects the Type-98 record.
	v5 := bytes.Replace(b, []byte("1.002:0400"), []byte("1.002:0502"), 1)
	signed := e.do(t, "POST", "/v1/sign", fbi, v5).expect(t, "sign", 200).body
	var tr store.Transaction
	e.do(t, "POST", "/v1/transactions", fbi, signed).expect(t, "submit", 201).json(t, &tr)
	if len(tr.Deliveries) != 1 || tr.Deliveries[0].State != store.Delivered {
		t.Fatalf("submit: %+v", tr.Deliveries)
	}

	// The sender sees everything.
	got := e.do(t, "GET", "/v1/transactions/"+tr.ID, fbi, nil).expect(t, "sender get", 200)
	if !bytes.Equal(got.body, signed) || got.header.Get("X-Biogate-Removed") != "" {
		t.Error("sender get: not the bytes submitted")
	}

	// The recipient, through every route and format.
	for _, format := range []string{"", "original", "an2", "json", "xml"} {
		path := "/v1/transactions/" + tr.ID
		if format != "" {
			path += "?format=" + format
		}
		r := e.do(t, "GET", path, ipsg, nil).expect(t, "ipsg get "+format, 200)
		checkView(t, "get "+format, decodeAny(t, "get "+format, r.body))
		if len(r.header.Values("X-Biogate-Removed")) != 3 { // two Type-4 records, 2.003
			t.Errorf("get %s: X-Biogate-Removed %q", format, r.header.Values("X-Biogate-Removed"))
		}
		if format == "" || format == "an2" {
			e.do(t, "POST", "/v1/verify", ipsg, r.body).expect(t, "the redacted copy is signed again", 200)
		}
	}
	// Image formats: records are numbered in the reader's view (record 3
	// is the Type-14); the withheld Type-4 images are not there to ask for.
	png := e.do(t, "GET", "/v1/transactions/"+tr.ID+"?format=png&record=3", ipsg, nil).expect(t, "ipsg Type-14 image", 200)
	if sniff.Format(png.body) != sniff.PNG {
		t.Error("ipsg Type-14 image: not PNG")
	}
	if r := e.do(t, "GET", "/v1/transactions/"+tr.ID+"?format=png&record=5", ipsg, nil); r.status < 400 || r.status >= 500 {
		t.Errorf("ipsg record 5: status %d", r.status)
	}
	if r := e.do(t, "GET", "/v1/transactions/"+tr.ID+"?format=png", ipsg, nil); r.status != 200 {
		t.Errorf("ipsg the only image: status %d: %.200s", r.status, r.body)
	}

	var inbox exchange.Page[*store.Delivery]
	e.do(t, "GET", "/v1/inbox", ipsg, nil).expect(t, "inbox", 200).json(t, &inbox)
	if len(inbox.Items) != 1 {
		t.Fatalf("inbox: %+v", inbox.Items)
	}
	in := e.do(t, "GET", "/v1/inbox/"+tr.ID, ipsg, nil).expect(t, "inbox get", 200)
	if sniff.Format(in.body) != sniff.XML || len(in.header.Values("X-Biogate-Removed")) != 3 {
		t.Errorf("inbox get: %s, removed %q", sniff.Format(in.body), in.header.Values("X-Biogate-Removed"))
	}
	checkView(t, "inbox get", decodeAny(t, "inbox get", in.body))
	e.do(t, "POST", "/v1/verify", ipsg, in.body).expect(t, "the delivery is signed again", 200)

	var meta store.Transaction
	e.do(t, "GET", "/v1/transactions/"+tr.ID+"/meta", ipsg, nil).expect(t, "ipsg meta", 200).json(t, &meta)
	if meta.Report != nil {
		t.Error("ipsg meta: the sender's report is there")
	}
	var page exchange.Page[*store.Transaction]
	e.do(t, "GET", "/v1/transactions", ipsg, nil).expect(t, "ipsg list", 200).json(t, &page)
	if len(page.Items) != 1 {
		t.Errorf("ipsg list: %d items", len(page.Items))
	}

	// root may read only AMX transactions: filtered from its list, 403
	// (with the reason) when named.
	e.do(t, "GET", "/v1/transactions", root, nil).expect(t, "root list", 200).json(t, &page)
	if len(page.Items) != 0 {
		t.Errorf("root list: %d items", len(page.Items))
	}
	for _, path := range []string{"/v1/transactions/" + tr.ID, "/v1/transactions/" + tr.ID + "/meta"} {
		r := e.do(t, "GET", path, root, nil).expect(t, "root "+path, 403)
		if p := problemOf(t, r); !strings.Contains(p.Detail, `TOT "AMN"`) {
			t.Errorf("root %s: %s", path, p.Detail)
		}
	}

	// ipsg may submit only CAR.
	r := e.do(t, "POST", "/v1/transactions", ipsg, b).expect(t, "ipsg submit AMN", 403)
	if p := problemOf(t, r); !strings.Contains(p.Detail, "may not submit") {
		t.Errorf("ipsg submit: %s", p.Detail)
	}

	// Converting one's own input applies no policy.
	c := e.do(t, "POST", "/v1/convert?to=json", ipsg, b).expect(t, "ipsg convert", 200)
	if c.header.Get("X-Biogate-Removed") != "" || len(decodeAny(t, "convert", c.body).Records) != 5 {
		t.Error("convert: the caller's own input was redacted")
	}
}

// TestRetention: a transaction past its sender's retention is never
// returned, even before the purge, and the purge deletes it and is
// audited.
func TestRetention(t *testing.T) {
	e, _, _, clk := trustEnv(t)
	b := readCorpus(t, slaps)
	fbi, ipsg, root := e.token(t, "fbi"), e.token(t, "ipsg"), e.token(t, "root")
	var tr store.Transaction
	e.do(t, "POST", "/v1/transactions", fbi, b).expect(t, "submit", 201).json(t, &tr)
	var p exchange.Purged
	e.do(t, "POST", "/v1/admin/purge", root, nil).expect(t, "purge, nothing due", 200).json(t, &p)
	if p.Purged != 0 {
		t.Fatalf("purged %d too early", p.Purged)
	}
	e.do(t, "GET", "/v1/transactions/"+tr.ID, fbi, nil).expect(t, "get before expiry", 200)

	clk.add(25 * time.Hour) // fbi keeps one day
	e.do(t, "GET", "/v1/transactions/"+tr.ID, fbi, nil).expect(t, "get after expiry", 404)
	e.do(t, "GET", "/v1/transactions/"+tr.ID+"/meta", fbi, nil).expect(t, "meta after expiry", 404)
	e.do(t, "GET", "/v1/inbox/"+tr.ID, ipsg, nil).expect(t, "inbox get after expiry", 404)
	var page exchange.Page[*store.Transaction]
	e.do(t, "GET", "/v1/transactions", fbi, nil).expect(t, "list after expiry", 200).json(t, &page)
	var inbox exchange.Page[*store.Delivery]
	e.do(t, "GET", "/v1/inbox", ipsg, nil).expect(t, "inbox after expiry", 200).json(t, &inbox)
	if len(page.Items) != 0 || len(inbox.Items) != 0 {
		t.Errorf("after expiry: list %d, inbox %d", len(page.Items), len(inbox.Items))
	}
	if _, err := e.store.Get(t.Context(), tr.ID); err != nil {
		t.Fatalf("purged before the purge: %v", err)
	}

	e.do(t, "POST", "/v1/admin/purge", fbi, nil).expect(t, "purge without admin", 403)
	e.do(t, "POST", "/v1/admin/purge", root, nil).expect(t, "purge", 200).json(t, &p)
	if p.Purged != 1 || p.Transactions[0] != tr.ID {
		t.Errorf("purge: %+v", p)
	}
	if _, err := e.store.Get(t.Context(), tr.ID); err == nil {
		t.Error("still stored after the purge")
	}
	if n := countCalls(e.auditSummary(t), "root", "expire", audit.OK); n != 1 {
		t.Errorf("expire entries: %d, want 1", n)
	}
}

func countCalls(s *audit.Summary, actor, action, outcome string) int {
	for _, c := range s.Calls {
		if c.Actor == actor && c.Action == action && c.Outcome == outcome {
			return c.N
		}
	}
	return 0
}

// TestAuditTrail: every call is in the log, which verifies, and the
// report's counts equal the calls made.
func TestAuditTrail(t *testing.T) {
	e, _, _, _ := trustEnv(t)
	b := readCorpus(t, slaps)
	fbi, ipsg, clerk := e.token(t, "fbi"), e.token(t, "ipsg"), e.token(t, "clerk")
	want := map[string]int{} // actor action outcome → calls
	call := func(token, actor, action, outcome, method, path string, body []byte, status int) *response {
		t.Helper()
		want[actor+" "+action+" "+outcome]++
		return e.do(t, method, path, token, body).expect(t, actor+" "+action, status)
	}
	call(fbi, "fbi", "inspect", audit.OK, "POST", "/v1/inspect", b, 200)
	call(fbi, "fbi", "validate", audit.OK, "POST", "/v1/validate", b, 200)
	// Without a valid token: refused, counted in the metrics, not audited.
	e.do(t, "POST", "/v1/inspect", "", b).expect(t, "anonymous inspect", 401)
	call(clerk, "clerk", "submit", audit.Rejected, "POST", "/v1/transactions", b, 403)
	var tr store.Transaction
	call(fbi, "fbi", "submit", audit.OK, "POST", "/v1/transactions", b, 201).json(t, &tr)
	want["fbi deliver ok"]++ // the delivery to ipsg, recorded by the service
	call(fbi, "fbi", "submit", audit.OK, "POST", "/v1/transactions", b, 201)
	want["fbi deliver ok"]++
	call(ipsg, "ipsg", "submit", audit.Rejected, "POST", "/v1/transactions", b, 403)
	call(ipsg, "ipsg", "inbox", audit.OK, "GET", "/v1/inbox", nil, 200)
	call(ipsg, "ipsg", "inboxGet", audit.OK, "GET", "/v1/inbox/"+tr.ID, nil, 200)
	call(ipsg, "ipsg", "ack", audit.OK, "POST", "/v1/inbox/"+tr.ID+"/ack", nil, 204)
	call(ipsg, "ipsg", "get", audit.OK, "GET", "/v1/transactions/"+tr.ID+"?format=xml", nil, 200)
	call(clerk, "clerk", "get", audit.Rejected, "GET", "/v1/transactions/"+tr.ID, nil, 404)
	call(fbi, "fbi", "list", audit.OK, "GET", "/v1/transactions", nil, 200)
	call(fbi, "fbi", "sign", audit.OK, "POST", "/v1/sign", b, 200)
	call(fbi, "fbi", "verify", audit.Rejected, "POST", "/v1/verify", b, 422)
	e.do(t, "GET", "/healthz", "", nil).expect(t, "healthz (not audited)", 200)

	n, err := e.verifyAudit()
	if err != nil {
		t.Fatalf("the log does not verify: %v", err)
	}
	total := 0
	for _, k := range want {
		total += k
	}
	if n != total {
		t.Errorf("%d entries, want %d", n, total)
	}
	sum := e.auditSummary(t)
	got := map[string]int{}
	for _, c := range sum.Calls {
		got[c.Actor+" "+c.Action+" "+c.Outcome] = c.N
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("report calls\n got %v\nwant %v", got, want)
	}
	if len(sum.Shares) != 1 || sum.Shares[0] != (audit.Share{From: "fbi", To: "ipsg", Action: "deliver", Type: "AMN", N: 2, Transactions: 2}) {
		t.Errorf("shares: %+v", sum.Shares)
	}
	var policyReason bool
	for _, r := range sum.Rejections {
		policyReason = policyReason || r.Actor == "ipsg" && r.Action == "submit" && strings.Contains(r.Reason, "may not submit")
	}
	if !policyReason {
		t.Errorf("rejections: %+v", sum.Rejections)
	}
	// The recipient's read records what its policy withheld.
	var withheld bool
	for _, l := range e.auditEntries(t) {
		withheld = withheld || l.Actor == "ipsg" && l.Action == "get" && l.Transaction == tr.ID && strings.Contains(l.Reason, "withheld")
	}
	if !withheld {
		t.Error("the recipient's get does not record what was withheld")
	}
}
