package api

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/biogate/biogate/store"
)

// unmappedPartners: src sends; dst reads 2011 XML under a policy that
// removes nothing from testdata/sample.an2 (all its record types, every
// Type-2 field).
const unmappedPartners = `{
  "issuers": [{"name": "test-issuer", "jwks": %s}],
  "partners": [
    {"name": "src", "issuer": "test-issuer", "scopes": ["submit", "read", "convert"], "agencies": ["YY0000002"], "receive": {"format": "an2"}},
    {"name": "dst", "issuer": "test-issuer", "scopes": ["read"], "agencies": ["XX0000001"], "receive": {"format": "xml", "dialect": "2011"},
     "policy": {"partner": "dst", "submit": {"transactionTypes": [], "recordTypes": []},
                "read": {"transactionTypes": ["*"], "recordTypes": [2, 4, 14], "type2Fields": "*"}, "retentionDays": 30}}
  ]
}`

// TestRoutesDiscloseNoUnmapped: through GET /v1/transactions/{id} and
// /v1/inbox/{id}, a reader with a policy never gets an XML element that
// maps to no field number, and /meta does not give it the original's
// figures.
func TestRoutesDiscloseNoUnmapped(t *testing.T) {
	e := startEnv(t, &envOptions{partners: unmappedPartners})
	src, dst := e.token(t, "src"), e.token(t, "dst")
	an2, err := os.ReadFile("../testdata/sample.an2")
	if err != nil {
		t.Fatal(err)
	}
	x := e.do(t, "POST", "/v1/convert?to=xml&dialect=2011", src, an2).expect(t, "convert", 200).body
	const secret = "<nc:PersonSurName>HIDDENNAME</nc:PersonSurName>"
	doc := bytes.Replace(x, []byte("<itl:PackageDescriptiveTextRecord>"), []byte("<itl:PackageDescriptiveTextRecord>"+secret), 1)
	if bytes.Equal(doc, x) {
		t.Fatal("no Type-2 record element to put the surname in")
	}
	var tr store.Transaction
	e.do(t, "POST", "/v1/transactions", src, doc).expect(t, "submit", 201).json(t, &tr)
	for _, path := range []string{"/v1/transactions/" + tr.ID, "/v1/inbox/" + tr.ID} {
		r := e.do(t, "GET", path, dst, nil).expect(t, path, 200)
		if bytes.Contains(r.body, []byte("HIDDENNAME")) {
			t.Errorf("%s gives dst the unmapped surname", path)
		}
		if !strings.Contains(strings.Join(r.header.Values("X-Biogate-Removed"), " "), "as received") && path != "/v1/inbox/"+tr.ID {
			t.Errorf("%s: X-Biogate-Removed %q does not say the original was withheld", path, r.header.Values("X-Biogate-Removed"))
		}
	}
	var m store.Transaction
	e.do(t, "GET", "/v1/transactions/"+tr.ID+"/meta", dst, nil).expect(t, "meta", 200).json(t, &m)
	if m.SHA256 == tr.SHA256 || m.Size == len(doc) {
		t.Errorf("meta gives dst the original's figures %d %s", m.Size, m.SHA256)
	}
	if r := e.do(t, "GET", "/v1/transactions/"+tr.ID, src, nil).expect(t, "sender's read", 200); !bytes.Equal(r.body, doc) {
		t.Error("the sender, without a policy, does not get its bytes back")
	}
}
