package exchange

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/store"
)

const corpus = "../../../shared/corpus"

func readCorpus(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpus, name))
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("corpus file %s absent (../shared/corpus is not here)", name)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const slaps = "jnbis/ansi/references/type-4-14-slaps.an2"

func testConfig(t testing.TB) *Config {
	t.Helper()
	c, err := ParseConfig([]byte(`{
	  "issuers": [{"name": "test", "jwks": {"keys": []}}],
	  "partners": [
	    {"name": "fbi", "issuer": "test", "scopes": ["submit", "read"], "agencies": ["MDNISTIMG"], "receive": {"format": "an2"}},
	    {"name": "ipsg", "issuer": "test", "scopes": ["submit", "read"], "agencies": ["DAI000000"], "receive": {"format": "xml", "dialect": "inti"}},
	    {"name": "strict", "issuer": "test", "scopes": ["read"], "agencies": ["STRICT000"], "receive": {"format": "an2", "profile": "no-such-profile"}}
	  ]}`))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func newService(t testing.TB) *Service {
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return New(st, testConfig(t))
}

func TestConfigSchema(t *testing.T) {
	bad := []string{
		`{}`,
		`{"issuers": [], "partners": [{"name": "a", "issuer": "x", "scopes": [], "receive": {"format": "an2"}}]}`,
		`{"issuers": [{"name": "x", "jwks": {"keys": []}}], "partners": [{"name": "a", "issuer": "x", "scopes": ["fly"], "receive": {"format": "an2"}}]}`,
		`{"issuers": [{"name": "x", "jwks": {"keys": []}}], "partners": [{"name": "a", "issuer": "x", "scopes": [], "receive": {"format": "xml"}}]}`,
		`{"issuers": [{"name": "x", "jwks": {"keys": []}}], "partners": [
		  {"name": "a", "issuer": "x", "scopes": [], "agencies": ["A"], "receive": {"format": "an2"}},
		  {"name": "b", "issuer": "x", "scopes": [], "agencies": ["A"], "receive": {"format": "an2"}}]}`,
	}
	for i, s := range bad {
		if _, err := ParseConfig([]byte(s)); err == nil {
			t.Errorf("config %d accepted", i)
		}
	}
}

func TestConvertCorpus(t *testing.T) {
	b := readCorpus(t, slaps)
	ctx := context.Background()
	for _, to := range []string{"an2", "json", "xml", "png", "jpeg", "wsq"} {
		o := ConvertOptions{To: to, Dialect: "inti"}
		if isImageFormat(to) {
			o.Record = 3
		}
		out, err := Convert(ctx, b, o)
		if err != nil {
			t.Errorf("to %s: %v", to, err)
			continue
		}
		if got := sniff.Format(out.Body); got != to {
			t.Errorf("to %s: output sniffs as %q", to, got)
		}
	}
	if out, _ := Convert(ctx, b, ConvertOptions{To: "an2"}); !bytes.Equal(out.Body, b) {
		t.Error("an2 to an2 is not byte-identical")
	}
	if _, err := Convert(ctx, b, ConvertOptions{To: "png"}); KindOf(err) != KindInvalid {
		t.Errorf("several images without record: %v", err)
	}
	if _, err := Convert(ctx, b, ConvertOptions{To: "gif"}); KindOf(err) != KindInvalid {
		t.Errorf("unknown format: %v", err)
	}
	in, err := Inspect(ctx, b)
	if err != nil || in.Transaction == nil || in.Transaction.DAI != "DAI000000" || len(in.Transaction.Records) < 2 {
		t.Errorf("Inspect = %+v, %v", in, err)
	}
}

func TestSubmitRouting(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	b := readCorpus(t, slaps)
	fbi := Caller{Partner: "fbi"}
	tr, err := s.Submit(ctx, fbi, b)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Deliveries) != 1 || tr.Deliveries[0].Partner != "ipsg" || tr.Deliveries[0].State != store.Delivered {
		t.Fatalf("deliveries %+v", tr.Deliveries)
	}
	ipsg := Caller{Partner: "ipsg"}
	page, err := s.Inbox(ctx, ipsg, "", 0)
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("inbox %+v %v", page, err)
	}
	out, err := s.InboxGet(ctx, ipsg, tr.ID)
	if err != nil || sniff.Format(out.Body) != "xml" {
		t.Fatalf("InboxGet: %v", err)
	}
	back, err := Convert(ctx, out.Body, ConvertOptions{To: "an2"})
	if err != nil || !bytes.Equal(back.Body, b) {
		t.Errorf("the XML delivery does not convert back to the original (%v)", err)
	}
	if err := s.Ack(ctx, ipsg, tr.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Meta(ctx, Caller{Partner: "strict"}, tr.ID); KindOf(err) != KindNotFound {
		t.Errorf("a third partner reads the transaction: %v", err)
	}
	if got, err := s.Get(ctx, ipsg, tr.ID, ReadOptions{}); err != nil || !bytes.Equal(got.Body, b) {
		t.Errorf("recipient reads original: %v", err)
	}

	// Unroutable destination.
	un := bytes.Replace(b, []byte("DAI000000"), []byte("NOBODY999"), 1)
	if _, err := s.Submit(ctx, fbi, un); KindOf(err) != KindUnroutable {
		t.Errorf("unroutable: %v", err)
	}
	// A delivery that cannot be made is kept and reported.
	st := bytes.Replace(b, []byte("DAI000000"), []byte("STRICT000"), 1)
	tr2, err := s.Submit(ctx, fbi, st)
	if err != nil || tr2.Deliveries[0].State != store.Failed || tr2.Deliveries[0].Error == "" {
		t.Errorf("failed delivery: %+v, %v", tr2, err)
	}
	if _, err := s.Meta(ctx, fbi, tr2.ID); err != nil {
		t.Errorf("the sender cannot see its transaction with a failed delivery: %v", err)
	}
	// Not a transaction; unreadable.
	if _, err := s.Submit(ctx, fbi, []byte("hello")); KindOf(err) != KindUnsupported {
		t.Errorf("not a transaction: %v", err)
	}
	if _, err := s.Submit(ctx, fbi, b[:len(b)/2]); KindOf(err) != KindNonconformant {
		t.Errorf("truncated: %v", err)
	}
	l, err := s.List(ctx, fbi, "", 0)
	if err != nil || len(l.Items) != 2 {
		t.Errorf("List = %d, %v", len(l.Items), err)
	}
	if err := s.Delete(ctx, fbi, tr.ID); KindOf(err) != KindForbidden {
		t.Errorf("delete without admin: %v", err)
	}
	if err := s.Delete(ctx, Caller{Partner: "x", Admin: true}, tr.ID); err != nil {
		t.Errorf("admin delete: %v", err)
	}
}

// TestValidatorProfiles checks the named profiles of the default
// validator: inti from INTERPOL's tables, a JSON file, and an unknown name.
func TestValidatorProfiles(t *testing.T) {
	sample, err := os.ReadFile(filepath.Join(corpus, "interpol-inti/XMLsamples/Sample-SRE-NOHIT-INT-ITransaction.xml"))
	if err != nil {
		t.Skipf("corpus not available (%v)", err)
	}
	v := NewValidator(corpus)
	rep, err := v.Validate(context.Background(), sample, "inti", 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Catalogues) != 2 || !bytes.Contains([]byte(rep.Catalogues[1]), []byte("INT-I")) {
		t.Fatalf("catalogues %v", rep.Catalogues)
	}
	if _, err := v.Validate(context.Background(), sample, "../../conformance/testdata/profiles/partner.json", 2); err != nil {
		t.Fatalf("JSON profile: %v", err)
	}
	if _, err := v.Validate(context.Background(), sample, "no-such-profile", 2); !errors.Is(err, ErrUnknownProfile) {
		t.Fatalf("unknown profile: %v", err)
	}
}

// TestConfigPolicies: a partner's policy is read inline or from a file
// beside the configuration, checked against the policy schema, and must
// name the partner.
func TestConfigPolicies(t *testing.T) {
	dir := t.TempDir()
	pol := `{"partner": "a", "submit": {"transactionTypes": ["*"], "recordTypes": [2]},
	  "read": {"transactionTypes": ["*"], "recordTypes": [2], "type2Fields": [18]}, "retentionDays": 7}`
	if err := os.WriteFile(filepath.Join(dir, "a.policy.json"), []byte(pol), 0o600); err != nil {
		t.Fatal(err)
	}
	conf := func(policy string) string {
		return `{"issuers": [{"name": "x", "jwks": {"keys": []}}], "partners": [
		  {"name": "a", "issuer": "x", "scopes": [], "receive": {"format": "an2"}, "policy": ` + policy + `},
		  {"name": "b", "issuer": "x", "scopes": [], "receive": {"format": "an2"}}]}`
	}
	name := filepath.Join(dir, "partners.json")
	for _, p := range []string{`"a.policy.json"`, pol} {
		os.WriteFile(name, []byte(conf(p)), 0o600)
		c, err := LoadConfig(name)
		if err != nil {
			t.Fatalf("policy %s: %v", p, err)
		}
		if c.Policy("a") == nil || c.Policy("a").RetentionDays != 7 || c.Policy("b") != nil {
			t.Errorf("policy %s: %+v", p, c.Policy("a"))
		}
	}
	for _, p := range []string{`"no-such.json"`, `{"partner": "a"}`, strings.Replace(pol, `"partner": "a"`, `"partner": "b"`, 1), `7`} {
		os.WriteFile(name, []byte(conf(p)), 0o600)
		if _, err := LoadConfig(name); err == nil {
			t.Errorf("policy %s accepted", p)
		}
	}
}
