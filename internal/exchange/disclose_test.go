package exchange

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/biogate/biogate/store"
)

// discloseConfig: src sends, dst receives 2011-dialect XML under a
// policy with the Type-2 fields given (`"*"` removes nothing).
func discloseConfig(t *testing.T, type2 string) *Config {
	t.Helper()
	c, err := ParseConfig([]byte(`{
	  "issuers": [{"name": "test", "jwks": {"keys": []}}],
	  "partners": [
	    {"name": "src", "issuer": "test", "scopes": ["submit", "read"], "agencies": ["YY0000002"], "receive": {"format": "xml", "dialect": "2011"}},
	    {"name": "dst", "issuer": "test", "scopes": ["read"], "agencies": ["XX0000001"], "receive": {"format": "xml", "dialect": "2011"},
	     "policy": {"partner": "dst", "submit": {"transactionTypes": [], "recordTypes": []},
	                "read": {"transactionTypes": ["*"], "recordTypes": [2, 4, 14], "type2Fields": ` + type2 + `}, "retentionDays": 30}}
	  ]}`))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

const surname = "SECRETSURNAME"

// xmlWithUnmapped is testdata/sample.an2 as 2011 XML with an
// nc:PersonSurName in its Type-2 record, where no field number maps it.
func xmlWithUnmapped(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../../testdata/sample.an2")
	if err != nil {
		t.Fatal(err)
	}
	out, err := Convert(context.Background(), b, ConvertOptions{To: "xml", Dialect: "2011"})
	if err != nil {
		t.Fatal(err)
	}
	const open = "<itl:PackageDescriptiveTextRecord>"
	i := bytes.Index(out.Body, []byte(open))
	if i < 0 {
		t.Fatalf("no %s in the XML", open)
	}
	i += len(open)
	doc := append(append(append([]byte(nil), out.Body[:i]...), "<nc:PersonSurName>"+surname+"</nc:PersonSurName>"...), out.Body[i:]...)
	l, err := loadTransaction(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	dropped := false
	for _, n := range l.notes {
		dropped = dropped || strings.Contains(n.Msg, "PersonSurName")
	}
	if !dropped {
		t.Fatalf("the decoder maps nc:PersonSurName here (notes %v): the test needs an unmapped element", l.notes)
	}
	return doc
}

// TestDiscloseUnmapped: a reader whose policy removes nothing must still
// never get what no field number covers, on any read path; a policy
// tightened after delivery holds for the inbox; /meta and the listing
// give the original's size and hash only to who sees it whole.
func TestDiscloseUnmapped(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	svc := New(st, discloseConfig(t, `"*"`))
	doc := xmlWithUnmapped(t)
	src, dst := Caller{Partner: "src"}, Caller{Partner: "dst"}
	tr, err := svc.Submit(ctx, src, doc)
	if err != nil {
		t.Fatal(err)
	}
	if d := tr.Deliveries[0]; d.State != store.Delivered {
		t.Fatalf("delivery %+v", d)
	}

	// (a) As received, converted, and through the inbox.
	reads := map[string]func(s *Service) (*Output, error){
		"get": func(s *Service) (*Output, error) { return s.Get(ctx, dst, tr.ID, ReadOptions{}) },
		"get xml": func(s *Service) (*Output, error) {
			return s.Get(ctx, dst, tr.ID, ReadOptions{To: "xml", Dialect: "2011"})
		},
		"get an2":     func(s *Service) (*Output, error) { return s.Get(ctx, dst, tr.ID, ReadOptions{To: "an2"}) },
		"inbox entry": func(s *Service) (*Output, error) { return s.InboxGet(ctx, dst, tr.ID) },
	}
	for name, read := range reads {
		out, err := read(svc)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if bytes.Contains(out.Body, []byte(surname)) {
			t.Errorf("%s: the reader gets the unmapped nc:PersonSurName its policy does not cover", name)
		}
		if !bytes.Contains(out.Body, []byte("MÜLLER")) {
			t.Errorf("%s: 2.018, which the policy allows, is missing", name)
		}
	}
	own, err := svc.Get(ctx, src, tr.ID, ReadOptions{})
	if err != nil || !bytes.Equal(own.Body, doc) {
		t.Errorf("the sender (no policy) does not get its bytes back: %v", err)
	}

	// (c) Figures.
	sum := func(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }
	orig := sum(doc)
	m, err := svc.Meta(ctx, dst, tr.ID)
	if err != nil {
		t.Fatal(err)
	}
	view, _ := svc.Get(ctx, dst, tr.ID, ReadOptions{})
	if m.SHA256 == orig || m.Size == len(doc) || m.SHA256 != sum(view.Body) || m.Size != len(view.Body) {
		t.Errorf("meta for dst: size %d sha %s; want its view's %d %s, not the original's %d %s",
			m.Size, m.SHA256, len(view.Body), sum(view.Body), len(doc), orig)
	}
	if m, _ := svc.Meta(ctx, src, tr.ID); m.SHA256 != orig || m.Size != len(doc) {
		t.Errorf("meta for the sender: %d %s, want the original's", m.Size, m.SHA256)
	}
	page, err := svc.List(ctx, dst, "", 0)
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("list: %v %v", page, err)
	}
	if it := page.Items[0]; it.SHA256 != "" || it.Size != 0 {
		t.Errorf("the listing shows dst the original's figures %d %s", it.Size, it.SHA256)
	}

	// (b) The policy is tightened after the delivery: 2.018 no longer.
	tight := New(st, discloseConfig(t, "[22]"))
	for name, read := range reads {
		out, err := read(tight)
		if err != nil {
			t.Fatalf("%s after tightening: %v", name, err)
		}
		if bytes.Contains(out.Body, []byte("MÜLLER")) {
			t.Errorf("%s after tightening: 2.018 is still served", name)
		}
		if !strings.Contains(strings.Join(out.Removed, "; "), "2.018") {
			t.Errorf("%s after tightening: Removed %q does not name 2.018", name, out.Removed)
		}
	}
}
