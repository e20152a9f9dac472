package api

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/biogate/biogate/api/client"
	"github.com/biogate/biogate/convert"
	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/internal/reply"
	"github.com/biogate/biogate/match"
	"github.com/biogate/biogate/match/backend/embedded"
	"github.com/biogate/biogate/match/backend/samples"
	"github.com/biogate/biogate/match/source"
	"github.com/biogate/biogate/nist"
	"github.com/biogate/biogate/sign"
	"github.com/biogate/biogate/store"
	nistxml "github.com/biogate/biogate/xml"
)

// Agencies of the search transactions: partner b (AGENCYB in the
// configuration) sends them to the service's own agency.
const (
	searchORI = "AGENCYB"
	searchDAI = "AGENCYA"
)

// cpsTCN is the 1.009 TCN of p's CPS search, in INT-I's form (MRT
// [01.009]: YY, a twelve-digit serial, a check letter), the serial
// made of the finger and impression numbers.
func cpsTCN(t *testing.T, p fvcPrint) string {
	t.Helper()
	tcn, err := reply.INTITCN(2, int64(p.finger)*100+int64(p.impression))
	if err != nil {
		t.Fatal(err)
	}
	return tcn
}

// cpsOf wraps one scan in a traditional INT-I CPS search, as `biogate
// convert --to an2 --tot CPS IMAGE` does (convert.WrapImages: a Type-1
// and one Type-14, WSQ at 500 ppi), in INT-I's domain.
func cpsOf(t *testing.T, p fvcPrint) []byte {
	t.Helper()
	fg, err := source.ImageFile(p.read(t), nil)
	if err != nil {
		t.Fatalf("%s: %v", p.name(), err)
	}
	tr, _, err := convert.WrapImages([]convert.LooseImage{fg.Loose(p.name())}, &convert.TransactionOptions{
		TypeOfTransaction: "CPS", Destination: searchDAI, Originating: searchORI,
		ControlNumber: cpsTCN(t, p),
		Image:         &convert.ImageOptions{Source: searchORI, Date: "20020101"},
	})
	if err != nil {
		t.Fatalf("%s: %v", p.name(), err)
	}
	// An INT-I transaction: 1.013 DOM INT-I version 06.00, 1.006 PRY and
	// 1.017 ANM, the agencies' names (MRT_INT-I tables, as INTERPOL's
	// sample CPS has them), which its replies echo; the service adds the
	// countries when it delivers INT-I XML.
	t1 := tr.Records[0]
	t1.Set(6, "2")
	t1.SetSubfields(13, []string{"INT-I", "06.00"})
	t1.SetSubfields(17, []string{"Agency A", "Agency B"})
	b, err := nist.Marshal(tr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// searchRuleLimit is the candidates partner b's search rule asks for.
const searchRuleLimit = 3

// offlineRank1Of is the offline figure of the replies for probes given as
// bodies (the CPS transactions, whose WSQ image is not the TIFF's
// pixels): the same gallery as offlineRank1, each probe's template made
// from its body as the service makes it (samples.FromInput), the k best
// candidates kept where their score reaches the embedded backend's
// threshold (a reply names only candidates the backend confirms 1:1; a
// probe with none is answered no hit), the first of them at rank 1.
func offlineRank1Of(t *testing.T, bodies map[string][]byte, k int, threshold float64) rankRun {
	t.Helper()
	enrolled, probes := fvcPrints(t)
	g := match.NewGallery()
	for _, p := range enrolled {
		pr, pos := offlinePrepared(t, p)
		g.Add(match.Key{Subject: p.subject(), Finger: pos}, pr)
	}
	var r rankRun
	for _, p := range probes {
		s, _, err := samples.FromInput(bodies[p.name()], minutiaeOnly)
		if err != nil || len(s) != 1 {
			t.Fatalf("%s: %d samples: %v", p.name(), len(s), err)
		}
		top := ""
		for _, c := range g.Search(preparedOf(t, s[0].Data), k) {
			if c.Score >= threshold {
				top = c.Subject
				break
			}
		}
		r.add(p, top)
	}
	return r
}

// TestSearchTransactions is the same measure with search transactions:
// partner b submits a traditional INT-I CPS per probe, which its
// matching rules make a search of gallery fvc; each is stored (201) and
// answered by SREs in b's inbox, in b's form, INT-I XML. Each SRE
// validates against int-i.xsd, refers to its search (1.010 TCR), and the
// hit with 2.064 CSI 1 names (2.012, GALLERY SUBJECT) the rank-1
// candidate. A reply names only candidates the backend confirms at its
// threshold, so the rank-1 rate from the SREs is compared, probe by
// probe, with the offline figure under the same rule. The service signs:
// int-i.xsd has no Type-98, so each SRE comes with a detached signature
// in Biogate-Signature (also in the inbox listing), which verifies with
// the service's public key, through POST /v1/verify too, and fails with
// one byte changed.
func TestSearchTransactions(t *testing.T) {
	own, err := sign.GenerateKey(sign.ES256)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := sign.PublicSet(own)
	if err != nil {
		t.Fatal(err)
	}
	partners := strings.Replace(partnersWith(embeddedBackends, "embedded"), `"scopes": ["submit", "read", "search"]`, `"scopes": ["submit", "read", "search", "convert"]`, 1)
	e := startEnv(t, &envOptions{partners: partners, matching: true, core: []exchange.Option{exchange.WithSigningKey(own)}})
	enrolFVC(t, e.apiClient(t, e.token(t, "a")))
	b := e.token(t, "b")
	_, probes := fvcPrints(t)

	bodies := map[string][]byte{}
	searches := map[string]fvcPrint{} // transaction id → probe
	for _, p := range probes {
		body := cpsOf(t, p)
		bodies[p.name()] = body
		var tr store.Transaction
		e.do(t, "POST", "/v1/transactions", b, body).expect(t, "submit CPS "+p.name(), 201).json(t, &tr)
		if tr.Search == nil {
			t.Fatalf("CPS %s: stored without a search state: %+v", p.name(), tr)
		}
		searches[tr.ID] = p
	}
	// Every search answered (by the submit, or the worker).
	deadline := time.Now().Add(60 * time.Second)
	for id, p := range searches {
		for {
			var tr store.Transaction
			e.do(t, "GET", "/v1/transactions/"+id+"/meta", b, nil).expect(t, "meta", 200).json(t, &tr)
			if tr.Search != nil && tr.Search.State == store.SearchAnswered {
				break
			}
			if tr.Search == nil || tr.Search.State == store.SearchFailed || time.Now().After(deadline) {
				t.Fatalf("CPS %s: search state %+v", p.name(), tr.Search)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}

	// b's inbox: the SREs, as INT-I XML.
	dir := t.TempDir()
	if d := os.Getenv("BIOGATE_KEEP_SRE"); d != "" {
		dir = d // to look at them
	}
	var files []string
	var got rankRun
	tops := map[string]string{} // search TCN → rank-1 subject
	sres := 0
	bc := e.apiClient(t, b)
	after := ""
	for {
		var page exchange.Page[*store.Delivery]
		e.do(t, "GET", "/v1/inbox?limit=1000"+after, b, nil).expect(t, "inbox", 200).json(t, &page)
		for _, d := range page.Items {
			r := e.do(t, "GET", "/v1/inbox/"+d.ID, b, nil).expect(t, "inbox get", 200)
			x, sig := r.body, r.header.Get(SignatureHeader)
			doc, err := nistxml.Unmarshal(x, nil)
			if err != nil {
				t.Fatalf("delivery %s: not XML the service reads: %v", d.ID, err)
			}
			h := doc.Transaction.Header()
			if h.TypeOfTransaction() != "SRE" {
				continue
			}
			sres++
			if sig == "" || sig != d.Signature {
				t.Fatalf("delivery %s: Biogate-Signature %q, listed signature %q", d.ID, sig, d.Signature)
			}
			if _, err := sign.VerifyDetached(x, sig, pub); err != nil {
				t.Errorf("delivery %s: the detached signature does not verify with the service's key: %v", d.ID, err)
			}
			if sres == 1 { // once through the service, the way a receiver checks it
				checkDetachedByService(t, bc, x, sig)
			}
			name := filepath.Join(dir, fmt.Sprintf("sre-%03d.xml", sres))
			os.WriteFile(name, x, 0o644)
			files = append(files, name)
			tcr := h.Record().Text(10)
			rls, subject := sreCandidate(doc.Transaction)
			if len(rls) < 5 {
				t.Errorf("SRE %s (answering %s): 2.064 RLS %v", d.ID, tcr, rls)
				continue
			}
			if rls[0] == "1" && rls[4] == "I" {
				tops[tcr] = subject
			}
		}
		if page.Next == "" {
			break
		}
		after = "&after=" + page.Next
	}
	for _, p := range probes {
		got.add(p, tops[cpsTCN(t, p)])
	}
	xmllintSREs(t, files)

	offline := offlineRank1Of(t, bodies, searchRuleLimit, embedded.DefaultThreshold)
	unconfirmed := offlineRank1Of(t, bodies, 1, 0)
	tiff, _ := offlineRank1(t)
	t.Logf("CPS searches answered by %d SREs in b's inbox (INT-I XML): %v; offline on the same CPS images, candidates confirmed at the threshold %.4f: %v (without the threshold: %v); offline on the TIFF scans (TestMatchRank1): %v",
		sres, got, embedded.DefaultThreshold, offline, unconfirmed, tiff)
	if got.hits != offline.hits {
		t.Errorf("rank-1 from the SREs %v, offline %v", got, offline)
	}
	sameTops(t, "CPS/SRE", got, offline)
}

// checkDetachedByService posts body with its detached signature to
// POST /v1/verify: 200, verified; with one byte changed, 422 invalid.
func checkDetachedByService(t *testing.T, c *client.ClientWithResponses, body []byte, sig string) {
	t.Helper()
	ctx := context.Background()
	p := &client.VerifyParams{BiogateSignature: &sig}
	ok, err := c.VerifyWithBodyWithResponse(ctx, p, "application/xml", bytes.NewReader(body))
	if err != nil || ok.JSON200 == nil || !ok.JSON200.Verified {
		t.Errorf("POST /v1/verify with Biogate-Signature: %v %s", err, ok.Body)
	}
	changed := bytes.Clone(body)
	changed[len(changed)/2] ^= 0x20
	bad, err := c.VerifyWithBodyWithResponse(ctx, p, "application/xml", bytes.NewReader(changed))
	if err != nil || bad.StatusCode() != 422 || !bytes.Contains(bad.Body, []byte(`"invalid"`)) {
		t.Errorf("POST /v1/verify of a changed body with its signature: %v %d %s", err, bad.StatusCode(), bad.Body)
	}
}

// preparedOf decodes an ISO/IEC 19794-2:2011 sample and prepares it.
func preparedOf(t *testing.T, data []byte) *match.Prepared {
	t.Helper()
	tm, err := templateOf(data)
	if err != nil {
		t.Fatal(err)
	}
	return match.Prepare(tm)
}

// sreCandidate reads an SRE's 2.064 RLS items and the gallery subject id
// it names (2.012-2.016 of type GALLERY SUBJECT).
func sreCandidate(t *nist.Transaction) (rls []string, subject string) {
	for _, r := range t.Records {
		if r.Type != 2 {
			continue
		}
		if f := r.Field(64); f != nil && len(f.Subfields()) > 0 {
			rls = f.Subfields()[0]
		}
		for n := 12; n <= 16; n++ {
			if f := r.Field(n); f != nil && len(f.Subfields()) > 0 {
				if it := f.Subfields()[0]; len(it) == 2 && it[0] == "GALLERY SUBJECT" {
					subject = it[1]
				}
			}
		}
	}
	return rls, subject
}

// xmllintSREs validates the SREs against INTERPOL's int-i.xsd with
// xmllint, failing the test for any that does not validate; where the
// tool or the schema is absent it says so and checks nothing.
func xmllintSREs(t *testing.T, files []string) {
	t.Helper()
	if len(files) == 0 {
		t.Error("no SRE to validate")
		return
	}
	xsd, _ := filepath.Abs(filepath.Join(corpus, intiXSD))
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Log("xmllint not installed (Debian: libxml2-utils): the SREs' INT-I schema validation did not run")
		return
	}
	if _, err := os.Stat(xsd); err != nil {
		t.Logf("%s absent: the SREs' INT-I schema validation did not run", xsd)
		return
	}
	valid := 0
	for start := 0; start < len(files); start += 50 {
		batch := files[start:min(start+50, len(files))]
		out, _ := exec.Command("xmllint", append([]string{"--noout", "--nonet", "--schema", xsd}, batch...)...).CombinedOutput()
		for _, f := range batch {
			if bytes.Contains(out, []byte(f+" validates")) {
				valid++
			}
		}
		if n := strings.Count(string(out), " validates"); n < len(batch) {
			t.Errorf("xmllint: %d of %d SREs do not validate against int-i.xsd:\n%.2000s", len(batch)-n, len(batch), out)
		}
	}
	t.Logf("xmllint: %d of %d SREs validate against int-i.xsd", valid, len(files))
}
